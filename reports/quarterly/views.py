"""The Reports pages: the archive, the form that asks for a report, a report's progress and its files."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from directory.models import AdministrativeUnit
from reports.models import ReportRun
from reports.periods import Period
from reports.quarterly.forms import ReportRequestForm
from reports.quarterly.services import ReportError, can_issue_reports, report_initial, report_run_request
from trainings.imports.files import XLSX

POLL_SECONDS = 2


def _get_report_for_user(request: HttpRequest, pk: int) -> ReportRun:
    """A report the user may read; another province's is a 404, as if it did not exist."""
    return get_object_or_404(
        ReportRun.objects.visible_to(request.user).select_related("province", "requested_by"), pk=pk
    )


def report_list(request: HttpRequest) -> HttpResponse:
    reports = ReportRun.objects.visible_to(request.user).select_related("province", "requested_by")
    return render(
        request,
        "reports/quarterly/report_list.html",
        {"reports": reports[:200], "can_issue": can_issue_reports(request.user)},
    )


def _initial_from_query(request: HttpRequest) -> dict:
    """The form's start: period, scope and language from the address (the dashboard's link), then the
    narrative and header the service prefills for them."""
    initial = {"language": request.GET.get("language") or request.LANGUAGE_CODE}
    if initial["language"] not in ReportRun.Language.values:
        initial["language"] = ReportRun.Language.VIETNAMESE
    period = None
    try:
        period = Period.parse(request.GET.get("period", ""))
        initial["period"] = period.code
    except (ValidationError, ValueError):  # a bad period in the address leaves the field empty
        period = None
    province = None
    if request.GET.get("province", "").isdigit():
        province = AdministrativeUnit.objects.current_provinces().filter(pk=request.GET["province"]).first()
        initial["province"] = province
    initial.update(report_initial(period=period, province=province, language=initial["language"]))
    return initial


@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    if not can_issue_reports(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = ReportRequestForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                run = report_run_request(
                    actor=request.user,
                    period=data.pop("period"),
                    province=data.pop("province"),
                    language=data.pop("language"),
                    **data,
                )
            except ReportError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("The report was asked for: its files appear on this page when ready.")
                )
                return redirect(run)
    else:
        form = ReportRequestForm(initial=_initial_from_query(request))
    return render(request, "reports/quarterly/report_form.html", {"form": form})


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _get_report_for_user(request, pk)
    return render(
        request,
        "reports/quarterly/report_detail.html",
        {"run": run, "poll_seconds": POLL_SECONDS, "can_issue": can_issue_reports(request.user)},
    )


def report_download(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    """The file as issued, after the same check as the report's page: never a public MEDIA address."""
    run = _get_report_for_user(request, pk)
    field = {"pdf": run.pdf, "xlsx": run.xlsx}.get(kind)
    if run.status != ReportRun.Status.DONE or not field:
        raise Http404
    scope = run.province.code if run.province else "national"
    filename = f"bao-cao-{run.period}-{scope}-v{run.version}-{run.language}.{kind}"
    return FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf" if kind == "pdf" else XLSX,
    )
