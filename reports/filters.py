"""The dashboards' filters: period, programme, province (national users), course kind, names shown."""

from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from directory.models import AdministrativeUnit
from directory.scoping import user_has_national_scope
from reports.models import ProvinceQuarterSummary
from reports.periods import Period
from trainings.models import Course, Programme

CURRENT_NAMES = "current"
HISTORICAL_NAMES = "historical"
NAMES_CHOICES = (
    (CURRENT_NAMES, _("today's provinces")),
    (HISTORICAL_NAMES, _("provinces as named when the data was recorded")),
)


class PeriodField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return Period.parse(value)
        except ValidationError:
            raise
        except ValueError as error:  # 2026Q0 and the like
            raise ValidationError(_("This is not a period.")) from error


class PeriodFilter(django_filters.Filter):
    field_class = PeriodField


@dataclass(frozen=True)
class DashboardScope:
    """What the dashboard shows, read from the filter form; `province` None means the national figures."""

    period: Period | None
    programme: Programme | None
    province: AdministrativeUnit | None
    kind: str
    names: str


class DashboardFilter(django_filters.FilterSet):
    period = PeriodFilter(
        label=_("Period"),
        method="filter_period",
        widget=forms.TextInput(attrs={"placeholder": "2026Q3 · 2026H1 · 2026", "size": 10}),
        help_text=_("Empty: the whole programme."),
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), queryset=Programme.objects.none(), field_name="programme"
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=AdministrativeUnit.objects.current_provinces().order_by("search_key"),
        field_name="province",
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of course"), choices=Course.Kind.choices, field_name="kind"
    )
    names = django_filters.ChoiceFilter(
        label=_("Rank by"), choices=NAMES_CHOICES, method="filter_nothing", empty_label=None
    )

    class Meta:
        model = ProvinceQuarterSummary
        fields = ["period", "programme", "province", "kind", "names"]

    def __init__(self, *args, user, province: AdministrativeUnit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_province = province
        self.filters["programme"].queryset = Programme.objects.visible_to(user).order_by("name", "pk")
        if province is not None or not user_has_national_scope(user):
            # A province's dashboard is of that province; the filter would only offer a way to leave it.
            del self.filters["province"]
            del self.filters["names"]

    @property
    def qs(self):
        queryset = super().qs
        if self.fixed_province is not None:
            queryset = queryset.filter(province=self.fixed_province)
        return queryset

    def filter_period(self, queryset, name, value: Period):
        return queryset.filter(quarter_start__gte=value.start, quarter_start__lte=value.end)

    def filter_nothing(self, queryset, name, value):
        return queryset

    def scope(self) -> DashboardScope:
        data = self.form.cleaned_data if self.is_valid() else {}
        return DashboardScope(
            period=data.get("period"),
            programme=data.get("programme"),
            province=self.fixed_province or data.get("province"),
            kind=data.get("kind") or "",
            names=data.get("names") or CURRENT_NAMES,
        )
