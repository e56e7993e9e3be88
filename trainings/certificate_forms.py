from django import forms
from django.utils.translation import gettext_lazy as _

from trainings.certificates import normalise_certificate_number


class CertificateNumberForm(forms.Form):
    number = forms.CharField(
        label=_("Certificate number"),
        max_length=60,
        help_text=_("As printed on the certificate, under the QR code, e.g. WL-2024-7K3F9QXM."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_number(self) -> str:
        number = normalise_certificate_number(self.cleaned_data["number"])
        if not number:
            raise forms.ValidationError(_("Type the certificate number."))
        return number
