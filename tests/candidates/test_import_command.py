"""`manage.py import_candidates`: a preview unless --commit; exit 0 importable, 1 errors, 2 unreadable."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from candidates.models import Candidacy, CandidateImport
from directory.models import Person
from tests.candidates.test_import import candidate_list

GOOD = [
    ["Võ Thị Lan", "12/12/1988", "Nữ", None, "", "", "quy hoạch", "", ""],
    ["Hồ Thị Tâm", "01/02/1983", "Nữ", None, "", "", "", "", ""],
]
BAD = [*GOOD, ["Đặng Thị Yến", "01/03/1984", "Nữ", None, "", "", "bầu bổ sung", "", ""]]


def run(*args) -> tuple[int, str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("import_candidates", *[str(arg) for arg in args], stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(candidate_list(*GOOD))
    return path


@pytest.fixture
def bad_file(tmp_path):
    path = tmp_path / "loi.xlsx"
    path.write_bytes(candidate_list(*BAD))
    return path


def test_a_good_list_is_previewed_with_exit_0_and_nothing_written(good_file, councils_2026, ha_tinh_council):
    status, out, _err = run(good_file, "--term", councils_2026.pk, "--body", ha_tinh_council.pk)
    assert status == 0
    assert "new people: 2" in out and "--commit" in out
    assert not Person.objects.exists() and not CandidateImport.objects.exists()


def test_commit_imports_the_list_and_keeps_it_in_the_history(
    good_file, councils_2026, ha_tinh_council, ministry_client
):
    status, out, _err = run(good_file, "--term", councils_2026.pk, "--body", ha_tinh_council.pk, "--commit")
    assert status == 0 and "Imported 2 candidacies" in out
    assert Candidacy.objects.count() == 2
    batch = CandidateImport.objects.get()
    assert batch.status == CandidateImport.Status.COMMITTED and batch.uploaded_by is None
    assert ministry_client.get(reverse("candidates:import_list")).status_code == 200


def test_a_list_with_errors_exits_1_and_writes_nothing_even_with_commit(
    bad_file, councils_2026, ha_tinh_council
):
    status, out, _err = run(bad_file, "--term", councils_2026.pk, "--body", ha_tinh_council.pk, "--commit")
    assert status == 1
    assert "is not a stage" in out
    assert not Candidacy.objects.exists() and not CandidateImport.objects.exists()


def test_skip_errors_imports_the_other_rows(bad_file, councils_2026, ha_tinh_council):
    args = ("--term", councils_2026.pk, "--body", ha_tinh_council.pk, "--commit", "--skip-errors")
    status, _out, _err = run(bad_file, *args)
    assert status == 0
    assert Candidacy.objects.count() == 2


def test_json_describes_every_row(bad_file, councils_2026, ha_tinh_council):
    status, out, _err = run(bad_file, "--term", councils_2026.pk, "--body", ha_tinh_council.pk, "--json")
    assert status == 1
    summary = json.loads(out)
    assert summary["importable"] is False
    assert summary["counts"]["new_person"] == 2 and summary["counts"]["error"] == 1
    assert [row["outcome"] for row in summary["rows"]] == ["new_person", "new_person", "error"]
    assert summary["rows"][0]["stage"] == "planning"


def test_an_unreadable_file_exits_2(tmp_path, councils_2026):
    path = tmp_path / "list.xlsx"
    path.write_bytes(b"not a spreadsheet at all")
    status, _out, err = run(path, "--term", councils_2026.pk)
    assert status == 2 and err


def test_a_missing_file_exits_2(tmp_path, councils_2026):
    status, _out, err = run(tmp_path / "nowhere.xlsx", "--term", councils_2026.pk)
    assert status == 2 and "Cannot read" in err


def test_an_unknown_term_or_body_exits_2(good_file, councils_2026, national_assembly):
    assert run(good_file, "--term", 9999)[0] == 2
    # The National Assembly takes no candidates in a People's Councils term.
    status, _out, err = run(good_file, "--term", councils_2026.pk, "--body", national_assembly.pk)
    assert status == 2 and "No body" in err
