"""How long the preview of a 10,000-row attendee list takes: read, detect and clean, match (DESIGN.md §6).

Run from the project folder:

    DEBUG=1 .venv/bin/python bench/bench_import_read.py [--rows 10000] [--people 60000]

It builds a messy workbook of new people in a temporary file (title lines, merged cells, a two-line
header, NFD and capitalised names, dates of every kind, IDs and phones that lost their leading zero, old
province names, blank rows, a signature block), creates a scratch database the way the test runner does
(in memory for SQLite; a throw-away `bench_import_<pid>` database when DATABASE_URL names PostgreSQL),
loads the reference data and N people into it, and prints the time of each step and the peak memory.
Target: read + clean + match well under 1.5 s on PostgreSQL.
"""

import argparse
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

import openpyxl  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
]
MIDDLE = ["Thị", "Thị Minh", "Thị Thu", "Thị Ngọc", "Thị Thanh", "Thị Hồng", "Thị Kim", "Thị Bích", "Thị Mai"]
GIVEN = ["Hoà", "Lan", "Hương", "Mai", "Hạnh", "Trang", "Linh", "Thảo", "Ngân", "Yến", "Hằng", "Nga", "Dung"]
ETHNIC = ["Kinh", "Kinh", "Kinh", "Tày", "Thái", "H'Mông", "HMông", "Khơ-me", "Mường", "Nùng", "Dao"]
PROVINCES = [
    "Hà Tĩnh",
    "Nghệ An",
    "Bà Rịa - Vũng Tàu",
    "Tỉnh Quảng Bình",
    "TP. Hồ Chí Minh",
    "Hà Giang",
    "Huế",
]
POSITIONS = ["Chuyên viên", "Phó Trưởng phòng", "Trưởng phòng", "Phó Giám đốc Sở", "Chủ tịch Hội LHPN xã"]
WORKPLACES = ["Sở Nội vụ", "Sở Tài chính", "Hội LHPN tỉnh", "UBND xã", "Sở Lao động - Thương binh và Xã hội"]


def timed(label: str, results: dict, function, *args, **kwargs):
    start, cpu = time.perf_counter(), time.process_time()
    value = function(*args, **kwargs)
    results[label] = time.perf_counter() - start
    results.setdefault("cpu", {})[label] = time.process_time() - cpu
    return value


def report(results: dict) -> str:
    """ "read 0.201 s (cpu 0.198)": wall time, and this process's CPU time (other load on the machine)."""
    cpu = results.get("cpu", {})
    return ", ".join(
        f"{label} {seconds:.3f} s" + (f" (cpu {cpu[label]:.3f})" if label in cpu else "")
        for label, seconds in results.items()
        if label != "cpu"
    )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _letters(number: int) -> str:
    """A made-up extra given name, distinct for each number: "Ab", "Ac" … (names hold no digits)."""
    letters = ""
    while True:
        number, remainder = divmod(number, 26)
        letters = chr(97 + remainder) + letters
        if not number:
            return letters.capitalize()


def citizen_id(code: str, birth: date, serial: int) -> str:
    digit = (birth.year // 100 - 19) * 2 + 1  # a woman
    return f"{code}{digit}{birth.year % 100:02d}{serial:06d}"


def messy_birth(birth: date, number: int):
    kind = number % 6
    if kind == 0:
        return datetime(birth.year, birth.month, birth.day)
    if kind == 1:
        return (birth - date(1899, 12, 30)).days  # a serial number in a General-formatted cell
    if kind == 2:
        return birth.strftime("%d/%m/%Y")
    if kind == 3:
        return f"{birth.day}-{birth.month}-{birth.year % 100:02d}"
    if kind == 4:
        return birth.year
    return birth


def build_workbook(
    path: Path, rows: int, seed: int = 7, first: int = 1, provinces: Sequence[str] = PROVINCES
) -> None:
    """A messy list of `rows` new people; `first` numbers them (their name suffixes and ID serials), so
    that lists made with different `first` (and seed) share nobody; `provinces`: how their province
    cells read."""
    rng = random.Random(seed)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append(
        ["UBND TỈNH HÀ TĨNH", None, None, None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    )
    sheet.append(["HỘI LIÊN HIỆP PHỤ NỮ", None, None, None, None, None, None, "Độc lập - Tự do - Hạnh phúc"])
    sheet.append([])
    sheet.append([None, "DANH SÁCH HỌC VIÊN LỚP TẬP HUẤN KỸ NĂNG LÃNH ĐẠO"])
    sheet.append([])
    header = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số CCCD", "SĐT", "Email"]
    sheet.append([*header, "Chức vụ", "Đơn vị công tác", "Tỉnh/Thành phố", "Ghi chú"])
    sheet.append([f"({number})" for number in range(1, 13)])
    sheet.merge_cells("B4:L4")
    sheet.merge_cells("A1:D1")
    for number in range(first, first + rows):
        if number % 500 == 0:
            sheet.append([])  # a blank row inside the table
        family, middle, given = rng.choice(FAMILY), rng.choice(MIDDLE), rng.choice(GIVEN)
        name = f"{family} {middle} {given} {_letters(number)}"
        if number % 7 == 0:
            name = unicodedata.normalize("NFD", name)
        elif number % 7 == 1:
            name = name.upper()
        elif number % 7 == 2:
            name = name.replace(" ", "  ", 1)
        birth = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 365 * 35))
        cid = citizen_id("042", birth, number)
        id_cell = int(cid) if number % 3 else cid  # most lost their leading zero to Excel
        phone = f"09{rng.randrange(10**7, 10**8)}"
        phone_cell = int(phone) if number % 4 == 0 else ("+84 " + phone[1:] if number % 4 == 1 else phone)
        sheet.append(
            [
                number,
                name,
                messy_birth(birth, number),
                rng.choice(["Nữ", "nữ", "Nu", "F"]),
                rng.choice(ETHNIC),
                id_cell if number % 10 else None,
                phone_cell,
                f"hv{number}@hatinh.gov.vn" if number % 2 else None,
                rng.choice(POSITIONS),
                rng.choice(WORKPLACES),
                rng.choice(provinces),
                None,
            ]
        )
    sheet.append([])
    sheet.append([None, "Người lập biểu", None, None, None, None, None, "Hà Tĩnh, ngày 15 tháng 3 năm 2026"])
    sheet.append([None, None, None, None, None, None, None, "TM. BAN THƯỜNG VỤ"])
    workbook.save(path)


def create_scratch_database() -> str:
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = f"bench_import_{os.getpid()}"
    return connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)


def load_people(count: int) -> None:
    from directory.models import AdministrativeUnit, Person

    try:
        from directory.reference.loader import load_reference_data

        load_reference_data()
    except ImportError:
        print("  (directory.reference.loader not found: no ethnic groups or provinces loaded)")
    provinces = list(AdministrativeUnit.objects.current_provinces().values_list("pk", flat=True)) or [None]
    rng = random.Random(11)
    people = []
    for number in range(count):
        birth = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 40))
        person = Person(
            family_name=rng.choice(FAMILY),
            middle_name=rng.choice(MIDDLE),
            given_name=f"{rng.choice(GIVEN)} {_letters(number + 100_000)}",
            gender=Person.Gender.FEMALE,
            birth_date=birth if number % 4 else None,
            birth_year=birth.year,
            citizen_id=citizen_id("001", birth, number) if number % 3 else None,
            province_id=provinces[number % len(provinces)],
        )
        person.normalise()
        people.append(person)
    Person.objects.bulk_create(people, batch_size=5000)
    if connection.vendor == "postgresql":
        # What autovacuum does after a load: without statistics the planner scans the whole table.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def preview(path: Path, results: dict):
    from directory.importing.matching import match_people
    from directory.importing.pipeline import parse_sheet
    from directory.importing.reading import read_table
    from directory.models import Person

    raw = timed("read", results, read_table, path)
    parsed = timed("detect + clean", results, parse_sheet, raw)
    matches = timed("match", results, match_people, parsed.rows, scope_queryset=Person.objects.all())
    results["preview total"] = results["read"] + results["detect + clean"] + results["match"]
    results["cpu"]["preview total"] = sum(results["cpu"].values())
    return parsed, matches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=60_000)
    options = parser.parse_args()

    print(f"Database: {connection.vendor}")
    setup: dict = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "danh-sach.xlsx"
        timed(
            "build the workbook (openpyxl, not part of the preview)",
            setup,
            build_workbook,
            path,
            options.rows,
        )
        old_name = timed("create the scratch database", setup, create_scratch_database)
        try:
            timed(f"load reference data and {options.people:,} people", setup, load_people, options.people)
            for label, seconds in setup.items():
                if label != "cpu":
                    print(f"  setup: {label}: {seconds:.2f} s")
            print(f"  file: {path.stat().st_size / 1024:.0f} KB, {options.rows:,} people")

            rss_before = peak_rss_mb()
            for attempt in (1, 2, 3):
                results: dict = {}
                parsed, matches = preview(path, results)
                print(f"Run {attempt}: {report(results)}")
            print(f"  rows: {parsed.counts}; matches: {_outcomes(matches)}")
            print(
                f"  repairs: {sum(len(row.repairs) for row in parsed.rows):,}, problems: "
                f"{sum(len(row.problems) for row in parsed.rows):,}"
            )
            print(f"Peak RSS: {peak_rss_mb():.0f} MB (before the preview runs: {rss_before:.0f} MB)")

            tracemalloc.start()
            preview(path, {"cpu": {}})
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"Peak Python allocations during one preview (tracemalloc): {peak / 1024 / 1024:.0f} MB")
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def _outcomes(matches) -> dict[str, int]:
    counts: dict[str, int] = {}
    for match in matches:
        counts[match.outcome] = counts.get(match.outcome, 0) + 1
    return counts


if __name__ == "__main__":
    main()
