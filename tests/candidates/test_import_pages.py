"""The pages of the candidate list import: upload, preview, mapping, commit, history, file; and their scope.

Cast: the officer of Hà Tĩnh (`officer_client`) imports; the officer of Nghệ An (`other_officer_client`)
must not even learn that the import exists.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates.models import Candidacy, CandidateImport, Stage
from directory.models import Person
from tests.candidates.test_import import FIRST_ROW, candidate_list

LIST = [
    ["Võ Thị Lan", "12/12/1988", "Nữ", None, "", "", "quy hoạch", "", ""],
    ["Hồ Thị Tâm", "01/02/1983", "Nữ", None, "", "", "", "", ""],
]


def upload(client, term, body, content: bytes, name: str = "danh-sach.xlsx"):
    return client.post(
        reverse("candidates:import_upload"),
        {"term": term.pk, "body": body.pk if body else "", "file": SimpleUploadedFile(name, content)},
    )


@pytest.fixture
def batch(officer_client, councils_2026, ha_tinh_council) -> CandidateImport:
    response = upload(officer_client, councils_2026, ha_tinh_council, candidate_list(*LIST))
    batch = CandidateImport.objects.get()
    assert response.status_code == 302 and response.url == batch.get_absolute_url()
    return batch


def test_the_pipeline_links_to_the_imports(officer_client, councils_2026):
    response = officer_client.get(reverse("candidates:pipeline"))
    assert reverse("candidates:import_list") in response.content.decode()


def test_an_upload_keeps_the_file_and_previews_every_row(officer_client, batch, officer_ha_tinh, ha_tinh):
    assert (batch.uploaded_by, batch.province, batch.status) == (
        officer_ha_tinh,
        ha_tinh,
        CandidateImport.Status.PREVIEWED,
    )
    assert len(batch.sha256) == 64
    response = officer_client.get(batch.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-outcome="new_person"' in page
    assert "Võ Thị Lan" in page and "in cadre planning" in page
    assert not Person.objects.exists()


def test_committing_imports_the_list_and_records_it_in_the_history(officer_client, batch):
    response = officer_client.post(reverse("candidates:import_commit", args=[batch.pk]))
    assert response.status_code == 302 and response.url == reverse("candidates:import_list")
    assert set(Candidacy.objects.values_list("stage", flat=True)) == {Stage.PLANNING, Stage.POOL}
    batch.refresh_from_db()
    assert batch.status == CandidateImport.Status.COMMITTED and batch.committed_at is not None

    history = officer_client.get(reverse("candidates:import_list")).content.decode()
    assert "danh-sach.xlsx" in history and reverse("candidates:import_file", args=[batch.pk]) in history


def test_a_second_commit_is_refused_with_a_message(officer_client, batch):
    commit = reverse("candidates:import_commit", args=[batch.pk])
    officer_client.post(commit)
    response = officer_client.post(commit, follow=True)
    assert "already been imported" in response.content.decode()
    assert Candidacy.objects.count() == 2


def test_the_stored_file_can_be_downloaded(officer_client, councils_2026, ha_tinh_council):
    # The workbook is built once: two builds differ in their creation time whenever a second passes.
    content = candidate_list(*LIST)
    upload(officer_client, councils_2026, ha_tinh_council, content)
    batch = CandidateImport.objects.get()
    with batch.file.open("rb") as stored:
        assert stored.read() == content
    response = officer_client.get(reverse("candidates:import_file", args=[batch.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert "danh-sach.xlsx" in response["Content-Disposition"]


def test_the_columns_can_be_mapped_again(officer_client, batch):
    # Column H ("Giai đoạn") ignored: every row falls back to the candidate pool.
    data = {"A": "row_number", "B": "full_name", "C": "birth_date", "D": "gender", "E": "citizen_id"}
    data |= {"F": "province", "G": "body", "H": "ignore", "I": "nominated_by", "J": "notes"}
    response = officer_client.post(batch.get_absolute_url(), data)
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.mapping["H"] == "ignore"
    officer_client.post(reverse("candidates:import_commit", args=[batch.pk]))
    assert set(Candidacy.objects.values_list("stage", flat=True)) == {Stage.POOL}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 this is not a spreadsheet", "not a spreadsheet"),
        (b"", "empty"),
    ],
)
def test_a_bad_file_shows_the_reading_layers_message_and_saves_nothing(
    officer_client, councils_2026, ha_tinh_council, content, message
):
    response = upload(officer_client, councils_2026, ha_tinh_council, content)
    assert response.status_code == 200
    assert message in response.content.decode().lower()
    assert not CandidateImport.objects.exists()


def test_a_file_over_the_size_limit_is_refused_with_the_shared_message(
    officer_client, councils_2026, ha_tinh_council, settings
):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    response = upload(officer_client, councils_2026, ha_tinh_council, candidate_list())
    assert response.status_code == 200
    assert "The file is too large" in response.content.decode()
    assert not CandidateImport.objects.exists() and not Person.objects.exists()


def test_a_list_without_a_header_row_is_refused(officer_client, councils_2026, ha_tinh_council):
    from tests.importing.builders import xlsx_bytes

    response = upload(officer_client, councils_2026, ha_tinh_council, xlsx_bytes([["a", "b"], [1, 2]]))
    assert "No row of column titles was found" in response.content.decode()
    assert not CandidateImport.objects.exists()


def test_an_officer_cannot_choose_another_provinces_body(officer_client, councils_2026, nghe_an_council):
    response = upload(officer_client, councils_2026, nghe_an_council, candidate_list(*LIST))
    assert response.status_code == 200
    assert not CandidateImport.objects.exists()


@pytest.mark.parametrize("name", ["import_preview", "import_file"])
def test_another_provinces_import_is_not_found(other_officer_client, batch, name):
    assert other_officer_client.get(reverse(f"candidates:{name}", args=[batch.pk])).status_code == 404


@pytest.mark.parametrize("name", ["import_commit", "import_discard", "import_preview"])
def test_another_provinces_import_cannot_be_committed_or_changed(other_officer_client, batch, name):
    assert other_officer_client.post(reverse(f"candidates:{name}", args=[batch.pk])).status_code == 404
    batch.refresh_from_db()
    assert batch.status == CandidateImport.Status.PREVIEWED
    assert not Candidacy.objects.exists()


def test_the_history_lists_only_the_users_province(other_officer_client, ministry_client, batch):
    assert (
        "danh-sach.xlsx" not in other_officer_client.get(reverse("candidates:import_list")).content.decode()
    )
    assert "danh-sach.xlsx" in ministry_client.get(reverse("candidates:import_list")).content.decode()


def test_a_national_list_is_seen_by_national_roles_only(
    ministry_client, officer_client, councils_2026, ha_tinh_council
):
    upload(ministry_client, councils_2026, None, candidate_list(*LIST))
    batch = CandidateImport.objects.get()
    assert batch.province is None
    assert officer_client.get(batch.get_absolute_url()).status_code == 404
    assert ministry_client.get(batch.get_absolute_url()).status_code == 200


def test_a_discarded_list_cannot_be_imported(officer_client, batch):
    officer_client.post(reverse("candidates:import_discard", args=[batch.pk]))
    officer_client.post(reverse("candidates:import_commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == CandidateImport.Status.DISCARDED
    assert not Candidacy.objects.exists()


def test_the_preview_page_does_not_query_more_for_more_rows(
    officer_client, councils_2026, ha_tinh, ha_tinh_council
):
    def queries_for(count: int) -> int:
        rows = [[f"Nguyễn Thị Người{n}", f"{n % 28 + 1:02d}/01/1980", "Nữ"] for n in range(count)]
        upload(officer_client, councils_2026, ha_tinh_council, candidate_list(*rows))
        batch = CandidateImport.objects.latest("pk")
        officer_client.get(batch.get_absolute_url())  # the counts are stored on the first view
        with CaptureQueriesContext(connection) as context:
            response = officer_client.get(batch.get_absolute_url())
        assert response.status_code == 200
        return len(context.captured_queries)

    # Session and user, the import, then the reading layer's lookups, matching (at most three queries
    # per 2,000 rows) and the candidacies already recorded: the same for 3 rows and for 60.
    few, many = queries_for(3), queries_for(60)
    assert few == many
    assert many <= 12


def test_the_preview_names_each_problem_by_row_and_column(officer_client, councils_2026, ha_tinh_council):
    content = candidate_list(["Hồ Thị Tâm", "01/02/1983", "Nữ", None, "", "", "bầu bổ sung", "", ""])
    upload(officer_client, councils_2026, ha_tinh_council, content)
    batch = CandidateImport.objects.get()
    page = officer_client.get(batch.get_absolute_url()).content.decode()
    assert f'data-row="{FIRST_ROW}" data-outcome="error"' in page
    assert "H “Giai đoạn”: “bầu bổ sung” is not a stage" in page
