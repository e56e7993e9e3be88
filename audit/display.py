"""The audit trail as people read it: field labels, choice labels, before → after."""

from dataclasses import dataclass

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

ACCESS_LABELS = {
    "full_citizen_id": _("full ID number shown"),
    "record": _("record viewed"),
    "export": _("data-subject export"),
    "anonymised": _("anonymised (retention)"),
}

# Where it was shown: the `where` of audit.services.access_entry, as the page names it.
ACCESS_PLACES = {
    "person_detail": _("person page"),
    "person_edit": _("person edit form"),
    "person_export": _("personal data export"),
    "participants_export": _("participant list export"),
    "candidacy_list": _("candidate list"),
    "candidacy_detail": _("candidacy page"),
    "admin": _("administration site"),
}


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


def _text(value, choices: dict) -> str:
    if value is None or value == "" or value == "None":
        return "–"
    if choices and value in choices:
        return str(choices[value])
    return str(value)


def readable_changes(entry: LogEntry) -> list[FieldChange]:
    """Each changed field with its label and values, from the entry alone (no query per value)."""
    model = entry.content_type.model_class()
    rows = []
    for name, values in sorted((entry.changes or {}).items()):
        if name == "password":
            continue  # never recorded (audit.registry); kept out of sight should an old entry hold it
        before, after = [*values, None, None][:2] if isinstance(values, list) else (None, values)
        label, choices = name, {}
        if model is not None:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                pass
            else:
                label = str(getattr(field, "verbose_name", name))
                choices = dict(getattr(field, "flatchoices", None) or [])
        change = FieldChange(label=label, before=_text(before, choices), after=_text(after, choices))
        if change.before == change.after == "–":
            continue  # a field left empty on creation says nothing; a page of such rows hides the rest
        rows.append(change)
    return rows


def access_label(entry: LogEntry) -> str:
    data = entry.additional_data or {}
    return str(ACCESS_LABELS.get(data.get("what"), data.get("what", "")))


def access_place(entry: LogEntry) -> str:
    """Where an ACCESS entry's data was shown, in words (the stored code for a place not named here)."""
    where = (entry.additional_data or {}).get("where") or ""
    return str(ACCESS_PLACES.get(where, where))


def record_type(entry: LogEntry) -> str:
    model = entry.content_type.model_class()
    return str(model._meta.verbose_name).capitalize() if model else entry.content_type.model
