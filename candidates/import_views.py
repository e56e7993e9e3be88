"""The pages of the candidate list import: upload → preview (and column mapping) → commit; the history.

Every page reaches its import through `_get_import_for_user`: another province's import is a 404.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from candidates.forms import CandidateImportForm, ImportCommitForm, ImportMappingForm
from candidates.importing import (
    CandidateImportError,
    RowOutcome,
    candidate_import_commit,
    candidate_import_create,
    candidate_import_discard,
    mapping_choices,
    preview_batch,
    preview_candidates,
)
from candidates.models import CandidateImport
from directory.importing.issues import SpreadsheetError
from directory.importing.reading import read_upload
from directory.scoping import user_has_national_scope, user_province_id

PREVIEW_ROWS_PER_PAGE = 50


def _get_import_for_user(request: HttpRequest, pk: int) -> CandidateImport:
    """Another province's import is a 404: an officer cannot even learn that it exists."""
    return get_object_or_404(
        CandidateImport.objects.visible_to(request.user).select_related(
            "term", "body", "province", "uploaded_by"
        ),
        pk=pk,
    )


def _check_can_import(request: HttpRequest) -> None:
    if not (user_has_national_scope(request.user) or user_province_id(request.user)):
        raise PermissionDenied


def import_list(request: HttpRequest) -> HttpResponse:
    imports = CandidateImport.objects.visible_to(request.user).select_related(
        "term", "body", "province", "uploaded_by"
    )
    page = Paginator(imports, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    return render(request, "candidates/imports/import_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    _check_can_import(request)
    form = CandidateImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        term, body = form.cleaned_data["term"], form.cleaned_data["body"]
        try:
            # read_upload refuses an oversized upload before reading it; a file the reading layer
            # refuses is not stored.
            content, _name = read_upload(upload)
            preview_candidates(content, term=term, body=body, user=request.user, filename=upload.name)
        except SpreadsheetError as error:
            form.add_error("file", error.message)
        else:
            batch = candidate_import_create(
                content=content, filename=upload.name, term=term, body=body, actor=request.user
            )
            return redirect(batch)
    return render(request, "candidates/imports/import_upload.html", {"form": form})


@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _get_import_for_user(request, pk)
    error = None
    preview = None
    try:
        preview = preview_batch(batch, user=request.user)
    except SpreadsheetError as refused:
        error = refused.message
    mapping_form = None
    if preview is not None:
        columns = preview.sheet.header.columns
        mapping_form = ImportMappingForm(
            request.POST or None, columns=columns, choices=mapping_choices(preview)
        )
        if request.method == "POST":
            if batch.status != CandidateImport.Status.PREVIEWED:
                raise PermissionDenied
            if mapping_form.is_valid():
                batch.mapping = mapping_form.mapping()
                batch.save(update_fields=["mapping"])
                messages.success(request, _("The columns have been mapped as you chose."))
                return redirect(batch)
        elif batch.status == CandidateImport.Status.PREVIEWED and batch.counts != preview.counts:
            batch.counts = preview.counts
            batch.save(update_fields=["counts"])

    only_problems = request.GET.get("show") == "problems"
    rows = []
    if preview is not None:
        rows = [row for row in preview.rows if row.problems or row.repairs] if only_problems else preview.rows
    page = Paginator(rows, PREVIEW_ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "candidates/imports/import_preview.html",
        {
            "batch": batch,
            "preview": preview,
            "error": error,
            "mapping_form": mapping_form,
            "commit_form": ImportCommitForm(),
            "page": page,
            "only_problems": only_problems,
            "outcome_labels": RowOutcome.LABELS,
            "counts": preview.counts if preview else batch.counts,
        },
    )


@require_POST
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _get_import_for_user(request, pk)
    form = ImportCommitForm(request.POST)
    form.is_valid()
    try:
        batch = candidate_import_commit(
            batch=batch, actor=request.user, skip_errors=form.cleaned_data.get("skip_errors", False)
        )
    except CandidateImportError as error:
        messages.error(request, error.message)
        return redirect(batch)
    messages.success(
        request,
        _("%(count)d candidacies have been imported from %(file)s.")
        % {"count": batch.counts.get("created", 0), "file": batch.filename},
    )
    return redirect("candidates:import_list")


@require_POST
def import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _get_import_for_user(request, pk)
    candidate_import_discard(batch=batch)
    messages.success(request, _("The list %(file)s has been discarded.") % {"file": batch.filename})
    return redirect("candidates:import_list")


def import_file(request: HttpRequest, pk: int) -> FileResponse:
    batch = _get_import_for_user(request, pk)
    return FileResponse(batch.file.open("rb"), as_attachment=True, filename=batch.filename)
