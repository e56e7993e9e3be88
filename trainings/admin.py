"""Admin pages for every trainings model, read through the same scoping as the site."""

from django.contrib import admin
from import_export.admin import ExportMixin

from trainings.models import (
    ActionPlan,
    Assignment,
    Attendance,
    Course,
    CourseTrainer,
    Enrolment,
    Feedback,
    ImportBatch,
    Milestone,
    Plan,
    Programme,
    Session,
)
from trainings.resources import ParticipantResource
from trainings.services import course_sync_sessions, resolve_course_province


class ScopedAdmin(admin.ModelAdmin):
    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(Programme)
class ProgrammeAdmin(ScopedAdmin):
    list_display = [
        "code",
        "name",
        "funder",
        "implementer",
        "province",
        "start_date",
        "end_date",
        "target_reach",
    ]
    list_filter = ["province"]
    search_fields = ["code", "name", "search_key"]
    list_select_related = ["funder", "implementer", "province"]
    autocomplete_fields = ["funder", "implementer", "province"]
    readonly_fields = ["created_at", "updated_at", "created_by"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["organisation", "course"]
    filter_horizontal = ["partners"]
    fields = ["organisation", "task", "course", "due_date", "status", "completed_on"]


@admin.register(Plan)
class PlanAdmin(ScopedAdmin):
    list_display = ["number", "title", "issued_on", "issuer", "province", "programme"]
    list_filter = ["province"]
    search_fields = ["number", "title", "search_key"]
    list_select_related = ["issuer", "province", "programme"]
    autocomplete_fields = ["issuer", "province", "programme"]
    readonly_fields = ["created_at", "updated_at", "created_by"]
    inlines = [AssignmentInline]


@admin.register(Assignment)
class AssignmentAdmin(ScopedAdmin):
    list_display = ["task", "organisation", "plan", "due_date", "status"]
    list_filter = ["status"]
    search_fields = ["task"]
    list_select_related = ["organisation", "plan"]
    autocomplete_fields = ["plan", "organisation", "course", "partners"]
    readonly_fields = ["created_at", "updated_at", "created_by"]


class CourseTrainerInline(admin.TabularInline):
    model = CourseTrainer
    extra = 0
    autocomplete_fields = ["person"]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ["number", "date", "part"]


@admin.register(Course)
class CourseAdmin(ScopedAdmin):
    list_display = ["title", "kind", "programme", "start_date", "end_date", "province", "status", "capacity"]
    list_filter = ["kind", "status", "province"]
    search_fields = ["title", "search_key", "venue"]
    date_hierarchy = "start_date"
    list_select_related = ["programme", "province"]
    autocomplete_fields = ["programme", "plan", "core_course", "unit", "organiser", "led_by"]
    readonly_fields = ["province", "created_at", "updated_at", "created_by"]
    inlines = [CourseTrainerInline, SessionInline]

    def save_model(self, request, obj, form, change):
        # The admin is for corrections; the province and the sessions still follow the course's data.
        obj.province = resolve_course_province(obj)
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not SessionInline.model.objects.filter(course=obj).exists():
            course_sync_sessions(course=obj)


@admin.register(CourseTrainer)
class CourseTrainerAdmin(ScopedAdmin):
    list_display = ["__str__", "role", "course", "credentials"]
    search_fields = ["name", "person__search_key", "credentials"]
    list_select_related = ["person", "course"]
    autocomplete_fields = ["course", "person"]


@admin.register(Session)
class SessionAdmin(ScopedAdmin):
    list_display = ["course", "number", "date", "part"]
    list_select_related = ["course"]
    autocomplete_fields = ["course"]


@admin.register(Enrolment)
class EnrolmentAdmin(ExportMixin, ScopedAdmin):
    # Export only: lists come in through the course's import page (trainings.imports), which repairs them.
    resource_classes = [ParticipantResource]
    list_display = [
        "person",
        "course",
        "role",
        "status",
        "alumna_of",
        "post_test_score",
        "certificate_number",
    ]
    list_filter = ["role", "status"]
    search_fields = ["person__search_key", "person__citizen_id", "course__search_key", "certificate_number"]
    list_select_related = ["person", "course"]
    autocomplete_fields = ["course", "person", "nominated_by", "invited_from"]
    readonly_fields = ["created_at", "updated_at", "created_by"]


@admin.register(Attendance)
class AttendanceAdmin(ScopedAdmin):
    list_display = ["enrolment", "session", "present"]
    list_filter = ["present"]
    list_select_related = ["enrolment__person", "enrolment__course", "session"]
    raw_id_fields = ["enrolment", "session"]


@admin.register(Feedback)
class FeedbackAdmin(ScopedAdmin):
    list_display = ["enrolment", "overall", "content", "trainers", "logistics", "usefulness", "submitted_at"]
    list_select_related = ["enrolment__person", "enrolment__course"]
    raw_id_fields = ["enrolment"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(ScopedAdmin):
    list_display = ["__str__", "enrolment", "updated_at"]
    list_select_related = ["enrolment__person", "enrolment__course"]
    raw_id_fields = ["enrolment"]
    readonly_fields = ["created_at", "updated_at", "created_by"]
    inlines = [MilestoneInline]


@admin.register(Milestone)
class MilestoneAdmin(ScopedAdmin):
    list_display = ["title", "action_plan", "due_date", "status"]
    list_filter = ["status"]
    list_select_related = ["action_plan__enrolment__person"]
    raw_id_fields = ["action_plan"]


@admin.register(ImportBatch)
class ImportBatchAdmin(ScopedAdmin):
    """The history of attendee imports, read-only: batches are made and committed by the import pages."""

    list_display = ["original_filename", "course", "status", "uploaded_by", "uploaded_at", "committed_at"]
    list_filter = ["status"]
    list_select_related = ["course", "uploaded_by"]
    search_fields = ["original_filename", "course__search_key", "sha256"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
