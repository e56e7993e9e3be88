from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import AdministrativeUnit
from reports.filters import PeriodField
from reports.models import ReportRun


class ReportRequestForm(forms.Form):
    """The parameters, header and narrative of a report; the service makes the version and number."""

    period = PeriodField(
        label=_("Reporting period"),
        widget=forms.TextInput(attrs={"placeholder": "2026Q3 · 2026H1 · 2026", "size": 10}),
        help_text=_("2026Q3 for a quarter, 2026H1 for a half-year, 2026 for a year."),
    )
    province = forms.ModelChoiceField(
        label=_("Scope"),
        queryset=AdministrativeUnit.objects.current_provinces().order_by("search_key"),
        required=False,
        empty_label=_("National"),
    )
    language = forms.ChoiceField(label=_("Language of the report"), choices=ReportRun.Language.choices)
    results = forms.CharField(
        label=_("Results"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Paragraphs separated by an empty line. Prefilled with the previous period's text."),
    )
    difficulties = forms.CharField(
        label=_("Difficulties"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    recommendations = forms.CharField(
        label=_("Recommendations"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    issuer_parent = forms.CharField(label=_("Superior body"), required=False, max_length=200)
    issuer = forms.CharField(label=_("Issuing body"), max_length=200)
    issuer_abbreviation = forms.CharField(
        label=_("Abbreviation of the issuing body"),
        max_length=30,
        help_text=_("The number reads “No. 12/BC-” followed by it."),
    )
    place = forms.CharField(label=_("Place"), max_length=60)
    signer_title = forms.CharField(
        label=_("Title of the signer"), max_length=200, widget=forms.Textarea(attrs={"rows": 2})
    )
    signer_name = forms.CharField(label=_("Name of the signer"), required=False, max_length=200)
    recipients = forms.CharField(
        label=_("Recipients"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line."),
    )

    def fields_named(self, *names: str) -> list:
        return [self[name] for name in names]

    @property
    def parameter_fields(self) -> list:
        return self.fields_named("period", "province", "language")

    @property
    def narrative_fields(self) -> list:
        return self.fields_named(*ReportRun.NARRATIVE_FIELDS)

    @property
    def header_fields(self) -> list:
        return self.fields_named(*ReportRun.HEADER_FIELDS)

    def clean_issuer_abbreviation(self) -> str:
        value = self.cleaned_data["issuer_abbreviation"].strip().upper()
        if not value or any(character.isspace() or character == "/" for character in value):
            raise forms.ValidationError(_("Write the abbreviation without spaces or slashes, e.g. UBND."))
        return value
