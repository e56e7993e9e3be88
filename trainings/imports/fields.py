"""The columns an attendee list has beyond the person: role in the course, nominating organisation, scores."""

from decimal import Decimal, InvalidOperation
from functools import partial

from django.utils.translation import gettext_lazy as _

from directory.importing.cleaning import Cleaned, cell_text, clean_text, with_problem
from directory.importing.pipeline import ExtraField
from directory.importing.vocabulary import DEFAULT_VOCABULARY, Vocabulary
from directory.text import fold
from trainings.models import Enrolment

ROLE_UNKNOWN = _(
    "“%(value)s” is not a role in a course: write học viên (trainee), học viên cốt cán (core trainee), "
    "giảng viên (trainer), hỗ trợ (facilitator) or quan sát (observer)."
)
SCORE_INVALID = _("“%(value)s” is not a score between 0 and 100.")

# Folded spellings met in lists → role. The English labels are there for lists filled in English.
_ROLES = {
    "hoc vien": Enrolment.Role.TRAINEE,
    "hv": Enrolment.Role.TRAINEE,
    "trainee": Enrolment.Role.TRAINEE,
    "participant": Enrolment.Role.TRAINEE,
    "dai bieu": Enrolment.Role.TRAINEE,
    "hoc vien cot can": Enrolment.Role.CORE_TRAINEE,
    "cot can": Enrolment.Role.CORE_TRAINEE,
    "hoc vien nong cot": Enrolment.Role.CORE_TRAINEE,
    "giang vien nguon": Enrolment.Role.CORE_TRAINEE,
    "nong cot": Enrolment.Role.CORE_TRAINEE,
    "core trainee": Enrolment.Role.CORE_TRAINEE,
    "giang vien": Enrolment.Role.TRAINER,
    "bao cao vien": Enrolment.Role.TRAINER,
    "trainer": Enrolment.Role.TRAINER,
    "ho tro": Enrolment.Role.FACILITATOR,
    "dieu phoi": Enrolment.Role.FACILITATOR,
    "tro giang": Enrolment.Role.FACILITATOR,
    "facilitator": Enrolment.Role.FACILITATOR,
    "quan sat": Enrolment.Role.OBSERVER,
    "du thinh": Enrolment.Role.OBSERVER,
    "observer": Enrolment.Role.OBSERVER,
}


def clean_role(raw: object) -> Cleaned:
    text = cell_text(raw)
    if not text:
        return Cleaned("")
    role = _ROLES.get(fold(text).strip(" .:"))
    if role is None:
        return with_problem("", "role_unknown", ROLE_UNKNOWN, value=text)
    return Cleaned(str(role))


def clean_score(raw: object) -> Cleaned:
    text = cell_text(raw).replace(",", ".")
    if not text:
        return Cleaned(None)
    try:
        score = Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        return with_problem(None, "score_invalid", SCORE_INVALID, value=text)
    if not Decimal(0) <= score <= Decimal(100):
        return with_problem(None, "score_invalid", SCORE_INVALID, value=text)
    return Cleaned(score)


ATTENDEE_FIELDS: dict[str, ExtraField] = {
    "role": ExtraField(
        ("Vai trò", "Vai trò trong khoá học", "Role"), label=_("role in the course"), clean=clean_role
    ),
    "nominated_by": ExtraField(
        ("Đơn vị cử", "Cơ quan cử", "Đơn vị cử đi học", "Nominated by", "Nominating organisation"),
        label=_("nominating organisation"),
    ),
    # Longer than the column takes: the row is an error (cut short, it would lose what the list says).
    "alumna_of": ExtraField(
        ("Cựu học viên", "Đã tham gia", "Alumna of"),
        label=_("alumna of"),
        clean=partial(clean_text, max_length=Enrolment._meta.get_field("alumna_of").max_length),
    ),
    "pre_test_score": ExtraField(
        (
            "Điểm trước",
            "Điểm đầu vào",
            "Điểm kiểm tra đầu vào",
            "Điểm kiểm tra đầu khóa",
            "Pre-test",
            "Pre-test score",
        ),
        label=_("pre-test score"),
        clean=clean_score,
    ),
    "post_test_score": ExtraField(
        ("Điểm sau", "Điểm cuối khoá", "Điểm kiểm tra cuối khoá", "Post-test", "Post-test score"),
        label=_("post-test score"),
        clean=clean_score,
    ),
}

ATTENDEE_VOCABULARY: Vocabulary = DEFAULT_VOCABULARY.extended(
    {key: spec.synonyms for key, spec in ATTENDEE_FIELDS.items()},
    labels={key: spec.label for key, spec in ATTENDEE_FIELDS.items()},
)
