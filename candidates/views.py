from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from candidates.forms import CandidacyForm, StageChangeForm
from candidates.models import Candidacy, Term
from candidates.selectors import (
    candidacy_filter,
    candidacy_history,
    candidacy_rows,
    counts_as_training,
    default_term,
    other_candidacies,
    pipeline_funnel,
    training_history,
)
from candidates.services import (
    CandidacyRuleError,
    candidacy_advance,
    candidacy_can_be_changed_by,
    candidacy_create,
    quota_compliance,
)
from directory.models import AdministrativeUnit, Person
from directory.privacy import log_full_list_access, log_record_view, sees_full_personal_data
from directory.scoping import user_has_national_scope

# Parameters of the list that the pipeline's links set themselves.
_ROW_PARAMETERS = ("page", "stage", "reached", "gender")


def _get_candidacy_for_user(request: HttpRequest, pk: int) -> Candidacy:
    """Another province's candidacy is a 404: an officer cannot even learn that it exists."""
    return get_object_or_404(
        Candidacy.objects.visible_to(request.user).select_related(
            "person",
            "person__ethnic_group",
            "person__organisation",
            "body",
            "term",
            "nominated_by",
            "province",
        ),
        pk=pk,
    )


def _with_default_term(request: HttpRequest) -> QueryDict:
    data = request.GET.copy()
    if not data.get("term"):
        term = default_term(user=request.user)
        if term is not None:
            data["term"] = str(term.pk)
    return data


def pipeline(request: HttpRequest) -> HttpResponse:
    data = _with_default_term(request)
    pipeline_filter = candidacy_filter(user=request.user, data=data, pipeline=True)
    funnel = pipeline_funnel(candidacies=pipeline_filter.qs) if pipeline_filter.is_valid() else None
    base = data.copy()
    for key in _ROW_PARAMETERS:
        base.pop(key, None)
    return render(
        request,
        "candidates/pipeline.html",
        {
            "filter": pipeline_filter,
            "funnel": funnel,
            "list_query": base.urlencode(),
            "trained_filter": data.get("trained", ""),
            "term": pipeline_filter.form.cleaned_data.get("term") if funnel is not None else None,
        },
    )


def candidacy_list(request: HttpRequest) -> HttpResponse:
    list_filter = candidacy_filter(user=request.user, data=request.GET)
    rows = candidacy_rows(list_filter.qs)
    page = Paginator(rows, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    people = [row.person for row in page]
    log_full_list_access(user=request.user, people=people, where="candidacy_list")
    # The note on masked data shows when any row of the page is masked: an officer sees her province's
    # people in full, but a candidacy of her province may be of someone recorded elsewhere.
    full = sees_full_personal_data(request.user) and all(
        sees_full_personal_data(request.user, person) for person in people
    )
    context = {"filter": list_filter, "page": page, "full_personal_data": full}
    return render(request, "candidates/candidacy_list.html", context)


def candidacy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidacy = _get_candidacy_for_user(request, pk)
    log_record_view(user=request.user, record=candidacy, person=candidacy.person, where="candidacy_detail")
    return render(request, "candidates/candidacy_detail.html", _detail_context(request, candidacy))


def _detail_context(request: HttpRequest, candidacy: Candidacy, form: StageChangeForm | None = None) -> dict:
    enrolments = list(training_history(person=candidacy.person))
    return {
        "candidacy": candidacy,
        "history": candidacy_history(candidacy=candidacy),
        "other_candidacies": other_candidacies(candidacy=candidacy, user=request.user),
        "enrolments": [(enrolment, counts_as_training(enrolment)) for enrolment in enrolments],
        "can_change": candidacy_can_be_changed_by(candidacy=candidacy, actor=request.user)
        and (not candidacy.is_closed or request.user.is_administrator),
        "form": form or StageChangeForm(candidacy=candidacy),
        "full_personal_data": sees_full_personal_data(request.user, candidacy.person),
    }


@require_http_methods(["GET", "POST"])
def candidacy_advance_view(request: HttpRequest, pk: int) -> HttpResponse:
    candidacy = _get_candidacy_for_user(request, pk)
    if not candidacy_can_be_changed_by(candidacy=candidacy, actor=request.user):
        raise PermissionDenied
    form = StageChangeForm(request.POST or None, candidacy=candidacy)
    if request.method == "POST" and form.is_valid():
        try:
            change = candidacy_advance(
                candidacy=candidacy,
                to_stage=form.cleaned_data["to_stage"],
                reason=form.cleaned_data["reason"],
                on_date=form.cleaned_data["on_date"],
                actor=request.user,
            )
        except CandidacyRuleError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("%(name)s is now at the stage “%(stage)s”.")
                % {"name": candidacy.person.full_name, "stage": change.get_to_stage_display()},
            )
            return redirect(candidacy)
    return render(request, "candidates/candidacy_advance.html", {"candidacy": candidacy, "form": form})


@require_http_methods(["GET", "POST"])
def candidacy_create_view(request: HttpRequest) -> HttpResponse:
    """Find the person (a search, no script needed), then record her candidacy."""
    people = Person.objects.visible_to(request.user)
    person_id = request.POST.get("person") or request.GET.get("person")
    person = get_object_or_404(people, pk=person_id) if str(person_id or "").isdigit() else None
    if person is None:
        text = request.GET.get("q", "").strip()
        found = people.search(text).select_related("province").order_by("sort_key", "pk")[:20] if text else []
        return render(request, "candidates/candidacy_form.html", {"q": text, "found": found})

    form = CandidacyForm(request.POST or None, user=request.user, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            candidacy = candidacy_create(
                person=person,
                body=data["body"],
                term=data["term"],
                nominated_by=data["nominated_by"],
                stage=data["stage"],
                on_date=data["on_date"],
                notes=data["notes"],
                actor=request.user,
            )
        except CandidacyRuleError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("%(name)s has been recorded as a candidate for %(body)s.")
                % {"name": person.full_name, "body": candidacy.body.name},
            )
            return redirect(candidacy)
    return render(request, "candidates/candidacy_form.html", {"person": person, "form": form})


def quota_table(request: HttpRequest) -> HttpResponse:
    terms = list(Term.objects.all())
    term_id = request.GET.get("term")
    term = next((term for term in terms if str(term.pk) == term_id), None)
    if term is None:
        term = default_term(user=request.user)
    national = user_has_national_scope(request.user)
    provinces = (
        list(AdministrativeUnit.objects.current_provinces().order_by("search_key")) if national else []
    )
    province = next((unit for unit in provinces if str(unit.pk) == request.GET.get("province")), None)
    checks = quota_compliance(term=term, province=province, user=request.user) if term else []
    return render(
        request,
        "candidates/quota_table.html",
        {
            "terms": terms,
            "term": term,
            "provinces": provinces,
            "province": province if national else request.user.province,
            "checks": checks,
            "short_count": sum(1 for check in checks if check.status == check.SHORT),
        },
    )
