"""Forms validate input and offer only choices within the user's scope; rules live in services."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directory.forms import PersonForm
from directory.models import AdministrativeUnit, Organisation, Person
from directory.scoping import user_has_national_scope, user_province_id
from trainings.models import (
    ActionPlan,
    Assignment,
    Course,
    CourseTrainer,
    Enrolment,
    Feedback,
    Milestone,
    Plan,
    Programme,
)


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric"})


def textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _provinces():
    return AdministrativeUnit.objects.current_provinces().order_by("search_key")


def _organisations_for(user):
    organisations = Organisation.objects.order_by("name")
    if user_has_national_scope(user):
        return organisations
    # An officer works with her province's bodies (down to its communes) and with central ones.
    province_id = user_province_id(user)
    return organisations.filter(
        Q(unit__isnull=True) | Q(unit_id=province_id) | Q(unit__parent_id=province_id)
    )


def _fix_province_for_officer(form: forms.ModelForm, user, message) -> None:
    if not user_has_national_scope(user):
        field = form.fields["province"]
        field.disabled = True
        field.initial = user_province_id(user)
        field.help_text = message


class ScopedModelForm(forms.ModelForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


class ProgrammeForm(ScopedModelForm):
    class Meta:
        model = Programme
        fields = [
            "name", "code", "funder", "implementer", "province", "start_date", "end_date", "funding_source",
            "target_reach", "target_workshops", "max_workshops", "max_workshop_participants",
            "max_wrap_up_invitees", "objectives",
        ]  # fmt: skip
        widgets = {"start_date": date_input(), "end_date": date_input(), "objectives": textarea(4)}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["province"].queryset = _provinces()
        self.fields["funder"].queryset = _organisations_for(user)
        self.fields["implementer"].queryset = _organisations_for(user)
        _fix_province_for_officer(self, user, _("A programme you record belongs to your province."))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return cleaned


class PlanForm(ScopedModelForm):
    class Meta:
        model = Plan
        fields = [
            "number", "issued_on", "title", "issuer", "province", "programme", "basis", "objectives",
            "funding_source",
        ]  # fmt: skip
        widgets = {
            "issued_on": date_input(),
            "title": textarea(2),
            "basis": textarea(3),
            "objectives": textarea(3),
            "funding_source": textarea(2),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["province"].queryset = _provinces()
        self.fields["issuer"].queryset = _organisations_for(user)
        self.fields["programme"].queryset = Programme.objects.visible_to(user).order_by("name")
        _fix_province_for_officer(self, user, _("A plan you record belongs to your province."))


class AssignmentForm(ScopedModelForm):
    class Meta:
        model = Assignment
        fields = ["organisation", "partners", "task", "course", "due_date", "status", "completed_on", "notes"]
        widgets = {
            "task": textarea(3),
            "notes": textarea(2),
            "due_date": date_input(),
            "completed_on": date_input(),
            "partners": forms.SelectMultiple(attrs={"size": 5}),
        }

    def __init__(self, *args, user, plan: Plan, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.instance.plan = plan
        self.fields["organisation"].queryset = _organisations_for(user)
        self.fields["partners"].queryset = _organisations_for(user)
        self.fields["course"].queryset = plan.courses.order_by("start_date", "pk")


class CourseForm(ScopedModelForm):
    led_by = forms.ModelMultipleChoiceField(
        label=_("Led by core trainees"),
        queryset=Enrolment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a cascade workshop: the core trainees of the core course who led it."),
    )

    class Meta:
        model = Course
        fields = [
            "title", "kind", "programme", "plan", "component", "core_course", "led_by", "status",
            "start_date", "end_date", "duration", "duration_unit", "starts_in_afternoon", "format",
            "venue", "unit", "organiser", "capacity", "funding_source", "completion_rule",
            "completion_percent", "topics", "audience", "notes",
        ]  # fmt: skip
        widgets = {
            "title": textarea(2),
            "start_date": date_input(),
            "end_date": date_input(),
            "topics": textarea(4),
            "audience": textarea(3),
            "notes": textarea(2),
        }

    def __init__(self, *args, user, core_course: Course | None = None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["duration"].required = False
        self.fields["duration"].help_text = _("Leave empty to count the days from the dates.")
        self.fields["programme"].queryset = Programme.objects.visible_to(user).order_by("name")
        self.fields["plan"].queryset = Plan.objects.visible_to(user).order_by("-issued_on", "pk")
        core_courses = (
            Course.objects.visible_to(user).filter(kind=Course.Kind.CORE).order_by("-start_date", "pk")
        )
        self.fields["core_course"].queryset = core_courses
        self.fields["organiser"].queryset = _organisations_for(user)
        units = AdministrativeUnit.objects.filter(catalogue=AdministrativeUnit.Catalogue.CURRENT)
        if user_has_national_scope(user):
            # Thousands of communes make no usable list: national users pick the province.
            self.fields["unit"].queryset = units.filter(kind__in=AdministrativeUnit.PROVINCE_KINDS).order_by(
                "search_key"
            )
        else:
            province_id = user_province_id(user)
            self.fields["unit"].queryset = units.filter(
                Q(pk=province_id) | Q(parent_id=province_id)
            ).order_by("kind", "search_key")
            if not self.instance.pk:
                # Most of an officer's classes are held at provincial level: start from her province.
                self.fields["unit"].initial = province_id
        core_course = core_course or (self.instance.core_course if self.instance.core_course_id else None)
        if core_course is not None:
            self.fields["core_course"].initial = core_course.pk
            leaders = Enrolment.objects.filter(course=core_course)
        else:
            leaders = Enrolment.objects.filter(course__in=core_courses)
        self.fields["led_by"].queryset = (
            leaders.filter(role=Enrolment.Role.CORE_TRAINEE)
            .select_related("person")
            .order_by("person__sort_key", "pk")
        )
        self.fields["led_by"].label_from_instance = lambda enrolment: enrolment.person.full_name
        if self.instance.pk:
            self.fields["led_by"].initial = list(self.instance.led_by.values_list("pk", flat=True))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        elif start and end and not cleaned.get("duration"):
            days = (end - start).days + 1
            if cleaned.get("duration_unit") == Course.DurationUnit.HALF_DAYS:
                days *= 2
            cleaned["duration"] = days
            self.instance.duration = days
        return cleaned


class CourseTrainerForm(forms.ModelForm):
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Choose a person from the search results.")},
    )

    class Meta:
        model = CourseTrainer
        fields = ["person", "name", "credentials", "role"]
        widgets = {"credentials": textarea(2)}

    def __init__(self, *args, user, course: Course, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.course = course
        self.fields["person"].queryset = Person.objects.visible_to(user)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("person") and not (cleaned.get("name") or "").strip():
            self.add_error("name", _("Choose a person in the directory or type the trainer's name."))
        return cleaned


class EnrolmentDetailsMixin(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Enrolment.Role.choices, initial=Enrolment.Role.TRAINEE)
    alumna_of = forms.CharField(
        label=_("Alumna of"), required=False, max_length=120, help_text=_("An earlier programme, e.g. WILJ.")
    )
    nominated_by = forms.ModelChoiceField(
        label=_("Nominating organisation"), queryset=Organisation.objects.none(), required=False
    )


class EnrolExistingForm(EnrolmentDetailsMixin):
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _("Choose a person of your province from the search results."),
            "required": _("Choose a person from the search results."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Another province's person is not a valid choice, and the message does not say she exists.
        self.fields["person"].queryset = Person.objects.visible_to(user)
        self.fields["nominated_by"].queryset = _organisations_for(user)


class EnrolNewPersonForm(PersonForm):
    """The directory's person form, cut to what an attendee list gives, to add and enrol in one go."""

    class Meta(PersonForm.Meta):
        fields = [
            "family_name", "middle_name", "given_name", "gender", "birth_year", "citizen_id", "phone",
            "province", "organisation", "position",
        ]  # fmt: skip


class EnrolmentForm(forms.ModelForm):
    withdrawn = forms.BooleanField(label=_("Withdrawn"), required=False)
    completed = forms.BooleanField(
        label=_("Completed the course"),
        required=False,
        help_text=_("This course's completion is decided by the organiser."),
    )

    class Meta:
        model = Enrolment
        fields = ["role", "alumna_of", "nominated_by", "pre_test_score", "post_test_score", "notes"]
        widgets = {
            "notes": textarea(2),
            "pre_test_score": forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
            "post_test_score": forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominated_by"].queryset = _organisations_for(user)
        self.fields["withdrawn"].initial = self.instance.status == Enrolment.Status.WITHDRAWN
        if self.instance.course.completion_rule == Course.CompletionRule.MANUAL:
            self.fields["completed"].initial = self.instance.status == Enrolment.Status.COMPLETED
        else:
            del self.fields["completed"]


class AttendanceForm(forms.Form):
    """The whole grid of a course: each ticked box is "enrolment id-session id"."""

    present = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("The attendance sheet is out of date: reload the page and enter it again.")
        },
    )

    def __init__(self, *args, grid, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (f"{enrolment.pk}-{session.pk}", "") for enrolment, cells in grid.rows for session, _mark in cells
        ]

    def cleaned_pairs(self) -> set[tuple[int, int]]:
        return {tuple(int(part) for part in value.split("-")) for value in self.cleaned_data["present"]}


RATING_CHOICES = [(score, str(score)) for score in range(1, 6)]


def rating_field(label, required: bool = False) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=RATING_CHOICES if required else [("", _("no answer")), *RATING_CHOICES],
        coerce=int,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect(attrs={"class": "rating"}),
    )


class FeedbackForm(forms.ModelForm):
    overall = rating_field(_("Overall"), required=True)
    content = rating_field(_("Content"))
    trainers = rating_field(_("Trainers"))
    logistics = rating_field(_("Organisation and logistics"))
    usefulness = rating_field(_("Usefulness for her work"))

    class Meta:
        model = Feedback
        fields = ["overall", "content", "trainers", "logistics", "usefulness", "comments"]
        widgets = {"comments": textarea(4)}


class ActionPlanForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["short_term_goals", "long_term_goals", "strategies", "follow_up_notes"]
        widgets = {name: textarea(3) for name in fields}


MilestoneFormSet = forms.inlineformset_factory(
    ActionPlan,
    Milestone,
    fields=["title", "due_date", "status", "notes"],
    widgets={"due_date": date_input(), "notes": forms.TextInput()},
    extra=2,
    can_delete=True,
)


class WrapUpInviteForm(forms.Form):
    enrolments = forms.ModelMultipleChoiceField(
        label=_("Participants to invite"),
        queryset=Enrolment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one participant to invite.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolments"].queryset = candidates
