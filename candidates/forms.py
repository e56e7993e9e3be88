from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.models import FINAL_STAGES, Body, Candidacy, Stage, Term
from directory.models import Organisation, Person

DATE_WIDGET = forms.DateInput(attrs={"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric"})


class CandidacyForm(forms.Form):
    """A new candidacy of a person already chosen (by a search on the same page)."""

    person = forms.ModelChoiceField(queryset=Person.objects.none(), widget=forms.HiddenInput)
    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.all())
    body = forms.ModelChoiceField(label=_("Body or post"), queryset=Body.objects.none())
    nominated_by = forms.ModelChoiceField(
        label=_("Nominating organisation"), queryset=Organisation.objects.none(), required=False
    )
    stage = forms.ChoiceField(
        label=_("Stage reached"),
        choices=Stage.choices,
        initial=Stage.POOL,
        help_text=_("A list of official candidates can be recorded at that stage straight away."),
    )
    on_date = forms.DateField(label=_("Since"), required=False, widget=DATE_WIDGET)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.visible_to(user)
        self.fields["person"].initial = person.pk
        self.fields["on_date"].initial = timezone.localdate()
        # The bodies and organisations of her province, and the national ones.
        bodies = Body.objects.visible_to(user)
        organisations = Organisation.objects.filter(unit__isnull=True)
        if person.province_id:
            bodies = bodies.filter(Q(province_id=person.province_id) | Q(province__isnull=True))
            organisations = Organisation.objects.filter(
                Q(unit__isnull=True) | Q(unit_id=person.province_id) | Q(unit__parent_id=person.province_id)
            )
        else:
            bodies = bodies.filter(province__isnull=True)
        self.fields["body"].queryset = bodies.order_by("level", "name", "pk")
        self.fields["nominated_by"].queryset = organisations.order_by("name", "pk")


class StageChangeForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("New stage"))
    on_date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Needed when stages are skipped, when moving back, and when reopening a closed candidacy."
        ),
    )

    def __init__(self, *args, candidacy: Candidacy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [
            (value, label) for value, label in Stage.choices if value != candidacy.stage
        ]
        self.fields["to_stage"].initial = candidacy.next_stage or (
            None if candidacy.stage in FINAL_STAGES else Stage.ELECTED
        )
        self.fields["on_date"].initial = timezone.localdate()


class CandidateImportForm(forms.Form):
    """The upload of a candidate list: the term, an optional default body, the file."""

    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.all())
    body = forms.ModelChoiceField(
        label=_("Body or post"),
        queryset=Body.objects.none(),
        required=False,
        help_text=_("For the rows that do not name a body or post in an “Ứng cử vào” column."),
    )
    file = forms.FileField(
        label=_("Candidate list"),
        help_text=_("An Excel (.xlsx, .xls), OpenDocument (.ods) or CSV file, as you received it."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = (
            Body.objects.visible_to(user).select_related("province").order_by("level", "name", "pk")
        )

    def clean(self):
        data = super().clean()
        term, body = data.get("term"), data.get("body")
        if term and body and not Body.objects.open_in(term).filter(pk=body.pk).exists():
            self.add_error(
                "body",
                _("%(body)s does not take candidates in the term “%(term)s”.") % {"body": body, "term": term},
            )
        return data


class ImportMappingForm(forms.Form):
    """One select per column of the sheet: the field the column holds, or nothing."""

    def __init__(self, *args, columns, choices, **kwargs):
        super().__init__(*args, **kwargs)
        for column in columns:
            self.fields[column.letter] = forms.ChoiceField(
                label=f"{column.letter} · {column.header}" if column.header else column.letter,
                choices=choices,
                initial=column.field or "ignore",
                required=False,
            )

    def clean(self):
        data = super().clean()
        seen: dict[str, str] = {}
        for letter, value in data.items():
            if value and value != "ignore":
                if value in seen:
                    raise forms.ValidationError(
                        _("Columns %(first)s and %(second)s are both mapped to the same field: choose one.")
                        % {"first": seen[value], "second": letter}
                    )
                seen[value] = letter
        return data

    def mapping(self) -> dict[str, str]:
        return {letter: value or "ignore" for letter, value in self.cleaned_data.items()}


class ImportCommitForm(forms.Form):
    skip_errors = forms.BooleanField(
        label=_("Leave the rows with errors out and import the others"), required=False
    )
