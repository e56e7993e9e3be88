"""List filters. Each FilterSet runs over a queryset that is already scoped to the user (selectors)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import AdministrativeUnit
from directory.scoping import user_has_national_scope
from directory.text import fold
from trainings.models import Assignment, Course, Plan, Programme

DATE_WIDGET = forms.DateInput(attrs={"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric"})


def _search_widget(placeholder):
    return forms.TextInput(attrs={"placeholder": placeholder, "type": "search"})


def _folded_words(queryset, value: str):
    for word in fold(value).split():
        queryset = queryset.filter(search_key__contains=word)
    return queryset


def _provinces():
    return AdministrativeUnit.objects.current_provinces().order_by("search_key")


class ProgrammeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", widget=_search_widget(_("Name or code"))
    )
    year = django_filters.NumberFilter(
        label=_("Year"), method="filter_year", widget=forms.NumberInput(attrs={"placeholder": "2024"})
    )

    class Meta:
        model = Programme
        fields = ["q", "year"]

    def filter_search(self, queryset, name, value):
        return _folded_words(queryset, value)

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(
            Q(start_date__year__lte=year) | Q(start_date__isnull=True),
            Q(end_date__year__gte=year) | Q(end_date__isnull=True),
        ).exclude(start_date__isnull=True, end_date__isnull=True)


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", widget=_search_widget(_("Number or title"))
    )
    issued_after = django_filters.DateFilter(
        label=_("Issued from"), field_name="issued_on", lookup_expr="gte", widget=DATE_WIDGET
    )
    issued_before = django_filters.DateFilter(
        label=_("Issued until"), field_name="issued_on", lookup_expr="lte", widget=DATE_WIDGET
    )

    class Meta:
        model = Plan
        fields = ["q", "issued_after", "issued_before"]

    def filter_search(self, queryset, name, value):
        return _folded_words(queryset, value)


class AssignmentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Assignment.Status.choices)
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Assignment
        fields = ["status", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.overdue(timezone.localdate())
        return queryset


class CourseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", widget=_search_widget(_("Title, topic or venue"))
    )
    programme = django_filters.ModelChoiceFilter(label=_("Programme"), queryset=Programme.objects.none())
    plan = django_filters.ModelChoiceFilter(label=_("Plan"), queryset=Plan.objects.none())
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Course.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Course.Status.choices)
    province = django_filters.ModelChoiceFilter(label=_("Province"), queryset=_provinces())
    national = django_filters.BooleanFilter(
        label=_("National courses only"), method="filter_national", widget=forms.CheckboxInput
    )
    starts_after = django_filters.DateFilter(
        label=_("Starting from"), field_name="start_date", lookup_expr="gte", widget=DATE_WIDGET
    )
    starts_before = django_filters.DateFilter(
        label=_("Starting until"), field_name="start_date", lookup_expr="lte", widget=DATE_WIDGET
    )

    class Meta:
        model = Course
        fields = [
            "q",
            "programme",
            "plan",
            "kind",
            "status",
            "province",
            "national",
            "starts_after",
            "starts_before",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what the user may see is offered: an officer cannot even learn another province's names.
        self.filters["programme"].queryset = Programme.objects.visible_to(user).order_by("name")
        self.filters["plan"].queryset = Plan.objects.visible_to(user).order_by("-issued_on", "pk")
        if not user_has_national_scope(user):
            # An officer's list holds one province; these filters would only offer ways to see nothing.
            del self.filters["province"]
            del self.filters["national"]

    def filter_search(self, queryset, name, value):
        return _folded_words(queryset, value)

    def filter_national(self, queryset, name, value):
        # An unticked box means "no filter", not "provincial courses only".
        return queryset.filter(province__isnull=True) if value else queryset
