import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import AdministrativeUnit, EthnicGroup, Person


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"placeholder": _("Name, ID number, phone or email"), "type": "search"}),
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=AdministrativeUnit.objects.current_provinces().order_by("search_key")
    )
    gender = django_filters.ChoiceFilter(label=_("Gender"), choices=Person.Gender.choices)
    ethnic_group = django_filters.ModelChoiceFilter(
        label=_("Ethnic group"), queryset=EthnicGroup.objects.all()
    )
    leadership_level = django_filters.ChoiceFilter(
        label=_("Leadership level"), choices=Person.LeadershipLevel.choices
    )

    class Meta:
        model = Person
        fields = ["q", "province", "gender", "ethnic_group", "leadership_level"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.has_national_scope:
            # An officer's list holds one province; the filter would only offer a way to see nothing.
            del self.filters["province"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)
