"""Load test: officers import attendee lists while ministry staff read dashboards, on a real server.

Run from the project folder, against a PostgreSQL database holding the reference and demo data:

    createdb wl_load
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/wl_load
    DEBUG=1 .venv/bin/python manage.py migrate
    DEBUG=1 .venv/bin/python manage.py load_reference_data
    DEBUG=1 .venv/bin/python manage.py load_demo_data
    .venv/bin/python bench/load.py --duration 60 --officers 4 --readers 8 [--workers 3] [--rows 25]

Without `--url` the script starts the production stack itself on a free port of 127.0.0.1: collectstatic,
gunicorn with `config/gunicorn.conf.py` (`--workers` of them, DEBUG off, the compressed manifest storage)
and the task worker (`manage.py db_worker`), with `SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0` because it
talks plain HTTP, uploads kept in a temporary MEDIA_ROOT; it stops them at the end and prints where their
log is. With `--url http://127.0.0.1:8000` it drives a server already running on the same DATABASE_URL
(started with those two variables at 0).

What it does, for `--duration` seconds:
- `--officers N` simulated officers, spread over the demo officer accounts (`hatinh`, `nghean`: two
  provinces; `--officer` user:password to use others). Each logs in once through the login form (CSRF
  token, session cookie kept: the lockout of django-axes counts failed logins only, so concurrent users
  from 127.0.0.1 do not trip it), then in a loop uploads an .xlsx list of `--rows` new people to a course
  of her province made for this run, opens the preview, checks its counts, commits it and checks the
  result; every third round (the second, fifth, …) she uploads one of her already imported lists again,
  whose preview must say "already enrolled" for every row and whose commit must enrol nobody; now and
  then she downloads the course's participants. All this through the pages a browser uses.
- `--readers M` ministry staff (`bo.noivu`) reading the national and province dashboards, their Excel
  exports, the people, course, programme and candidate lists, a course's participants export, and a
  static file (whitenoise).

It prints, per kind of request, the count, the errors and the latency percentiles (p50, p90, p99, max),
then the totals, the error rate and the throughput. An error is any 5xx, any status the page should not
give (an unexpected 4xx or redirect, e.g. a refused login), a connection error or timeout, or a preview
whose counts are wrong. Afterwards it counts in the database: exactly one new person and one enrolment
per committed row (nothing lost, nothing duplicated, the re-uploads added nothing). It exits 1 on any
error or count mismatch, 2 when it cannot start. The count check assumes nothing else writes people or
enrolments to this database during the run. What a run writes stays (its courses, coded LOAD-<time>-<n>,
their lists and people): use a database kept for load tests, never one with real data.
"""

import argparse
import contextlib
import http.client
import http.cookiejar
import io
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Thị", "Thị Minh", "Thị Thu", "Thị Ngọc", "Thị Thanh", "Thị Hồng", "Thị Kim", "Thị Bích"]
GIVEN = ["Hoà", "Lan", "Hương", "Mai", "Hạnh", "Trang", "Linh", "Thảo", "Ngân", "Yến", "Hằng", "Nga", "Dung"]
POSITIONS = ["Chuyên viên", "Phó Trưởng phòng", "Trưởng phòng", "Phó Giám đốc Sở", "Chủ tịch Hội LHPN xã"]
WORKPLACES = ["Sở Nội vụ", "Sở Tài chính", "Hội LHPN tỉnh", "UBND xã", "Sở Y tế"]
HEADER = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Số CCCD",
    "Điện thoại",
    "Chức vụ",
    "Đơn vị công tác",
    "Vai trò",
]
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STATIC_LINK = re.compile(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"')
COUNT = re.compile(r'data-testid="count-([a-z-]+)">([\d.,\s]+)<')
BATCH_URL = re.compile(r"/trainings/courses/\d+/imports/(\d+)/$")


# --- HTTP ------------------------------------------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPErrorProcessor):
    """Hand every response back as it is: redirects and errors are checked by the caller."""

    def http_response(self, request, response):
        return response

    https_response = http_response


@dataclass
class Response:
    status: int
    location: str
    body: str


@dataclass
class Stats:
    """Latencies and errors of all simulated users, per kind of request (thread-safe)."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    messages: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, error: str | None = None) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if error:
                self.errors[kind] += 1
                self.messages.append(error)

    def fail(self, kind: str, message: str) -> None:
        """An error found in a response that was itself counted (wrong preview counts)."""
        with self.lock:
            self.errors[kind] += 1
            self.messages.append(message)


class Browser:
    """One simulated user: a cookie jar (the session and the CSRF cookie) and the pages she requests."""

    def __init__(self, base_url: str, stats: Stats, name: str, timeout: float):
        self.base_url = base_url.rstrip("/")
        self.stats = stats
        self.name = name
        self.timeout = timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirects
        )

    def request(
        self,
        kind: str,
        path: str,
        *,
        data: bytes | None = None,
        content_type: str | None = None,
        expect: tuple[int, ...] = (200,),
    ) -> Response | None:
        """The response, or None after a connection error; a status not in `expect` is an error."""
        headers = {"User-Agent": "womenlead-load/1"}
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.base_url + path, data=data, headers=headers)
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=self.timeout) as answer:
                body = answer.read()
                status, location = answer.status, answer.headers.get("Location", "")
        except (OSError, http.client.HTTPException) as error:
            self.stats.record(kind, time.perf_counter() - started, f"{self.name} {kind} {path}: {error!r}")
            return None
        elapsed = time.perf_counter() - started
        error = None
        if status not in expect:
            error = f"{self.name} {kind} {path}: HTTP {status} (expected {expect}) {location}".rstrip()
            if status == 429:
                error += " (django-axes lockout)"
        self.stats.record(kind, elapsed, error)
        return Response(status, location, body.decode("utf-8", "replace"))

    def post_form(self, kind: str, path: str, fields: dict[str, str], **kwargs) -> Response | None:
        data = urllib.parse.urlencode(fields).encode()
        return self.request(kind, path, data=data, content_type="application/x-www-form-urlencoded", **kwargs)

    def post_file(
        self, kind: str, path: str, fields: dict[str, str], name: str, filename: str, content: bytes, **kwargs
    ) -> Response | None:
        boundary = uuid.uuid4().hex
        parts = []
        for key, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n')
        body = "".join(parts).encode()
        body += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
        ).encode()
        body += content + f"\r\n--{boundary}--\r\n".encode()
        return self.request(
            kind, path, data=body, content_type=f"multipart/form-data; boundary={boundary}", **kwargs
        )

    def log_in(self, username: str, password: str) -> bool:
        page = self.request("login", "/accounts/login/")
        token = csrf_token(page)
        if token is None:
            return False
        answer = self.post_form(
            "login",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": ""},
            expect=(302,),
        )
        if answer is None or answer.status != 302:
            return False
        if "/accounts/" in answer.location:
            self.stats.fail("login", f"{self.name}: login of {username} sent to {answer.location}")
            return False
        return True


def csrf_token(response: Response | None) -> str | None:
    if response is None:
        return None
    found = CSRF_FIELD.search(response.body)
    return found.group(1) if found else None


def preview_counts(html: str) -> dict[str, int]:
    return {name: int(re.sub(r"\D", "", value) or 0) for name, value in COUNT.findall(html)}


# --- Attendee lists --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attendee:
    full_name: str
    birth_date: date
    citizen_id: str
    phone: str
    position: str
    workplace: str


class PeopleFactory:
    """New people, never seen before: their ID numbers and (name, date of birth) are free in the database."""

    def __init__(self, seed: int):
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.citizen_ids: set[str] = set()
        self.name_and_birth: set[tuple[str, date]] = set()

    def make(self, *, province_code: str, count: int) -> list[Attendee]:
        from django.db.models import Q

        from directory.models import Person
        from directory.text import fold

        with self.lock:
            people: list[Attendee] = []
            while len(people) < count:
                candidates = [self._one(province_code) for _index in range(count - len(people))]
                recorded = Person.objects.filter(
                    Q(citizen_id__in=[person.citizen_id for person in candidates])
                    | Q(
                        search_key__in={fold(person.full_name) for person in candidates},
                        birth_date__in={person.birth_date for person in candidates},
                    )
                ).values_list("citizen_id", "search_key", "birth_date")
                recorded_ids = {citizen_id for citizen_id, _key, _birth in recorded}
                recorded_people = {(key, birth) for _citizen_id, key, birth in recorded}
                for person in candidates:
                    key = (fold(person.full_name), person.birth_date)
                    if person.citizen_id in recorded_ids or person.citizen_id in self.citizen_ids:
                        continue
                    if key in recorded_people or key in self.name_and_birth:
                        continue
                    self.citizen_ids.add(person.citizen_id)
                    self.name_and_birth.add(key)
                    people.append(person)
            return people

    def _one(self, province_code: str) -> Attendee:
        pick = self.random.choice
        birth_date = date(1965, 1, 1) + timedelta(days=self.random.randrange(35 * 365))
        full_name = f"{pick(FAMILY)} {pick(MIDDLE)} {pick(GIVEN)}"
        # CCCD: birth province (3 digits), 1 = a woman born in the 1900s, the year's last two digits, 6 more.
        citizen_id = f"{int(province_code):03d}1{birth_date.year % 100:02d}{self.random.randrange(10**6):06d}"
        return Attendee(
            full_name=full_name,
            birth_date=birth_date,
            citizen_id=citizen_id,
            phone=f"09{self.random.randrange(10**8):08d}",
            position=pick(POSITIONS),
            workplace=pick(WORKPLACES),
        )


def attendee_workbook(people: list[Attendee], title: str) -> bytes:
    """The list as an office makes it: a title line, a header, one row per person, IDs as text."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([None, title])
    sheet.append([])
    sheet.append(HEADER)
    for number, person in enumerate(people, start=1):
        sheet.append(
            [
                number,
                person.full_name,
                person.birth_date.strftime("%d/%m/%Y"),
                "Nữ",
                "Kinh",
                person.citizen_id,
                person.phone,
                person.position,
                person.workplace,
                "Học viên",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Simulated users --------------------------------------------------------------------------------------


@dataclass
class Account:
    username: str
    password: str
    province_pk: int | None = None
    province_code: str = ""


@dataclass
class Run:
    """What the users share: where to go, until when, and what the database must hold afterwards."""

    base_url: str
    deadline: float
    stats: Stats
    people: PeopleFactory
    rows: int
    timeout: float
    reader_paths: list[tuple[str, str]]
    expected: dict[int, list[str]] = field(default_factory=dict)
    commits: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def committed(self, course_pk: int, people: list[Attendee]) -> None:
        with self.lock:
            self.expected[course_pk].extend(person.citizen_id for person in people)
            self.commits += 1


def import_list(
    browser: Browser, run: Run, course_pk: int, content: bytes, *, expect_new: int, expect_enrolled: int
) -> bool:
    """Upload → preview → commit → result, as the import pages do; True once the list is imported."""
    again = " again" if expect_new == 0 else ""
    imports = f"/trainings/courses/{course_pk}/imports/"
    token = csrf_token(browser.request("import page", imports))
    if token is None:
        return False
    filename = f"danh-sach-{uuid.uuid4().hex[:8]}.xlsx"
    uploaded = browser.post_file(
        f"upload{again}",
        imports,
        {"csrfmiddlewaretoken": token},
        "file",
        filename,
        content,
        expect=(302,),
    )
    if uploaded is None or uploaded.status != 302 or not BATCH_URL.search(uploaded.location):
        if uploaded is not None and uploaded.status == 302:
            run.stats.fail("upload", f"{browser.name}: upload went to {uploaded.location}")
        return False
    batch_path = urllib.parse.urlsplit(uploaded.location).path
    preview = browser.request(f"preview{again}", batch_path)
    if preview is None or preview.status != 200:
        return False
    counts = preview_counts(preview.body)
    wanted = {"new": expect_new, "already-enrolled": expect_enrolled, "errors": 0}
    if any(counts.get(name) != value for name, value in wanted.items()):
        run.stats.fail(f"preview{again}", f"{browser.name}: preview of {batch_path} counts {counts}")
        return False
    token = csrf_token(preview)
    committed = browser.post_form(
        f"commit{again}", f"{batch_path}commit/", {"csrfmiddlewaretoken": token or ""}, expect=(302,)
    )
    if committed is None or committed.status != 302:
        return False
    # A refused commit redirects to the batch too, which is then still a preview (no "enrolled" count).
    result = browser.request(f"result{again}", batch_path)
    if result is None or result.status != 200:
        return False
    enrolled = preview_counts(result.body).get("enrolled")
    if enrolled != expect_new:
        run.stats.fail(
            f"result{again}", f"{browser.name}: {batch_path} enrolled {enrolled}, not {expect_new}"
        )
        return False
    return True


def officer(number: int, account: Account, course_pk: int, run: Run) -> None:
    from django.db import connection

    try:
        officer_rounds(number, account, course_pk, run)
    finally:
        # The thread's own connection, opened by PeopleFactory to check that its people are new.
        connection.close()


def officer_rounds(number: int, account: Account, course_pk: int, run: Run) -> None:
    browser = Browser(run.base_url, run.stats, f"officer {number} ({account.username})", run.timeout)
    if not browser.log_in(account.username, account.password):
        return
    imported: list[tuple[bytes, int]] = []
    round_number = 0
    while time.monotonic() < run.deadline:
        round_number += 1
        # Every third round, from the second on, a list already imported goes up again.
        if imported and round_number % 3 == 2:
            content, size = random.choice(imported)
            import_list(browser, run, course_pk, content, expect_new=0, expect_enrolled=size)
        else:
            people = run.people.make(province_code=account.province_code, count=run.rows)
            content = attendee_workbook(people, f"DANH SÁCH HỌC VIÊN (kiểm thử tải, lượt {round_number})")
            if import_list(browser, run, course_pk, content, expect_new=len(people), expect_enrolled=0):
                run.committed(course_pk, people)
                imported.append((content, len(people)))
        if round_number % 4 == 0:
            browser.request("participants export", f"/trainings/courses/{course_pk}/participants.xlsx")


def reader(number: int, account: Account, run: Run) -> None:
    browser = Browser(run.base_url, run.stats, f"reader {number} ({account.username})", run.timeout)
    if not browser.log_in(account.username, account.password):
        return
    home = browser.request("home", "/")
    static = STATIC_LINK.search(home.body) if home else None
    if static:
        browser.request("static file", static.group(1))
    else:
        run.stats.fail("static file", f"{browser.name}: no static file linked from the home page")
    chooser = random.Random(number)
    while time.monotonic() < run.deadline:
        kind, path = chooser.choice(run.reader_paths)
        browser.request(kind, path)


# --- Set-up, server, counts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    people: int
    enrolments: int


def take_counts() -> Counts:
    from directory.models import Person
    from trainings.models import Enrolment

    return Counts(people=Person.objects.count(), enrolments=Enrolment.objects.count())


def check_counts(*, before: Counts, expected: dict[int, list[str]]) -> list[str]:
    """What is wrong in the database after the run: one person and one enrolment per committed row.

    `expected` maps each course of the run to the ID numbers of the people committed into it (first
    uploads only: re-uploads must add nothing). An empty list means no problem.
    """
    from django.db.models import Count

    from directory.models import Person
    from trainings.models import Enrolment

    problems = []
    all_ids = [citizen_id for ids in expected.values() for citizen_id in ids]
    after = take_counts()
    if after.people - before.people != len(all_ids):
        problems.append(
            f"people: {after.people - before.people} new in the database, {len(all_ids)} committed"
        )
    if after.enrolments - before.enrolments != len(all_ids):
        problems.append(
            f"enrolments: {after.enrolments - before.enrolments} new in the database, "
            f"{len(all_ids)} committed"
        )
    recorded = Person.objects.filter(citizen_id__in=all_ids).count()
    if recorded != len(set(all_ids)):
        problems.append(f"people: {recorded} of the {len(set(all_ids))} committed ID numbers are recorded")
    for course_pk, ids in expected.items():
        enrolments = Enrolment.objects.filter(course_id=course_pk)
        enrolled = list(enrolments.values_list("person__citizen_id", flat=True))
        if sorted(enrolled, key=str) != sorted(ids):
            missing = len(set(ids) - set(enrolled))
            extra = len(enrolled) - len(ids) + missing
            problems.append(
                f"course {course_pk}: {len(enrolled)} enrolments for {len(ids)} committed rows "
                f"({missing} missing, {extra} extra)"
            )
        twice = enrolments.values("person_id").annotate(times=Count("pk")).filter(times__gt=1).count()
        if twice:
            problems.append(f"course {course_pk}: {twice} people enrolled more than once")
    return problems


def resolve_accounts(specs: list[str], role: str) -> list[Account]:
    from accounts.models import User

    accounts = []
    for spec in specs:
        username, _colon, password = spec.partition(":")
        user = User.objects.select_related("province").filter(username=username, is_active=True).first()
        if user is None or user.role != role:
            raise SystemExit(f"No active {role} account {username!r} in this database (load_demo_data?).")
        province = user.province
        accounts.append(
            Account(username, password, province.pk if province else None, province.code if province else "")
        )
    return accounts


def create_courses(officers: list[Account], run_label: str) -> list[int]:
    """A course per simulated officer, in her province, without a capacity (the lists must all fit)."""
    from directory.models import AdministrativeUnit
    from trainings.models import Course

    today = date.today()
    course_pks = []
    for number, account in enumerate(officers, start=1):
        province = AdministrativeUnit.objects.get(pk=account.province_pk)
        course = Course.objects.create(
            title=f"Lớp tập huấn kỹ năng lãnh đạo (kiểm thử tải {run_label}, lớp {number})",
            code=f"LOAD-{run_label}-{number}",
            start_date=today,
            end_date=today,
            duration=1,
            province=province,
            unit=province,
        )
        course_pks.append(course.pk)
    return course_pks


def reader_paths(province_pks: list[int], course_pks: list[int]) -> list[tuple[str, str]]:
    from directory.models import AdministrativeUnit

    others = list(
        AdministrativeUnit.objects.current_provinces()
        .exclude(pk__in=province_pks)
        .values_list("pk", flat=True)[:3]
    )
    paths = [("national dashboard", "/reports/")] * 3 + [("national export", "/reports/export.xlsx")]
    for pk in [*province_pks, *others]:
        paths += [
            ("province dashboard", f"/reports/provinces/{pk}/"),
            ("province export", f"/reports/provinces/{pk}/export.xlsx"),
        ]
    paths += [
        ("people list", "/people/"),
        ("people search", "/people/?q=nguyen+thi"),
        ("course list", "/trainings/courses/"),
        ("programme list", "/trainings/programmes/"),
        ("candidate pipeline", "/candidates/"),
        ("candidate list", "/candidates/list/"),
    ]
    paths += [("participants export", f"/trainings/courses/{pk}/participants.xlsx") for pk in course_pks[:2]]
    return paths


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def production_server(workers: int):
    """collectstatic, gunicorn and db_worker on a free port of 127.0.0.1; yields the base URL."""
    port = free_port()
    media = tempfile.TemporaryDirectory(prefix="womenlead-load-media-")
    log_path = Path(tempfile.gettempdir()) / f"womenlead-load-{os.getpid()}.log"
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "load-test-only-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "MEDIA_ROOT": media.name,
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )
    with open(log_path, "w") as log:
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "1"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_for(url, gunicorn, log_path)
            print(f"Server: gunicorn ({workers} workers) + db_worker on {url}; their log: {log_path}")
            yield url
        finally:
            for process in (gunicorn, worker):
                process.terminate()
            for process in (gunicorn, worker):
                try:
                    process.wait(timeout=40)
                except subprocess.TimeoutExpired:
                    process.kill()
            media.cleanup()


def wait_for(url: str, process: subprocess.Popen, log_path: Path) -> None:
    started = time.monotonic()
    while time.monotonic() - started < 90:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start-up:\n{log_path.read_text()[-3000:]}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{url}/accounts/login/", timeout=5) as answer,
        ):
            if answer.status == 200:
                return
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer within 90 s:\n{log_path.read_text()[-3000:]}")


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    index = max(0, min(len(sorted_values) - 1, round(fraction * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


def print_report(stats: Stats, elapsed: float) -> int:
    print(f"\n{'request':<26}{'count':>7}{'errors':>8}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    total = errors = 0
    for kind in sorted(stats.latencies):
        values = sorted(stats.latencies[kind])
        total += len(values)
        errors += stats.errors.get(kind, 0)
        figures = [percentile(values, fraction) * 1000 for fraction in (0.5, 0.9, 0.99)] + [values[-1] * 1000]
        print(
            f"{kind:<26}{len(values):>7}{stats.errors.get(kind, 0):>8}"
            + "".join(f"{figure:>9.0f}" for figure in figures)
        )
    errors += sum(count for kind, count in stats.errors.items() if kind not in stats.latencies)
    rate = errors / total if total else 0
    print(f"\nRequests: {total:,} in {elapsed:.1f} s = {total / elapsed:.1f} requests/s")
    print(f"Errors: {errors} ({rate:.2%})")
    for message in stats.messages[:20]:
        print(f"  {message}")
    if len(stats.messages) > 20:
        print(f"  … and {len(stats.messages) - 20} more")
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (default 60)")
    parser.add_argument("--officers", type=int, default=4, help="simulated officers importing lists")
    parser.add_argument("--readers", type=int, default=8, help="simulated ministry staff reading")
    parser.add_argument("--rows", type=int, default=25, help="people per uploaded list (default 25)")
    parser.add_argument("--url", help="a running server on the same DATABASE_URL (default: start one)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers when starting the server")
    parser.add_argument("--timeout", type=float, default=120, help="seconds before a request is an error")
    parser.add_argument(
        "--officer", action="append", help="user:password of an officer (default: the demo officers)"
    )
    parser.add_argument("--reader", action="append", help="user:password of ministry staff (default: demo)")
    parser.add_argument("--seed", type=int, default=None)
    options = parser.parse_args()

    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        print("Set DATABASE_URL to the PostgreSQL database the server uses (see the docstring).")
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "load-test-only")
    import django

    django.setup()
    from accounts.demo import DEMO_USERS
    from accounts.models import User

    demo = defaultdict(list)
    for user in DEMO_USERS:
        demo[user.role].append(f"{user.username}:{user.password}")
    officer_accounts = resolve_accounts(options.officer or demo[User.Role.OFFICER], User.Role.OFFICER)
    reader_accounts = resolve_accounts(options.reader or demo[User.Role.MINISTRY], User.Role.MINISTRY)
    officers = [officer_accounts[number % len(officer_accounts)] for number in range(options.officers)]

    run_label = time.strftime("%Y%m%d%H%M%S")
    course_pks = create_courses(officers, run_label)
    province_pks = sorted({account.province_pk for account in officer_accounts})
    before = take_counts()
    seed = options.seed if options.seed is not None else random.randrange(10**9)
    print(
        f"Run {run_label} (seed {seed}): {options.officers} officers "
        f"({', '.join(sorted({a.username for a in officers}))}), {options.readers} readers, "
        f"{options.duration:.0f} s, {options.rows} rows per list; courses {course_pks}"
    )
    print(f"Before: {before.people:,} people, {before.enrolments:,} enrolments")

    server = contextlib.nullcontext(options.url) if options.url else production_server(options.workers)
    with server as base_url:
        stats = Stats()
        run = Run(
            base_url=base_url,
            deadline=0,
            stats=stats,
            people=PeopleFactory(seed),
            rows=options.rows,
            timeout=options.timeout,
            reader_paths=reader_paths(province_pks, course_pks),
            expected={pk: [] for pk in course_pks},
        )
        threads = [
            threading.Thread(target=officer, args=(number, account, course_pk, run))
            for number, (account, course_pk) in enumerate(zip(officers, course_pks, strict=True), start=1)
        ]
        threads += [
            threading.Thread(
                target=reader, args=(number, reader_accounts[number % len(reader_accounts)], run)
            )
            for number in range(1, options.readers + 1)
        ]
        started = time.monotonic()
        run.deadline = started + options.duration
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        errors = print_report(stats, elapsed)

    problems = check_counts(before=before, expected=run.expected)
    after = take_counts()
    committed = sum(len(ids) for ids in run.expected.values())
    print(
        f"\nDatabase: {run.commits} lists committed ({committed:,} people); "
        f"people {before.people:,} → {after.people:,} (+{after.people - before.people:,}), "
        f"enrolments {before.enrolments:,} → {after.enrolments:,} (+{after.enrolments - before.enrolments:,})"
    )
    for problem in problems:
        print(f"  COUNT MISMATCH: {problem}")
    if not problems:
        print("  Counts exact: one new person and one enrolment per committed row; re-uploads added nothing.")
    verdict = "clean" if not errors and not problems else "FAILED"
    print(f"Result: {verdict}")
    return 0 if verdict == "clean" else 1


if __name__ == "__main__":
    sys.exit(main())
