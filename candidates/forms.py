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
