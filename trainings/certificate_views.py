"""Certificates: download one, or a whole course's (scoped exactly like the course), and verify one.

Downloads go through `visible_to(user)`: another province's enrolment or course is a 404. The first download
of a completed enrolment's certificate issues its number. Verification is public (no login), reached by
the QR code printed on the certificate, and shows only the name, the course and its dates.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from directory.text import fold
from trainings.certificate_forms import CertificateNumberForm
from trainings.certificates import (
    certificate_issue,
    certificate_lookup,
    certificate_pdf,
    course_certificates_pdf,
    normalise_certificate_number,
)
from trainings.models import Course, Enrolment
from trainings.services import TrainingRuleError


def _get_enrolment_for_user(request: HttpRequest, pk: int) -> Enrolment:
    queryset = Enrolment.objects.visible_to(request.user).select_related("course", "person")
    return get_object_or_404(queryset, pk=pk)


def _get_course_for_user(request: HttpRequest, pk: int) -> Course:
    return get_object_or_404(Course.objects.visible_to(request.user), pk=pk)


def _back(request: HttpRequest, course: Course) -> HttpResponse:
    """Back to the page the download was asked from (`next`, else the referring page), else the course."""
    for target in (request.GET.get("next"), request.headers.get("referer")):
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(target)
    return redirect(course)


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    # Personal data: not to be kept by shared caches or the browser's cache.
    response["Cache-Control"] = "private, no-store"
    return response


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@require_GET
def certificate_download(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _get_enrolment_for_user(request, pk)
    try:
        certificate_issue(enrolment=enrolment, actor=request.user)
        pdf = certificate_pdf(enrolment=enrolment, site_url=_site_url(request))
    except TrainingRuleError as error:
        messages.error(request, error.message)
        return _back(request, enrolment.course)
    return _pdf_response(pdf, f"giay-chung-nhan-{enrolment.certificate_number}.pdf")


@require_GET
def course_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    course = _get_course_for_user(request, pk)
    try:
        pdf = course_certificates_pdf(course=course, actor=request.user, site_url=_site_url(request))
    except TrainingRuleError as error:
        messages.error(request, error.message)
        return _back(request, course)
    name = slugify(fold(course.title))[:60].strip("-") or str(course.pk)
    return _pdf_response(pdf, f"giay-chung-nhan-{name}.pdf")


def _public(response: HttpResponse) -> HttpResponse:
    # The page names a person: search engines must not list it.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_not_required
@require_GET
def verify_form(request: HttpRequest) -> HttpResponse:
    form = CertificateNumberForm(request.GET or None)
    if form.is_valid():
        return redirect("certificates:verify", number=form.cleaned_data["number"])
    return _public(render(request, "trainings/certificates/verify_form.html", {"form": form}))


@login_not_required
@require_GET
def verify(request: HttpRequest, number: str) -> HttpResponse:
    canonical = normalise_certificate_number(number)
    if canonical and canonical != number:
        return redirect("certificates:verify", number=canonical)
    certificate = certificate_lookup(number)
    form = CertificateNumberForm(initial={"number": number})
    if certificate is None:
        context = {"number": number, "form": form}
        return _public(render(request, "trainings/certificates/not_found.html", context, status=404))
    context = {"certificate": certificate, "form": form}
    status = 200 if certificate.valid else 410
    return _public(render(request, "trainings/certificates/verify.html", context, status=status))
