"""The permissions matrix: for every URL of the app, who may open it and who may submit it.

This table is the single source of the README's "Permissions" section (`readme_table()` renders it;
tests/security/test_permissions_matrix.py checks that the README holds exactly that text, walks every row
for every role, and fails when a URL of the app is missing from it).

The records a row is tried on belong to Hà Tĩnh (tests/security/world.py). The roles:
- `anonymous`: not signed in;
- `officer_own`: the officer of Hà Tĩnh, on her own province's records;
- `officer_other`: the officer of Nghệ An, on Hà Tĩnh's records (another province's);
- `ministry`: ministry staff; `admin`: an administrator (both national).
List pages, searches and filters are tried by both officers, each of whom must never see the other
province's records.

Run `python -m tests.security.matrix` to print the README section after changing the table.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

ROLES = ("anonymous", "officer_own", "officer_other", "ministry", "admin")
ROLE_TITLES = {
    "anonymous": "anonymous",
    "officer_own": "officer (own province)",
    "officer_other": "officer (other province)",
    "ministry": "ministry",
    "admin": "administrator",
}

# Outcomes. Allowed: the page answers (200) or sends on (a redirect elsewhere than the login page).
OK = "ok"
# Refused: another province's record does not exist for the officer; a record she may read but not
# change is forbidden; an anonymous visitor is sent to the login page.
NOT_FOUND = "404"
FORBIDDEN = "403"
LOGIN = "login"
# Refused by the form itself: the page answers 200 with an error and writes nothing (e.g. a body or
# person of another province is not among the choices offered).
FORM_ERROR = "form-error"
# The address takes POST only.
POST_ONLY = "405"

REFUSALS = (NOT_FOUND, FORBIDDEN, LOGIN, FORM_ERROR)
CELL = {
    OK: "✓",
    NOT_FOUND: "✗ 404",
    FORBIDDEN: "✗ 403",
    LOGIN: "→ login",
    FORM_ERROR: "✗ (not offered)",
    POST_ONLY: "POST only",
}


def expect(anonymous, officer_own, officer_other, ministry, admin) -> dict[str, str]:
    return dict(zip(ROLES, (anonymous, officer_own, officer_other, ministry, admin), strict=True))


PUBLIC = expect(OK, OK, OK, OK, OK)
SIGNED_IN = expect(LOGIN, OK, OK, OK, OK)
OWN_PROVINCE = expect(LOGIN, OK, NOT_FOUND, OK, OK)
NATIONAL_ROLES = expect(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK)
NATIONAL_ONLY_404 = expect(LOGIN, NOT_FOUND, NOT_FOUND, OK, OK)
ADMIN_ONLY = expect(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
POST_ONLY_GET = expect(LOGIN, POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY)

# Areas, in the README's order.
PAGES = "Pages"
ACTIONS = "Actions"
EXPORTS = "Exports and downloads"
IMPORTS = "Imports"
REPORTS = "Reports and dashboards"
AREAS = (PAGES, ACTIONS, EXPORTS, IMPORTS, REPORTS)


@dataclass(frozen=True)
class Entry:
    """One row: a named URL (with a variant when it is tried on two kinds of record) and its outcomes.

    `args(world)` gives the URL's arguments for Hà Tĩnh's record; `post(world)` the data of a submission
    that a permitted user would see succeed, so that a refusal that writes nothing means something.
    `lists` marks pages that list records: each officer must see her own province's marker there, and
    national roles both. `public_content` marks the public certificate check, which shows a name to anyone
    who holds the certificate number, by design. `shows_record` False marks the pages of a record that do
    not show its marked text (a blank template, a national record): the others must show it to those
    allowed, which proves that the leak check can read the page (HTML, CSV, Excel, PDF, JSON).
    `post_writes` says that the submission writes for those allowed, which proves that a refusal leaving
    the database unchanged means something.
    """

    name: str
    area: str
    label: str
    get: dict[str, str]
    args: Callable | None = None
    post: Callable | None = None
    post_expect: dict[str, str] | None = None
    variant: str = ""
    lists: bool = False
    post_writes: bool = True
    shows_record: bool = True
    probe: bool = True
    public_content: bool = False
    notes: str = ""

    @property
    def id(self) -> str:
        return f"{self.name}[{self.variant}]" if self.variant else self.name


def _today() -> str:
    return datetime.date.today().isoformat()


def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def _attendee_file():
    from tests.trainings.test_import import attendee_list

    rows = [[1, "Phan Thị Tải", "01/01/1990", "Nữ", None, None, "Hà Tĩnh", "Học viên"]]
    return _upload("tai-len.xlsx", attendee_list(rows))


def _candidate_file():
    from tests.candidates.test_import import candidate_list

    return _upload(
        "ung-vien-moi.xlsx", candidate_list(["Hồ Thị Mới", "01/02/1983", "Nữ", None, "", "", "", "", ""])
    )


def _attendee_mapping(world) -> dict:
    """The batch's column mapping as the preview shows it, with its first column left out."""
    from trainings.imports.commit import batch_preview

    columns = batch_preview(batch=world.ha_tinh.import_batch, actor=None).sheet.header.columns
    data = {f"col_{column.letter}": column.field or "ignore" for column in columns}
    data[f"col_{columns[0].letter}"] = "ignore"
    return data


def _person_data(world) -> dict:
    person = world.ha_tinh.person
    return {
        "family_name": person.family_name,
        "middle_name": person.middle_name,
        "given_name": person.given_name + "Sửa",
        "gender": person.gender,
        "birth_year": person.birth_year,
        "citizen_id": person.citizen_id,
        "province": person.province_id,
        "leadership_level": person.leadership_level,
    }


def _course_data(world, course=None) -> dict:
    course = course or world.ha_tinh.course
    return {
        "title": f"{course.title} sửa" if course.pk else "Lớp mới",
        "kind": course.kind,
        "programme": course.programme_id or "",
        "plan": course.plan_id or "",
        "unit": course.unit_id or "",
        "start_date": course.start_date.isoformat(),
        "end_date": course.end_date.isoformat(),
        "duration": course.duration,
        "duration_unit": course.duration_unit,
        "format": course.format,
        "status": course.status,
        "completion_rule": course.completion_rule,
        "code": course.code,
        "capacity": course.capacity or "",
    }


def _new_course_data(world) -> dict:
    data = _course_data(world)
    data.update(title="Lớp mới của ma trận", code="MATRIX-NEW")
    return data


def _plan_data(world) -> dict:
    plan = world.ha_tinh.plan
    return {"number": plan.number, "title": plan.title + " sửa", "issued_on": plan.issued_on.isoformat()}


def _programme_data(programme) -> dict:
    return {"name": programme.name + " sửa", "code": programme.code}


def _assignment_data(world) -> dict:
    assignment = world.ha_tinh.assignment
    return {
        "organisation": assignment.organisation_id,
        "task": "Nhiệm vụ mới",
        "status": "in_progress",
    }


def _records(world):
    return world.ha_tinh


def _pk(attribute: str) -> Callable:
    return lambda world: {"pk": getattr(_records(world), attribute).pk}


def _batch_args(world) -> dict:
    batch = _records(world).import_batch
    return {"pk": batch.course_id, "batch_pk": batch.pk}


MATRIX: tuple[Entry, ...] = (
    # --- Pages ------------------------------------------------------------------------------------------
    Entry("home", PAGES, "Home (an officer lands on her province's dashboard)", SIGNED_IN),
    Entry("login", PAGES, "Sign in", PUBLIC, probe=False, notes="a signed-in user is sent on"),
    Entry("set_language", PAGES, "Language switch", PUBLIC, probe=False),
    Entry(
        "login_verify",
        PAGES,
        "Sign in, second step (authenticator code; without a password just given: back to sign in)",
        expect(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        probe=False,
    ),
    Entry(
        "admin_login",
        PAGES,
        "The admin site's login (sends to the site's sign-in, or an administrator to the admin site)",
        ADMIN_ONLY,
        probe=False,
    ),
    Entry("health", PAGES, "Health check (database up; no data)", PUBLIC, probe=False),
    Entry("account", PAGES, "One's own account", SIGNED_IN, probe=False),
    Entry("password_change", PAGES, "Change one's own password", SIGNED_IN, probe=False),
    Entry("audit:log_list", PAGES, "Audit trail", ADMIN_ONLY),
    Entry("directory:person_list", PAGES, "People: list, search and filters", SIGNED_IN, lists=True),
    Entry("directory:person_detail", PAGES, "A person's record", OWN_PROVINCE, _pk("person")),
    Entry("trainings:programme_list", PAGES, "Programmes: list and search", SIGNED_IN, lists=True),
    Entry("trainings:programme_detail", PAGES, "A provincial programme", OWN_PROVINCE, _pk("programme")),
    Entry(
        "trainings:programme_detail",
        PAGES,
        "A national programme (an officer sees only her province's courses in it)",
        SIGNED_IN,
        lambda world: {"pk": world.national_programme.pk},
        variant="national",
    ),
    Entry("trainings:plan_list", PAGES, "Plans: list and search", SIGNED_IN, lists=True),
    Entry("trainings:plan_detail", PAGES, "A plan", OWN_PROVINCE, _pk("plan")),
    Entry("trainings:assignment_list", PAGES, "Assignments of plans", SIGNED_IN, lists=True),
    Entry("trainings:course_list", PAGES, "Courses: list, search and filters", SIGNED_IN, lists=True),
    Entry("trainings:course_detail", PAGES, "A course", OWN_PROVINCE, _pk("course")),
    Entry("trainings:feedback_summary", PAGES, "A course's feedback summary", OWN_PROVINCE, _pk("course")),
    Entry(
        "trainings:cascade",
        PAGES,
        "A cascade (core course, workshops, reach)",
        OWN_PROVINCE,
        _pk("core_course"),
    ),
    Entry(
        "trainings:cascade_action_plans",
        PAGES,
        "A cascade's action plans",
        OWN_PROVINCE,
        _pk("core_course"),
    ),
    Entry("candidates:pipeline", PAGES, "Candidate pipeline (funnel)", SIGNED_IN),
    Entry("candidates:candidacy_list", PAGES, "Candidacies: list, search and filters", SIGNED_IN, lists=True),
    Entry(
        "candidates:candidacy_detail", PAGES, "A candidacy and its history", OWN_PROVINCE, _pk("candidacy")
    ),
    Entry("candidates:quota_table", PAGES, "Quota compliance", SIGNED_IN),
    Entry(
        "certificates:verify_form",
        PAGES,
        "Certificate check (public, reached by the QR code)",
        PUBLIC,
        probe=False,
    ),
    Entry(
        "certificates:verify",
        PAGES,
        "Certificate check of one number (public: name, course and dates only)",
        PUBLIC,
        lambda world: {"number": _records(world).enrolment.certificate_number},
        public_content=True,
        probe=False,
    ),
    # --- Actions ----------------------------------------------------------------------------------------
    Entry(
        "logout",
        ACTIONS,
        "Sign out (back to the login page)",
        expect(LOGIN, POST_ONLY, POST_ONLY, POST_ONLY, POST_ONLY),
        post=lambda world: {},
        post_expect=expect(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        post_writes=False,
        probe=False,
    ),
    Entry(
        "directory:person_create",
        ACTIONS,
        "Add a person (an officer: in her province only)",
        SIGNED_IN,
        post=lambda world: {
            "family_name": "Phạm",
            "middle_name": "Thị",
            "given_name": "Mới",
            "gender": "female",
            "province": world.ha_tinh.province.pk,
            "leadership_level": "none",
        },
        post_expect=SIGNED_IN,
    ),
    Entry(
        "directory:person_edit",
        ACTIONS,
        "Change a person",
        OWN_PROVINCE,
        _pk("person"),
        post=_person_data,
        post_expect=OWN_PROVINCE,
    ),
    Entry(
        "trainings:programme_create",
        ACTIONS,
        "Add a programme (an officer: a provincial one)",
        SIGNED_IN,
        post=lambda world: {"name": "Chương trình mới", "code": "PRG-MATRIX"},
        post_expect=SIGNED_IN,
    ),
    Entry(
        "trainings:programme_edit",
        ACTIONS,
        "Change a provincial programme",
        OWN_PROVINCE,
        _pk("programme"),
        post=lambda world: _programme_data(world.ha_tinh.programme),
        post_expect=OWN_PROVINCE,
    ),
    Entry(
        "trainings:programme_edit",
        ACTIONS,
        "Change a national programme",
        NATIONAL_ROLES,
        lambda world: {"pk": world.national_programme.pk},
        post=lambda world: _programme_data(world.national_programme),
        post_expect=NATIONAL_ROLES,
        variant="national",
        shows_record=False,
    ),
    Entry(
        "trainings:plan_create",
        ACTIONS,
        "Add a plan",
        SIGNED_IN,
        post=lambda world: {"number": "1/KH-MATRIX", "title": "Kế hoạch mới"},
        post_expect=SIGNED_IN,
    ),
    Entry(
        "trainings:plan_edit",
        ACTIONS,
        "Change a plan",
        OWN_PROVINCE,
        _pk("plan"),
        post=_plan_data,
        post_expect=OWN_PROVINCE,
    ),
    Entry(
        "trainings:assignment_create",
        ACTIONS,
        "Add an assignment to a plan",
        OWN_PROVINCE,
        lambda world: {"plan_pk": world.ha_tinh.plan.pk},
        post=_assignment_data,
        post_expect=OWN_PROVINCE,
    ),
    Entry(
        "trainings:assignment_edit",
        ACTIONS,
        "Change an assignment",
        OWN_PROVINCE,
        _pk("assignment"),
        post=_assignment_data,
        post_expect=OWN_PROVINCE,
    ),
    Entry(
        "trainings:course_create",
        ACTIONS,
        "Add a course (in a plan and unit of the user's scope)",
        SIGNED_IN,
        post=_new_course_data,
        post_expect=expect(LOGIN, OK, FORM_ERROR, OK, OK),
    ),
    Entry(
        "trainings:course_edit",
        ACTIONS,
        "Change a course",
        OWN_PROVINCE,
        _pk("course"),
        post=_course_data,
        post_expect=OWN_PROVINCE,
    ),
    Entry(
        "trainings:course_trainer_add",
        ACTIONS,
        "Add a trainer to a course (with a people search)",
        OWN_PROVINCE,
        _pk("course"),
        post=lambda world: {"name": "Giảng viên mời", "role": "trainer"},
        post_expect=OWN_PROVINCE,
    ),
    Entry(
        "trainings:course_trainer_remove",
        ACTIONS,
        "Remove a trainer",
        POST_ONLY_GET,
        _pk("trainer"),
        post=lambda world: {},
        post_expect=OWN_PROVINCE,
    ),
    Entry(
        "trainings:enrolment_add",
        ACTIONS,
        "Enrol someone in a course (with a people search)",
        OWN_PROVINCE,
        _pk("core_course"),
        post=lambda world: {"person": world.ha_tinh.person.pk, "role": "core_trainee"},
        post_expect=OWN_PROVINCE,
    ),
    Entry(
        "trainings:attendance",
        ACTIONS,
        "Attendance grid",
        OWN_PROVINCE,
        _pk("course"),
        post=lambda world: {"everyone": "1"},
        post_expect=OWN_PROVINCE,
    ),
    Entry(
        "trainings:enrolment_edit",
        ACTIONS,
        "Change an enrolment (role, scores, completion)",
        OWN_PROVINCE,
        _pk("enrolment"),
        post=lambda world: {"role": "trainee", "pre_test_score": "4", "post_test_score": "9"},
        post_expect=OWN_PROVINCE,
    ),
    Entry(
        "trainings:enrolment_remove",
        ACTIONS,
        "Remove an enrolment",
        POST_ONLY_GET,
        _pk("core_enrolment"),
        post=lambda world: {},
        post_expect=OWN_PROVINCE,
    ),
    Entry(
        "trainings:feedback",
        ACTIONS,
        "Record a participant's feedback",
        OWN_PROVINCE,
        _pk("enrolment"),
        post=lambda world: {"overall": "2", "comments": "Ý kiến mới"},
        post_expect=OWN_PROVINCE,
    ),
    Entry(
        "trainings:action_plan",
        ACTIONS,
        "A core trainee's action plan",
        OWN_PROVINCE,
        _pk("core_enrolment"),
        post=lambda world: {
            "short_term_goals": "Mục tiêu mới",
            "milestones-TOTAL_FORMS": "0",
            "milestones-INITIAL_FORMS": "0",
        },
        post_expect=OWN_PROVINCE,
    ),
    Entry(
        "trainings:wrap_up_invite",
        ACTIONS,
        "Invite to a wrap-up workshop",
        OWN_PROVINCE,
        _pk("wrap_up"),
        post=lambda world: {"core_trainees": "1"},
        post_expect=OWN_PROVINCE,
    ),
    Entry(
        "candidates:candidacy_create",
        ACTIONS,
        "Record a candidacy (with a people search)",
        SIGNED_IN,
        post=lambda world: {
            "person": world.ha_tinh.person.pk,
            "term": world.term.pk,
            "body": world.ha_tinh.body.pk,
            "stage": "pool",
            "on_date": "2025-06-01",
        },
        post_expect=OWN_PROVINCE,
        notes="GET lists only people of the user's scope; a POST naming another province's person is a 404",
    ),
    Entry(
        "two_factor",
        ACTIONS,
        "Two-factor authentication (administrators)",
        ADMIN_ONLY,
        post=lambda world: {"token": "000000"},
        post_expect=ADMIN_ONLY,
        post_writes=False,
        probe=False,
    ),
    Entry(
        "candidates:candidacy_advance",
        ACTIONS,
        "Move a candidacy to another stage",
        OWN_PROVINCE,
        _pk("candidacy"),
        post=lambda world: {"to_stage": "planning", "on_date": _today(), "reason": "Quyết định"},
        post_expect=OWN_PROVINCE,
    ),
    # --- Exports and downloads ---------------------------------------------------------------------------
    Entry(
        "trainings:participants_export",
        EXPORTS,
        "A course's participants (Excel)",
        OWN_PROVINCE,
        lambda world: {"pk": world.ha_tinh.course.pk, "file_format": "xlsx"},
        variant="xlsx",
    ),
    Entry(
        "trainings:participants_export",
        EXPORTS,
        "A course's participants (CSV)",
        OWN_PROVINCE,
        lambda world: {"pk": world.ha_tinh.course.pk, "file_format": "csv"},
        variant="csv",
    ),
    Entry(
        "directory:person_export",
        EXPORTS,
        "Everything held about a person (data-subject request, JSON)",
        expect(LOGIN, OK, NOT_FOUND, FORBIDDEN, OK),
        _pk("person"),
    ),
    Entry(
        "trainings:import_template",
        EXPORTS,
        "Attendee list template (Excel)",
        OWN_PROVINCE,
        _pk("course"),
        shows_record=False,
    ),
    Entry("trainings:import_file", EXPORTS, "An attendee list as uploaded", OWN_PROVINCE, _batch_args),
    Entry(
        "trainings:import_error_report",
        EXPORTS,
        "An attendee list's error report (Excel)",
        OWN_PROVINCE,
        _batch_args,
    ),
    Entry(
        "candidates:import_file",
        EXPORTS,
        "A candidate list as uploaded",
        OWN_PROVINCE,
        _pk("candidate_import"),
    ),
    Entry(
        "certificates:download",
        EXPORTS,
        "A certificate (PDF)",
        OWN_PROVINCE,
        _pk("enrolment"),
        probe=False,
    ),
    Entry(
        "certificates:course",
        EXPORTS,
        "A course's certificates (PDF)",
        OWN_PROVINCE,
        _pk("course"),
        probe=False,
    ),
    # --- Imports ----------------------------------------------------------------------------------------
    Entry(
        "trainings:import_list",
        IMPORTS,
        "Attendee import: upload and history",
        OWN_PROVINCE,
        _pk("course"),
        post=lambda world: {"file": _attendee_file()},
        post_expect=OWN_PROVINCE,
    ),
    Entry(
        "trainings:import_preview",
        IMPORTS,
        "Attendee import: preview and column mapping",
        OWN_PROVINCE,
        _batch_args,
        post=_attendee_mapping,
        post_expect=OWN_PROVINCE,
    ),
    Entry(
        "trainings:import_commit",
        IMPORTS,
        "Attendee import: commit",
        POST_ONLY_GET,
        _batch_args,
        post=lambda world: {},
        post_expect=OWN_PROVINCE,
    ),
    Entry(
        "trainings:import_discard",
        IMPORTS,
        "Attendee import: discard",
        POST_ONLY_GET,
        _batch_args,
        post=lambda world: {},
        post_expect=OWN_PROVINCE,
    ),
    Entry("candidates:import_list", IMPORTS, "Candidate import: history", SIGNED_IN, lists=True),
    Entry(
        "candidates:import_upload",
        IMPORTS,
        "Candidate import: upload (for a body of the user's scope)",
        SIGNED_IN,
        post=lambda world: {"term": world.term.pk, "body": world.ha_tinh.body.pk, "file": _candidate_file()},
        post_expect=expect(LOGIN, OK, FORM_ERROR, OK, OK),
    ),
    Entry(
        "candidates:import_preview",
        IMPORTS,
        "Candidate import: preview and column mapping",
        OWN_PROVINCE,
        _pk("candidate_import"),
        post=lambda world: {"A": "ignore"},
        post_expect=OWN_PROVINCE,
    ),
    Entry(
        "candidates:import_commit",
        IMPORTS,
        "Candidate import: commit",
        POST_ONLY_GET,
        _pk("candidate_import"),
        post=lambda world: {},
        post_expect=OWN_PROVINCE,
    ),
    Entry(
        "candidates:import_discard",
        IMPORTS,
        "Candidate import: discard",
        POST_ONLY_GET,
        _pk("candidate_import"),
        post=lambda world: {},
        post_expect=OWN_PROVINCE,
    ),
    # --- Reports and dashboards ----------------------------------------------------------------------------
    Entry(
        "reports:national",
        REPORTS,
        "National dashboard (an officer is sent to her province's)",
        SIGNED_IN,
    ),
    Entry(
        "reports:province",
        REPORTS,
        "A province's dashboard",
        OWN_PROVINCE,
        lambda world: {"pk": world.ha_tinh.province.pk},
    ),
    Entry(
        "reports:national_export",
        REPORTS,
        "National dashboard export (Excel; an officer gets her province's)",
        SIGNED_IN,
    ),
    Entry(
        "reports:province_export",
        REPORTS,
        "A province's dashboard export (Excel)",
        OWN_PROVINCE,
        lambda world: {"pk": world.ha_tinh.province.pk},
    ),
    Entry("reports:quarterly_list", REPORTS, "Quarterly reports: the archive", SIGNED_IN),
    Entry(
        "reports:quarterly_new",
        REPORTS,
        "Quarterly reports: ask for a report",
        ADMIN_ONLY,
        post=lambda world: {
            "period": "2026Q1",
            "province": world.ha_tinh.province.pk,
            "language": "vi",
            "issuer": "Ủy ban nhân dân tỉnh Hà Tĩnh",
            "issuer_abbreviation": "UBND",
            "place": "Hà Tĩnh",
            "signer_title": "Chủ tịch",
        },
        post_expect=ADMIN_ONLY,
    ),
    Entry(
        "reports:quarterly_detail",
        REPORTS,
        "A province's quarterly report",
        OWN_PROVINCE,
        _pk("report"),
        shows_record=False,
    ),
    Entry(
        "reports:quarterly_detail",
        REPORTS,
        "A national quarterly report",
        NATIONAL_ONLY_404,
        lambda world: {"pk": world.national_report.pk},
        variant="national",
        shows_record=False,
    ),
    Entry(
        "reports:quarterly_download",
        REPORTS,
        "A province's quarterly report (PDF)",
        OWN_PROVINCE,
        lambda world: {"pk": world.ha_tinh.report.pk, "kind": "pdf"},
        variant="pdf",
        probe=False,
    ),
    Entry(
        "reports:quarterly_download",
        REPORTS,
        "A province's quarterly report (Excel)",
        OWN_PROVINCE,
        lambda world: {"pk": world.ha_tinh.report.pk, "kind": "xlsx"},
        variant="xlsx",
    ),
    Entry(
        "reports:quarterly_download",
        REPORTS,
        "A national quarterly report (PDF)",
        NATIONAL_ONLY_404,
        lambda world: {"pk": world.national_report.pk, "kind": "pdf"},
        variant="national-pdf",
        probe=False,
        shows_record=False,
    ),
)


def entries_by_area() -> dict[str, list[Entry]]:
    grouped = {area: [] for area in AREAS}
    for entry in MATRIX:
        grouped[entry.area].append(entry)
    return grouped


def _cell(entry: Entry, role: str) -> str:
    get = CELL[entry.get[role]]
    if entry.lists and role.startswith("officer") and entry.get[role] == OK:
        get = "✓ own province's rows"
    if entry.post_expect is None:
        return get
    post = CELL[entry.post_expect[role]]
    if entry.get[role] == POST_ONLY:
        return post
    return get if get == post else f"{get} / submit {post}"


def readme_table() -> str:
    """The README's permissions tables, one per area, rendered from MATRIX."""
    lines = []
    header = "| what | URL name | " + " | ".join(ROLE_TITLES[role] for role in ROLES) + " |"
    rule = "| --- | --- |" + " --- |" * len(ROLES)
    for area, entries in entries_by_area().items():
        lines += [f"**{area}**", "", header, rule]
        for entry in entries:
            cells = " | ".join(_cell(entry, role) for role in ROLES)
            lines.append(f"| {entry.label} | `{entry.id}` | {cells} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(readme_table(), end="")
