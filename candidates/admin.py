"""Terms, bodies and quota targets are reference data that administrators edit here.

Candidacies are recorded and moved on the app's pages, through the services that write their history:
here they can be read and their notes and nominating organisation corrected, never added, moved or
deleted. Stage changes are read-only everywhere.
"""

from django.contrib import admin

from candidates.models import Body, Candidacy, CandidateImport, QuotaTarget, StageChange, Term


class AdministratorsOnly:
    """Administrators (the role, not only superusers) manage this reference data without Django groups."""

    def _is_administrator(self, request) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and getattr(user, "is_administrator", False))

    def has_module_permission(self, request):
        return self._is_administrator(request)

    def has_view_permission(self, request, obj=None):
        return self._is_administrator(request)

    def has_add_permission(self, request):
        return self._is_administrator(request)

    def has_change_permission(self, request, obj=None):
        return self._is_administrator(request)

    def has_delete_permission(self, request, obj=None):
        return self._is_administrator(request)


@admin.register(Term)
class TermAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["name", "kind", "start_year", "end_year", "election_date"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Body)
class BodyAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["name", "kind", "level", "unit", "province", "seats", "abolished_on"]
    list_filter = ["kind", "level", ("abolished_on", admin.EmptyFieldListFilter), "province"]
    search_fields = ["name", "search_key"]
    list_select_related = ["unit", "province"]
    autocomplete_fields = ["unit", "organisation"]
    readonly_fields = ["province"]


@admin.register(QuotaTarget)
class QuotaTargetAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = [
        "body_kind",
        "level",
        "term",
        "metric",
        "threshold",
        "legal_source",
        "valid_from",
        "valid_until",
    ]
    list_filter = ["body_kind", "metric"]
    list_select_related = ["term"]
    search_fields = ["legal_source", "notes"]


class StageChangeInline(admin.TabularInline):
    model = StageChange
    fields = ["on_date", "from_stage", "to_stage", "move", "reason", "changed_by", "recorded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Candidacy)
class CandidacyAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["person", "body", "term", "stage", "stage_since", "province"]
    list_filter = ["term", "stage", "body__kind", "province"]
    search_fields = ["person__search_key", "body__search_key"]
    list_select_related = ["person", "body", "term", "province"]
    fields = ["person", "body", "term", "stage", "stage_since", "province", "nominated_by", "notes"]
    readonly_fields = ["person", "body", "term", "stage", "stage_since", "province"]
    autocomplete_fields = ["nominated_by"]
    inlines = [StageChangeInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StageChange)
class StageChangeAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ["candidacy", "on_date", "from_stage", "to_stage", "move", "changed_by", "recorded_at"]
    list_filter = ["move", "to_stage"]
    list_select_related = ["candidacy__person", "candidacy__body", "candidacy__term", "changed_by"]
    search_fields = ["candidacy__person__search_key", "reason"]
    date_hierarchy = "on_date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CandidateImport)
class CandidateImportAdmin(AdministratorsOnly, admin.ModelAdmin):
    """Imports are made on the candidates' pages; here they can be read."""

    list_display = ["filename", "term", "province", "status", "uploaded_by", "uploaded_at", "committed_at"]
    list_filter = ["status", "term", "province"]
    list_select_related = ["term", "province", "uploaded_by"]
    search_fields = ["filename", "sha256"]
    readonly_fields = [
        "term",
        "body",
        "province",
        "uploaded_by",
        "uploaded_at",
        "file",
        "filename",
        "sha256",
        "status",
        "mapping",
        "counts",
        "skipped_rows",
        "committed_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
