from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from audit.services import log_access
from audit.subject import may_export_person_data, person_data_json
from directory.filters import PersonFilter
from directory.forms import PersonForm
from directory.models import Person
from directory.privacy import log_full_access, person_identity
from directory.services import person_save


def _get_person_for_user(request: HttpRequest, pk: int) -> Person:
    """Another province's person is a 404: an officer cannot even learn that the record exists."""
    return get_object_or_404(Person.objects.visible_to(request.user), pk=pk)


def person_list(request: HttpRequest) -> HttpResponse:
    people = Person.objects.visible_to(request.user).select_related(
        "province", "organisation", "ethnic_group"
    )
    person_filter = PersonFilter(request.GET, queryset=people, user=request.user)
    page = Paginator(person_filter.qs, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    return render(request, "directory/person_list.html", {"filter": person_filter, "page": page})


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _get_person_for_user(request, pk)
    identity = person_identity(person, user=request.user)
    if not identity.masked and person.citizen_id:
        log_full_access(user=request.user, person=person, where="person_detail")
    return render(
        request,
        "directory/person_detail.html",
        {
            "person": person,
            "identity": identity,
            "can_export": may_export_person_data(person=person, user=request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        person = person_save(person=form.instance, actor=request.user)
        messages.success(request, _("%(name)s has been added.") % {"name": person.full_name})
        return redirect(person)
    return render(request, "directory/person_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _get_person_for_user(request, pk)
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    identity = person_identity(person, user=request.user)
    if identity.masked:
        # The form would show them in full: a user who sees them masked can neither read nor change them.
        form.fields.pop("citizen_id", None)
        form.fields.pop("birth_date", None)
    if request.method == "POST" and form.is_valid():
        person_save(person=form.instance, actor=request.user)
        messages.success(request, _("The changes have been saved."))
        return redirect(person)
    if not identity.masked and person.citizen_id:
        log_full_access(user=request.user, person=person, where="person_edit")
    return render(
        request, "directory/person_form.html", {"form": form, "person": person, "identity": identity}
    )


@require_GET
def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held about one person, as JSON, for a data-subject request; the export is audited."""
    person = _get_person_for_user(request, pk)
    if not may_export_person_data(person=person, user=request.user):
        raise PermissionDenied
    content = person_data_json(person)
    log_access(person, actor=request.user, what="export", where="person_export")
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    return response
