from django import forms
from django.utils.translation import gettext_lazy as _

from directory.citizen_id import clean_citizen_id
from directory.models import AdministrativeUnit, Organisation, Person


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "family_name", "middle_name", "given_name", "gender", "birth_date", "birth_year", "ethnic_group",
            "citizen_id", "phone", "email", "province", "organisation", "workplace", "position",
            "leadership_level", "notes",
        ]  # fmt: skip
        widgets = {
            "birth_date": forms.DateInput(attrs={"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric"}),
            "citizen_id": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["province"].queryset = AdministrativeUnit.objects.current_provinces().order_by(
            "search_key"
        )
        self.fields["organisation"].queryset = Organisation.objects.select_related("unit")
        if not user.has_national_scope:
            # Officers record people of their own province only.
            self.fields["province"].disabled = True
            self.fields["province"].initial = user.province_id
            self.fields["province"].help_text = _("You can record people of your own province only.")

    def clean_citizen_id(self):
        return clean_citizen_id(self.cleaned_data.get("citizen_id")).value or None

    def clean_province(self):
        province = self.cleaned_data.get("province")
        if not self.user.has_national_scope and (province is None or province.pk != self.user.province_id):
            raise forms.ValidationError(_("You can record people of your own province only."))
        return province
