"""Pages of programmes, plans, courses, cascades, enrolments, attendance, feedback and action plans.

Views parse input, call a service or a selector, and render. Access goes through the `_get_*_for_user`
helpers below: another province's object is a 404, so an officer cannot learn that it exists; a national
programme an officer may read but not change is a 403 on its edit page.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from directory.models import Person
from trainings import selectors, services
from trainings.filters import AssignmentFilter, CourseFilter, PlanFilter, ProgrammeFilter
from trainings.forms import (
    ActionPlanForm,
    AssignmentForm,
    AttendanceForm,
    CourseForm,
    CourseTrainerForm,
    EnrolExistingForm,
    EnrolmentForm,
    EnrolNewPersonForm,
    FeedbackForm,
    MilestoneFormSet,
    PlanForm,
    ProgrammeForm,
    WrapUpInviteForm,
)
from trainings.models import (
    ActionPlan,
    Assignment,
    Course,
    CourseTrainer,
    Enrolment,
    Feedback,
    Plan,
    Programme,
)
from trainings.services import TrainingRuleError


def _get_programme_for_user(request: HttpRequest, pk: int) -> Programme:
    queryset = Programme.objects.visible_to(request.user).select_related("funder", "implementer", "province")
    return get_object_or_404(queryset, pk=pk)


def _get_rw_programme_for_user(request: HttpRequest, pk: int) -> Programme:
    programme = _get_programme_for_user(request, pk)
    if not services.programme_can_be_changed_by(programme=programme, actor=request.user):
        raise PermissionDenied
    return programme


def _get_plan_for_user(request: HttpRequest, pk: int) -> Plan:
    queryset = Plan.objects.visible_to(request.user).select_related("issuer", "province", "programme")
    return get_object_or_404(queryset, pk=pk)


def _get_assignment_for_user(request: HttpRequest, pk: int) -> Assignment:
    return get_object_or_404(Assignment.objects.visible_to(request.user).select_related("plan"), pk=pk)


def _get_course_for_user(request: HttpRequest, pk: int) -> Course:
    queryset = Course.objects.visible_to(request.user).select_related(
        "programme", "programme__funder", "plan", "core_course", "unit", "organiser", "province"
    )
    return get_object_or_404(queryset, pk=pk)


def _get_enrolment_for_user(request: HttpRequest, pk: int) -> Enrolment:
    queryset = Enrolment.objects.visible_to(request.user).select_related(
        "person", "course", "course__programme"
    )
    return get_object_or_404(queryset, pk=pk)


def _show_rule_error(form, error: TrainingRuleError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, settings.PAGINATE_BY).get_page(request.GET.get("page"))


# --- Programmes -------------------------------------------------------------------------------------------


def programme_list(request: HttpRequest) -> HttpResponse:
    programme_filter = ProgrammeFilter(request.GET)
    programmes = selectors.programme_list(user=request.user, filters=request.GET)
    context = {"filter": programme_filter, "page": _page(request, programmes)}
    return render(request, "trainings/programme_list.html", context)


def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _get_programme_for_user(request, pk)
    context = {
        "programme": programme,
        "courses": selectors.programme_courses(programme=programme, user=request.user),
        "plans": Plan.objects.visible_to(request.user)
        .filter(programme=programme)
        .order_by("-issued_on", "pk"),
        "can_change": services.programme_can_be_changed_by(programme=programme, actor=request.user),
    }
    return render(request, "trainings/programme_detail.html", context)


@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_save(programme=form.instance, actor=request.user)
        except TrainingRuleError as error:
            _show_rule_error(form, error)
        else:
            messages.success(request, _("The programme has been recorded."))
            return redirect(programme)
    return render(request, "trainings/programme_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _get_rw_programme_for_user(request, pk)
    form = ProgrammeForm(request.POST or None, instance=programme, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_save(programme=form.instance, actor=request.user)
        except TrainingRuleError as error:
            _show_rule_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(programme)
    return render(request, "trainings/programme_form.html", {"form": form, "programme": programme})


# --- Plans and assignments ------------------------------------------------------------------------------


def plan_list(request: HttpRequest) -> HttpResponse:
    plan_filter = PlanFilter(request.GET)
    plans = selectors.plan_list(user=request.user, filters=request.GET)
    return render(request, "trainings/plan_list.html", {"filter": plan_filter, "page": _page(request, plans)})


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _get_plan_for_user(request, pk)
    courses = selectors.with_enrolment_counts(
        Course.objects.visible_to(request.user).filter(plan=plan).prefetch_related("trainers__person")
    ).order_by("start_date", "pk")
    context = {
        "plan": plan,
        "courses": courses,
        "assignments": selectors.plan_assignments(plan=plan),
        "can_change": services.plan_can_be_changed_by(plan=plan, actor=request.user),
    }
    return render(request, "trainings/plan_detail.html", context)


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_save(plan=form.instance, actor=request.user)
        except TrainingRuleError as error:
            _show_rule_error(form, error)
        else:
            messages.success(request, _("The plan has been recorded."))
            return redirect(plan)
    return render(request, "trainings/plan_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _get_plan_for_user(request, pk)
    form = PlanForm(request.POST or None, instance=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_save(plan=form.instance, actor=request.user)
        except TrainingRuleError as error:
            _show_rule_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(plan)
    return render(request, "trainings/plan_form.html", {"form": form, "plan": plan})


def assignment_list(request: HttpRequest) -> HttpResponse:
    assignment_filter = AssignmentFilter(request.GET)
    assignments = selectors.assignment_list(user=request.user, filters=request.GET)
    context = {"filter": assignment_filter, "page": _page(request, assignments)}
    return render(request, "trainings/assignment_list.html", context)


def _assignment_form_page(request: HttpRequest, plan: Plan, assignment: Assignment | None) -> HttpResponse:
    form = AssignmentForm(request.POST or None, instance=assignment, plan=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_save(
                assignment=form.instance, partners=form.cleaned_data["partners"], actor=request.user
            )
        except TrainingRuleError as error:
            _show_rule_error(form, error)
        else:
            messages.success(request, _("The assignment has been saved."))
            return redirect(plan)
    context = {"form": form, "plan": plan, "assignment": assignment}
    return render(request, "trainings/assignment_form.html", context)


@require_http_methods(["GET", "POST"])
def assignment_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    return _assignment_form_page(request, _get_plan_for_user(request, plan_pk), None)


@require_http_methods(["GET", "POST"])
def assignment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _get_assignment_for_user(request, pk)
    return _assignment_form_page(request, assignment.plan, assignment)


# --- Courses ------------------------------------------------------------------------------------------------


def course_list(request: HttpRequest) -> HttpResponse:
    course_filter = CourseFilter(request.GET, user=request.user)
    courses = selectors.course_list(user=request.user, filters=request.GET)
    context = {"filter": course_filter, "page": _page(request, courses)}
    return render(request, "trainings/course_list.html", context)


def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = _get_course_for_user(request, pk)
    context = {
        "course": course,
        "sessions": course.sessions.order_by("number"),
        "trainers": selectors.course_trainers(course=course),
        "enrolments": selectors.course_enrolments(course=course),
        "leaders": course.led_by.select_related("person").order_by("person__sort_key"),
        "assignments": course.assignments.select_related("organisation", "course", "plan")
        .prefetch_related("partners")
        .order_by("due_date", "pk"),
        "can_change": services.course_can_be_changed_by(course=course, actor=request.user),
    }
    return render(request, "trainings/course_detail.html", context)


def _course_form_page(request: HttpRequest, course: Course | None) -> HttpResponse:
    core_course = None
    if course is None and request.GET.get("core_course", "").isdigit():
        core_course = (
            Course.objects.visible_to(request.user)
            .filter(pk=request.GET["core_course"], kind=Course.Kind.CORE)
            .first()
        )
    # Links from a programme, plan or cascade page pre-fill what the new course belongs to.
    initial = {name: request.GET[name] for name in ("programme", "plan", "kind") if request.GET.get(name)}
    if core_course is not None:
        initial.setdefault("kind", Course.Kind.WORKSHOP)
        initial["core_course"] = core_course.pk
    form = CourseForm(
        request.POST or None, instance=course, initial=initial, core_course=core_course, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.course_save(
                course=form.instance, leaders=form.cleaned_data["led_by"], actor=request.user
            )
        except TrainingRuleError as error:
            _show_rule_error(form, error)
        else:
            messages.success(
                request, _("The course has been saved.") if course else _("The course has been recorded.")
            )
            return redirect(saved)
    return render(request, "trainings/course_form.html", {"form": form, "course": course})


@require_http_methods(["GET", "POST"])
def course_create(request: HttpRequest) -> HttpResponse:
    return _course_form_page(request, None)


@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _course_form_page(request, _get_course_for_user(request, pk))


@require_http_methods(["GET", "POST"])
def course_trainer_add(request: HttpRequest, pk: int) -> HttpResponse:
    course = _get_course_for_user(request, pk)
    form = CourseTrainerForm(request.POST or None, course=course, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_trainer_save(trainer=form.instance, actor=request.user)
        except TrainingRuleError as error:
            _show_rule_error(form, error)
        else:
            messages.success(request, _("The trainer has been added."))
            return redirect(course)
    query = request.GET.get("q", "")
    people = (
        Person.objects.visible_to(request.user).search(query).select_related("organisation") if query else []
    )
    context = {"course": course, "form": form, "query": query, "people": people[:20]}
    return render(request, "trainings/course_trainer_form.html", context)


@require_POST
def course_trainer_remove(request: HttpRequest, pk: int) -> HttpResponse:
    trainer = get_object_or_404(
        CourseTrainer.objects.visible_to(request.user).select_related("course"), pk=pk
    )
    services.course_trainer_remove(trainer=trainer, actor=request.user)
    messages.success(request, _("The trainer has been removed."))
    return redirect(trainer.course)


# --- Enrolments --------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def enrolment_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Enrol someone found in the directory, or add a new person and enrol her in one go."""
    course = _get_course_for_user(request, pk)
    if not services.course_can_be_changed_by(course=course, actor=request.user):
        raise PermissionDenied
    is_new = request.POST.get("form") == "new"
    existing_form = EnrolExistingForm(
        request.POST if request.method == "POST" and not is_new else None, user=request.user
    )
    new_form = EnrolNewPersonForm(request.POST if is_new else None, user=request.user, prefix="new")
    details_form = EnrolExistingForm(request.POST if is_new else None, user=request.user, prefix="details")
    if request.method == "POST":
        form = new_form if is_new else existing_form
        details = details_form if is_new else existing_form
        if is_new:
            details.fields["person"].required = False
        if form.is_valid() and details.is_valid():
            details_data = {
                "role": details.cleaned_data["role"],
                "alumna_of": details.cleaned_data["alumna_of"],
                "nominated_by": details.cleaned_data["nominated_by"],
            }
            try:
                if is_new:
                    enrolment = services.enrolment_create_with_new_person(
                        course=course, person=form.instance, actor=request.user, **details_data
                    )
                else:
                    enrolment = services.enrolment_create(
                        course=course, person=form.cleaned_data["person"], actor=request.user, **details_data
                    )
            except TrainingRuleError as error:
                _show_rule_error(form, error)
            except PermissionDenied:
                form.add_error(None, _("You can enrol people of your own province only."))
            else:
                messages.success(
                    request, _("%(name)s has been enrolled.") % {"name": enrolment.person.full_name}
                )
                return redirect(request.POST.get("next") or course.get_absolute_url())
    query = request.GET.get("q", "")
    context = {
        "course": course,
        "query": query,
        "people": selectors.people_to_enrol(course=course, user=request.user, text=query)[:20],
        "existing_form": existing_form,
        "new_form": new_form,
        "details_form": details_form,
        "roles": Enrolment.Role.choices,
        "default_role": Enrolment.Role.CORE_TRAINEE if course.is_core else Enrolment.Role.TRAINEE,
    }
    return render(request, "trainings/enrolment_add.html", context)


@require_http_methods(["GET", "POST"])
def enrolment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _get_enrolment_for_user(request, pk)
    form = EnrolmentForm(request.POST or None, instance=enrolment, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_save(
                enrolment=form.instance,
                withdrawn=form.cleaned_data["withdrawn"],
                completed=form.cleaned_data.get("completed"),
                actor=request.user,
            )
        except TrainingRuleError as error:
            _show_rule_error(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect(enrolment.course)
    return render(request, "trainings/enrolment_form.html", {"form": form, "enrolment": enrolment})


@require_POST
def enrolment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _get_enrolment_for_user(request, pk)
    try:
        services.enrolment_remove(enrolment=enrolment, actor=request.user)
    except TrainingRuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s is no longer enrolled.") % {"name": enrolment.person.full_name})
    return redirect(enrolment.course)


# --- Attendance and feedback -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    course = _get_course_for_user(request, pk)
    grid = selectors.attendance_grid(course=course)
    form = AttendanceForm(request.POST or None, grid=grid)
    if request.method == "POST" and form.is_valid():
        present = form.cleaned_pairs()
        if "everyone" in request.POST:
            # A 100-person half-day workshop: one tap, then untick the few absent and save again.
            present = {
                (enrolment.pk, session.pk) for enrolment, cells in grid.rows for session, _mark in cells
            }
        try:
            services.attendance_save(course=course, present=present, actor=request.user)
        except TrainingRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The attendance has been saved and completion updated."))
            return redirect(course)
    if request.method == "POST":
        # Redisplay what was ticked, not what is stored, so that nothing typed is lost.
        ticked = set(request.POST.getlist("present"))
        grid.rows = [
            (enrolment, [(session, f"{enrolment.pk}-{session.pk}" in ticked) for session, _mark in cells])
            for enrolment, cells in grid.rows
        ]
    context = {"course": course, "grid": grid, "form": form}
    return render(request, "trainings/attendance.html", context)


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _get_enrolment_for_user(request, pk)
    instance = Feedback.objects.filter(enrolment=enrolment).first() or Feedback(enrolment=enrolment)
    form = FeedbackForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_save(feedback=form.instance, actor=request.user)
        except TrainingRuleError as error:
            _show_rule_error(form, error)
        else:
            messages.success(request, _("The feedback has been saved."))
            return redirect("trainings:feedback_summary", pk=enrolment.course_id)
    return render(request, "trainings/feedback_form.html", {"form": form, "enrolment": enrolment})


def feedback_summary(request: HttpRequest, pk: int) -> HttpResponse:
    course = _get_course_for_user(request, pk)
    context = {"course": course, "summary": selectors.feedback_summary(course=course)}
    return render(request, "trainings/feedback_summary.html", context)


# --- Cascades, wrap-ups and action plans ---------------------------------------------------------------


def cascade(request: HttpRequest, pk: int) -> HttpResponse:
    core_course = _get_course_for_user(request, pk)
    if core_course.kind != Course.Kind.CORE:
        if core_course.core_course_id:
            return redirect("trainings:cascade", pk=core_course.core_course_id)
        return redirect(core_course)
    context = {
        "cascade": selectors.cascade_detail(core_course=core_course, user=request.user),
        "core_course": core_course,
        "can_change": services.course_can_be_changed_by(course=core_course, actor=request.user),
    }
    return render(request, "trainings/cascade.html", context)


@require_http_methods(["GET", "POST"])
def wrap_up_invite(request: HttpRequest, pk: int) -> HttpResponse:
    wrap_up = _get_course_for_user(request, pk)
    if wrap_up.kind != Course.Kind.WRAP_UP or wrap_up.core_course_id is None:
        messages.error(request, _("Only a wrap-up that follows a core course can invite participants."))
        return redirect(wrap_up)
    candidates = selectors.wrap_up_candidates(wrap_up=wrap_up)
    form = WrapUpInviteForm(request.POST or None, candidates=candidates)
    if request.method == "POST":
        try:
            if "core_trainees" in request.POST:
                added = services.wrap_up_invite_core_trainees(wrap_up=wrap_up, actor=request.user)
                messages.success(request, _("%(count)s core trainees have been enrolled.") % {"count": added})
                return redirect(request.path)
            if form.is_valid():
                added = services.wrap_up_invite_participants(
                    wrap_up=wrap_up, enrolments=list(form.cleaned_data["enrolments"]), actor=request.user
                )
                messages.success(request, _("%(count)s participants have been invited.") % {"count": added})
                return redirect(wrap_up)
        except TrainingRuleError as error:
            form.add_error(None, error.message)
    context = {"course": wrap_up, "form": form, "candidates": candidates}
    return render(request, "trainings/wrap_up_invite.html", context)


@require_http_methods(["GET", "POST"])
def action_plan(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _get_enrolment_for_user(request, pk)
    if enrolment.role != Enrolment.Role.CORE_TRAINEE:
        messages.error(request, _("Personal action plans are written by core trainees."))
        return redirect(enrolment.course)
    plan = ActionPlan.objects.filter(enrolment=enrolment).first() or ActionPlan(enrolment=enrolment)
    form = ActionPlanForm(request.POST or None, instance=plan)
    formset = MilestoneFormSet(request.POST or None, instance=plan, prefix="milestones")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.action_plan_save(
                action_plan=form.instance, milestones_formset=formset, actor=request.user
            )
        except TrainingRuleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The action plan has been saved."))
            return redirect("trainings:action_plan", pk=enrolment.pk)
    context = {"enrolment": enrolment, "form": form, "formset": formset}
    return render(request, "trainings/action_plan_form.html", context)


def cascade_action_plans(request: HttpRequest, pk: int) -> HttpResponse:
    core_course = _get_course_for_user(request, pk)
    if core_course.kind != Course.Kind.CORE:
        return redirect(core_course)
    core_trainees = selectors.cascade_action_plans(core_course=core_course)
    return render(
        request,
        "trainings/cascade_action_plans.html",
        {"core_course": core_course, "core_trainees": core_trainees},
    )
