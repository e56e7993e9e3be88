"""django-import-export Resources of trainings: the columns of the participants export (site and admin).

Importing attendees does not go through these: reading messy lists is `directory.importing`'s work and
the commit is batched by `trainings.imports.commit` (see there why). A Resource here declares what a
participant row is when it leaves the system, in the order offices keep their lists.
"""

import io

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from directory.privacy import log_full_list_access, person_identity
from trainings.models import Enrolment

# Spreadsheet programs run a cell starting with one of these as a formula ("CSV injection"): exported
# text that starts so is prefixed with an apostrophe, which Excel reads as "this is text".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class ParticipantResource(resources.ModelResource):
    """One row per enrolment of a course. IDs and phones are exported as text, never as numbers."""

    full_name = fields.Field(attribute="person__full_name", column_name=_("Full name"))
    birth_date = fields.Field(column_name=_("Date of birth"))
    gender = fields.Field(column_name=_("Gender"))
    ethnic_group = fields.Field(attribute="person__ethnic_group__name", column_name=_("Ethnic group"))
    citizen_id = fields.Field(column_name=_("Citizen ID"))
    phone = fields.Field(attribute="person__phone", column_name=_("Phone"))
    email = fields.Field(attribute="person__email", column_name=_("Email"))
    position = fields.Field(attribute="person__position", column_name=_("Position"))
    workplace = fields.Field(column_name=_("Workplace"))
    province = fields.Field(attribute="person__province__name", column_name=_("Province"))
    role = fields.Field(column_name=_("Role"))
    status = fields.Field(column_name=_("Status"))
    alumna_of = fields.Field(attribute="alumna_of", column_name=_("Alumna of"))
    nominated_by = fields.Field(attribute="nominated_by__name", column_name=_("Nominated by"))
    pre_test_score = fields.Field(attribute="pre_test_score", column_name=_("Pre-test score"))
    post_test_score = fields.Field(attribute="post_test_score", column_name=_("Post-test score"))
    certificate_number = fields.Field(attribute="certificate_number", column_name=_("Certificate number"))
    notes = fields.Field(attribute="notes", column_name=_("Notes"))

    class Meta:
        model = Enrolment
        fields = export_order = (
            "full_name",
            "birth_date",
            "gender",
            "ethnic_group",
            "citizen_id",
            "phone",
            "email",
            "position",
            "workplace",
            "province",
            "role",
            "status",
            "alumna_of",
            "nominated_by",
            "pre_test_score",
            "post_test_score",
            "certificate_number",
            "notes",
        )

    def __init__(self, *args, user=None, **kwargs):
        # `user`: ID numbers and birth dates as directory.privacy lets this user see them; None (the
        # admin site, administrators only) exports them in full.
        super().__init__(*args, **kwargs)
        self.user = user

    def get_queryset(self):
        return with_people(Enrolment.objects.all())

    def dehydrate_citizen_id(self, enrolment: Enrolment) -> str:
        person = enrolment.person
        if self.user is None:
            return person.citizen_id or ""
        return person_identity(person, user=self.user).citizen_id

    def dehydrate_birth_date(self, enrolment: Enrolment) -> str:
        person = enrolment.person
        birth_date = person.birth_date
        if self.user is not None:
            birth_date = person_identity(person, user=self.user).birth_date
        if birth_date:
            return birth_date.strftime("%d/%m/%Y")
        return str(person.birth_year or "")

    def dehydrate_gender(self, enrolment: Enrolment) -> str:
        return str(enrolment.person.get_gender_display()) if enrolment.person.gender else ""

    def dehydrate_workplace(self, enrolment: Enrolment) -> str:
        person = enrolment.person
        return person.organisation.name if person.organisation_id else person.workplace

    def dehydrate_role(self, enrolment: Enrolment) -> str:
        return str(enrolment.get_role_display())

    def dehydrate_status(self, enrolment: Enrolment) -> str:
        return str(enrolment.get_status_display())

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if value is None:
            return ""
        if field.column_name in (
            self.fields["pre_test_score"].column_name,
            self.fields["post_test_score"].column_name,
        ):
            return float(value) if value != "" else ""
        return defuse(str(value))


def with_people(queryset):
    return queryset.select_related(
        "person", "person__ethnic_group", "person__province", "person__organisation", "nominated_by"
    ).order_by("person__sort_key", "pk")


def export_participants(queryset, file_format: str, user=None) -> bytes:
    """The participants as .xlsx or as .csv (UTF-8 with a byte-order mark, so that Excel reads diacritics).

    ID numbers are masked as `user` sees them on the pages, and each one exported in full is recorded in
    the audit trail.
    """
    enrolments = list(with_people(queryset))
    dataset = ParticipantResource(user=user).export(enrolments)
    if user is not None:
        log_full_list_access(user=user, people=[e.person for e in enrolments], where="participants_export")
    if file_format == "csv":
        return "\ufeff".encode() + dataset.export("csv").encode()
    content = dataset.export("xlsx")
    return content if isinstance(content, bytes) else io.BytesIO(content).getvalue()
