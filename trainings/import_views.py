"""Pages of the attendee import of a course: upload and history, preview and mapping, commit, files.

Access: the course and its batches are read through `visible_to` (another province's course or batch is a
404, file and error report included); changing needs `course_can_be_changed_by` (403 otherwise, e.g. an
officer on a national course she may read). The template and the participants export need only read
access to the course.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from directory.importing.headers import IGNORE
from directory.importing.issues import SpreadsheetError
from directory.importing.pipeline import parse_sheet
from trainings import services
from trainings.imports.commit import (
    ImportRefused,
    batch_preview,
    import_commit,
    import_discard,
    import_set_mapping,
    import_upload,
)
from trainings.imports.fields import ATTENDEE_FIELDS, ATTENDEE_VOCABULARY
from trainings.imports.files import XLSX, attendee_template, error_report
from trainings.imports.preview import RowOutcome, read_attendee_sheet, stored_message
from trainings.models import Course, Enrolment, ImportBatch
from trainings.resources import export_participants

ROWS_PER_PAGE = 100
_SHOW = {
    "all": gettext_lazy("All rows"),
    "problems": gettext_lazy("Rows with errors"),
    "notes": gettext_lazy("Rows with repairs or notes"),
    **{
        str(outcome): label
        for outcome, label in (
            (RowOutcome.NEW, gettext_lazy("New people")),
            (RowOutcome.MATCHED, gettext_lazy("Already recorded")),
            (RowOutcome.UPDATED, gettext_lazy("Blanks filled in")),
            (RowOutcome.ALREADY_ENROLLED, gettext_lazy("Already enrolled")),
            (RowOutcome.SKIPPED, gettext_lazy("Skipped")),
        )
    },
}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Attendee list"),
        help_text=gettext_lazy("An Excel (.xlsx, .xls), OpenDocument (.ods) or CSV file."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,.xls,.ods,.csv,.txt", "data-testid": "import-file"}
        ),
    )


def _field_choices() -> list[tuple[str, str]]:
    return [(IGNORE, _("— ignore this column —"))] + [
        (field_key, ATTENDEE_VOCABULARY.label(field_key)) for field_key in ATTENDEE_VOCABULARY.fields
    ]


class MappingForm(forms.Form):
    """A select per column of the sheet: the field it feeds, or ignore."""

    def __init__(self, *args, header, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _field_choices()
        self.columns = header.columns
        for column in header.columns:
            self.fields[f"col_{column.letter}"] = forms.ChoiceField(
                label=f"{column.letter} · {column.header or '–'}",
                choices=choices,
                initial=column.field or IGNORE,
                widget=forms.Select(attrs={"data-testid": f"mapping-{column.letter}"}),
            )

    def clean(self):
        data = super().clean()
        taken: dict[str, str] = {}
        for column in self.columns:
            field_key = data.get(f"col_{column.letter}")
            if not field_key or field_key == IGNORE:
                continue
            if field_key in taken:
                raise forms.ValidationError(
                    _("Columns %(first)s and %(second)s are both mapped to the %(field)s: choose one.")
                    % {
                        "first": taken[field_key],
                        "second": column.letter,
                        "field": ATTENDEE_VOCABULARY.label(field_key),
                    }
                )
            taken[field_key] = column.letter
        return data

    @property
    def mapping(self) -> dict[str, str]:
        return {column.letter: self.cleaned_data[f"col_{column.letter}"] for column in self.columns}

    def rows(self):
        return [(column, self[f"col_{column.letter}"]) for column in self.columns]


def _get_course_for_user(request: HttpRequest, pk: int) -> Course:
    return get_object_or_404(
        Course.objects.visible_to(request.user).select_related("programme", "province"), pk=pk
    )


def _get_rw_course_for_user(request: HttpRequest, pk: int) -> Course:
    course = _get_course_for_user(request, pk)
    if not services.course_can_be_changed_by(course=course, actor=request.user):
        raise PermissionDenied
    return course


def _get_batch_for_user(request: HttpRequest, course_pk: int, pk: int) -> ImportBatch:
    queryset = ImportBatch.objects.visible_to(request.user).select_related(
        "course", "course__programme", "course__province", "uploaded_by", "committed_by"
    )
    return get_object_or_404(queryset, pk=pk, course_id=course_pk)


def _get_rw_batch_for_user(request: HttpRequest, course_pk: int, pk: int) -> ImportBatch:
    batch = _get_batch_for_user(request, course_pk, pk)
    if not services.course_can_be_changed_by(course=batch.course, actor=request.user):
        raise PermissionDenied
    return batch


@require_http_methods(["GET", "POST"])
def import_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The upload form and the history of the course's imports."""
    course = _get_course_for_user(request, pk)
    can_change = services.course_can_be_changed_by(course=course, actor=request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            result = import_upload(course=course, file=form.cleaned_data["file"], actor=request.user)
            if result.error is None:
                return redirect(result.batch)
            form.add_error("file", result.error.message)
    batches = (
        ImportBatch.objects.visible_to(request.user)
        .filter(course=course)
        .select_related("uploaded_by", "committed_by")
        .order_by("-uploaded_at", "-pk")
    )
    context = {
        "course": course,
        "form": form,
        "can_change": can_change,
        "page": Paginator(batches, settings.PAGINATE_BY).get_page(request.GET.get("page")),
        "max_mb": settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024),
        "max_rows": settings.IMPORT_MAX_ROWS,
    }
    return render(request, "trainings/imports/import_list.html", context)


@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, pk: int, batch_pk: int) -> HttpResponse:
    batch = _get_batch_for_user(request, pk, batch_pk)
    course = batch.course
    can_change = services.course_can_be_changed_by(course=course, actor=request.user)
    context = {"course": course, "batch": batch, "can_change": can_change}
    if batch.status != ImportBatch.Status.PREVIEWED:
        context["skipped"] = [
            {"row": entry["row"], "messages": [stored_message(problem) for problem in entry["problems"]]}
            for entry in batch.skipped_rows
        ]
        if batch.error:
            context["error_message"] = stored_message(batch.error["problems"][0])
        return render(request, "trainings/imports/import_result.html", context)

    try:
        preview = batch_preview(batch=batch, actor=request.user)
    except SpreadsheetError as error:
        context["error_message"] = error.message
        return render(request, "trainings/imports/import_result.html", context)
    mapping_form = MappingForm(request.POST or None, header=preview.sheet.header)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if mapping_form.is_valid():
            import_set_mapping(batch=batch, mapping=mapping_form.mapping, actor=request.user)
            messages.success(request, _("The column mapping has been applied."))
            return redirect(batch)

    show = request.GET.get("show", "problems" if preview.has_errors else "all")
    show = show if show in _SHOW else "all"
    rows = preview.rows
    if show == "problems":
        rows = preview.error_rows
    elif show == "notes":
        rows = [row for row in rows if row.repairs or row.notes]
    elif show != "all":
        rows = [row for row in rows if row.outcome == show]
    context.update(
        preview=preview,
        counts=preview.counts,
        mapping_form=mapping_form,
        show=show,
        show_choices=list(_SHOW.items()),
        page=Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page")),
        field_labels={key: ATTENDEE_VOCABULARY.label(key) for key in ATTENDEE_VOCABULARY.fields},
        role_labels=dict(Enrolment.Role.choices),
    )
    return render(request, "trainings/imports/import_preview.html", context)


@require_POST
def import_commit_view(request: HttpRequest, pk: int, batch_pk: int) -> HttpResponse:
    batch = _get_rw_batch_for_user(request, pk, batch_pk)
    skip_errors = request.POST.get("skip_errors") == "on"
    try:
        preview = import_commit(batch=batch, actor=request.user, skip_errors=skip_errors)
    except ImportRefused as error:
        messages.error(request, error.message)
        return redirect(batch)
    counts = preview.counts
    messages.success(
        request,
        _("%(enrolled)d people have been enrolled (%(new)d new in the directory).")
        % {"enrolled": counts["to_enrol"], "new": counts["new"]},
    )
    return redirect(batch)


@require_POST
def import_discard_view(request: HttpRequest, pk: int, batch_pk: int) -> HttpResponse:
    batch = _get_rw_batch_for_user(request, pk, batch_pk)
    import_discard(batch=batch, actor=request.user)
    messages.success(request, _("The list has been discarded: nothing was imported."))
    return redirect("trainings:import_list", pk=batch.course_id)


@require_GET
def import_file(request: HttpRequest, pk: int, batch_pk: int) -> FileResponse:
    batch = _get_batch_for_user(request, pk, batch_pk)
    if not batch.file:
        raise Http404
    return FileResponse(batch.file.open("rb"), as_attachment=True, filename=batch.original_filename)


@require_GET
def import_error_report(request: HttpRequest, pk: int, batch_pk: int) -> HttpResponse:
    batch = _get_batch_for_user(request, pk, batch_pk)
    if not batch.file:
        raise Http404
    if batch.status == ImportBatch.Status.PREVIEWED:
        preview = batch_preview(batch=batch, actor=request.user)
        raw, sheet, problems = preview.raw, preview.sheet, preview.problems_json()
    else:
        with batch.file.open("rb") as stored:
            data = stored.read()
        raw = read_attendee_sheet(data, filename=batch.original_filename, max_bytes=len(data), max_rows=10**7)
        sheet = parse_sheet(raw, mapping=batch.mapping or None, extra_fields=ATTENDEE_FIELDS)
        problems = batch.problems
    content = error_report(raw=raw, sheet=sheet, problems=problems)
    stem = batch.original_filename.rsplit(".", 1)[0]
    filename = f"{slugify(stem) or 'list'}-{slugify(_('problems'))}.xlsx"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def import_template(request: HttpRequest, pk: int) -> HttpResponse:
    course = _get_course_for_user(request, pk)
    response = HttpResponse(attendee_template(), content_type=XLSX)
    name = slugify(course.code or course.title)[:40] or "course"
    response["Content-Disposition"] = f'attachment; filename="{name}-template.xlsx"'
    return response


@require_GET
def participants_export(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    if file_format not in ("xlsx", "csv"):
        raise Http404
    course = _get_course_for_user(request, pk)
    enrolments = Enrolment.objects.visible_to(request.user).filter(course=course)
    content = export_participants(enrolments, file_format, user=request.user)
    content_type = "text/csv; charset=utf-8" if file_format == "csv" else XLSX
    response = HttpResponse(content, content_type=content_type)
    name = slugify(course.code or course.title)[:40] or "course"
    response["Content-Disposition"] = f'attachment; filename="{name}-participants.{file_format}"'
    return response
