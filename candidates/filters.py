"""The filters of the candidacy list and of the pipeline page, over candidacies already scoped to the user."""

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from candidates.models import Body, Candidacy, Stage, Term, stage_step
from candidates.selectors import FUNNEL_STAGES, with_training
from candidates.services import NATIONAL_TABLE_LEVELS
from directory.models import AdministrativeUnit, EthnicGroup, Person
from directory.scoping import user_has_national_scope
from directory.text import fold
from trainings.models import Programme

# Age in the first year of the term, from the year of birth (all that some records have).
AGE_BANDS = (
    ("under_40", _("under 40")),
    ("40_49", _("40–49")),
    ("50_59", _("50–59")),
    ("60_plus", _("60 and over")),
    ("unknown", _("not known")),
)
AGE_LIMITS = {"under_40": (None, 39), "40_49": (40, 49), "50_59": (50, 59), "60_plus": (60, None)}
TRAINED_CHOICES = (("yes", _("trained")), ("no", _("not trained")))


def _provinces():
    return AdministrativeUnit.objects.current_provinces().order_by("search_key")


class CandidacyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": _("Name"), "type": "search"}),
    )
    term = django_filters.ModelChoiceFilter(label=_("Term"), queryset=Term.objects.all())
    province = django_filters.ModelChoiceFilter(label=_("Province"), queryset=_provinces())
    body = django_filters.ModelChoiceFilter(label=_("Body or post"), queryset=Body.objects.none())
    body_kind = django_filters.ChoiceFilter(
        label=_("Kind of body"), field_name="body__kind", choices=Body.Kind.choices
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"), field_name="body__level", choices=Body.Level.choices
    )
    stage = django_filters.ChoiceFilter(label=_("Now at stage"), choices=Stage.choices)
    reached = django_filters.ChoiceFilter(
        label=_("Reached stage"), choices=FUNNEL_STAGES, method="filter_reached"
    )
    gender = django_filters.ChoiceFilter(
        label=_("Gender"), field_name="person__gender", choices=Person.Gender.choices
    )
    ethnic_group = django_filters.ModelChoiceFilter(
        label=_("Ethnic group"), field_name="person__ethnic_group", queryset=EthnicGroup.objects.all()
    )
    minority = django_filters.BooleanFilter(
        label=_("Ethnic minorities only"), method="filter_minority", widget=forms.CheckboxInput
    )
    age_band = django_filters.ChoiceFilter(
        label=_("Age at the start of the term"), choices=AGE_BANDS, method="filter_age_band"
    )
    trained = django_filters.ChoiceFilter(
        label=_("Training"), choices=TRAINED_CHOICES, method="filter_trained"
    )
    training_programme = django_filters.ModelChoiceFilter(
        label=_("Counting training of the programme"),
        queryset=Programme.objects.none(),
        method="filter_nothing",
        empty_label=_("any programme"),
    )

    class Meta:
        model = Candidacy
        fields = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        bodies = Body.objects.visible_to(user).select_related("province")
        if user_has_national_scope(user):
            province_id = str(self.data.get("province") or "")
            if province_id.isdigit():
                bodies = bodies.filter(Q(province_id=province_id) | Q(province__isnull=True))
            else:
                # A national list of every commune's council would be thousands of options: choose a
                # province first to pick a district or commune body.
                bodies = bodies.filter(level__in=NATIONAL_TABLE_LEVELS)
        else:
            # An officer's candidacies are of one province; the filter would only offer a way to see nothing.
            del self.filters["province"]
        self.filters["body"].queryset = bodies.order_by("province__search_key", "level", "name", "pk")
        self.filters["training_programme"].queryset = Programme.objects.visible_to(user).order_by(
            "name", "pk"
        )

    def filter_queryset(self, queryset):
        # "Trained" depends on the programme asked for, so the annotation comes before every filter.
        programme = self.form.cleaned_data.get("training_programme")
        return super().filter_queryset(with_training(queryset, programme=programme))

    def filter_search(self, queryset, name, value):
        # By name only: searching by ID number would let those who see it masked guess it digit by digit.
        for word in fold(value).split():
            queryset = queryset.filter(person__search_key__contains=word)
        return queryset

    def filter_reached(self, queryset, name, value):
        # The last row of the funnel, "elected or appointed", is the outcome's step.
        return queryset.filter(funnel_position__gte=stage_step(value))

    def filter_minority(self, queryset, name, value):
        # An unticked box means "no filter", not "Kinh only".
        return queryset.filter(person__ethnic_group__is_minority=True) if value else queryset

    def filter_age_band(self, queryset, name, value):
        if value == "unknown":
            return queryset.filter(person__birth_year__isnull=True)
        youngest, oldest = AGE_LIMITS[value]
        queryset = queryset.alias(age_at_term=F("term__start_year") - F("person__birth_year"))
        if youngest is not None:
            queryset = queryset.filter(age_at_term__gte=youngest)
        if oldest is not None:
            queryset = queryset.filter(age_at_term__lte=oldest)
        return queryset

    def filter_trained(self, queryset, name, value):
        return queryset.filter(trained=value == "yes")

    def filter_nothing(self, queryset, name, value):
        return queryset  # read by filter_queryset: it changes what "trained" means


class PipelineFilter(CandidacyFilter):
    """The pipeline page: a term and a scope, and the filters that split the funnel."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The funnel shows every stage and the women's share of each: these would only empty rows.
        for name in ("q", "stage", "reached", "gender"):
            del self.filters[name]
        self.filters["term"].field.required = True
        self.filters["term"].field.empty_label = None
