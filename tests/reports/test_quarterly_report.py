"""The quarterly report: its PDF (vi and en) and Excel twin say what the dashboard says, and the archive
keeps what was issued. The task runs at once (ImmediateBackend) once the request's transaction commits."""

import hashlib
import io
import re

import pytest
from django.urls import reverse
from django.utils import formats, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.models import User
from reports.models import ReportRun
from reports.periods import Period
from reports.quarterly.services import report_run_request
from tests.reports.conftest import enrol

HEADER = {
    "issuer": "BỘ NỘI VỤ",
    "issuer_abbreviation": "BNV",
    "place": "Hà Nội",
    "signer_title": "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG",
    "signer_name": "Nguyễn Thị Hạnh",
    "recipients": "- Thủ tướng Chính phủ;\n- Lưu: VT.",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def issue(
    django_capture_on_commit_callbacks, actor, *, period="2026Q1", province=None, language="vi", **texts
):
    with django_capture_on_commit_callbacks(execute=True):
        run = report_run_request(
            actor=actor,
            period=Period.parse(period),
            province=province,
            language=language,
            **{**HEADER, **texts},
        )
    run.refresh_from_db()
    return run


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text)


def workbook_rows(content: bytes, index: int) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).worksheets[index].iter_rows(values_only=True))


def dashboard_board(client, url: str, period: str):
    response = client.get(url, {"period": period})
    assert response.status_code == 200
    return response.context["board"]


def test_the_vietnamese_pdf_has_the_decree_header_and_the_dashboards_figures(
    django_capture_on_commit_callbacks, administrator, admin_client_, world
):
    run = issue(django_capture_on_commit_callbacks, administrator, results="Đã tổ chức các lớp bồi dưỡng.")
    assert run.status == ReportRun.Status.DONE and run.progress == 100
    content = run.pdf.read()
    assert hashlib.sha256(content).hexdigest() == run.pdf_sha256
    text = pdf_text(content)

    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert f"Số: {run.number}/BC-BNV" in text
    assert re.search(r"Hà Nội, ngày \d\d tháng \d{1,2} năm 20\d\d", text)
    assert "BÁO CÁO" in text and "quý I năm 2026" in text
    assert "Đã tổ chức các lớp bồi dưỡng." in text  # the narrative, diacritics intact
    assert "Nơi nhận:" in text and "Nguyễn Thị Hạnh" in text

    board = dashboard_board(admin_client_, reverse("reports:national"), "2026Q1")
    figures = workbook_rows(run.xlsx.read(), 2)[1:]
    with translation.override("vi"):
        for figure, (excel_label, excel_value) in zip(board.figures, figures, strict=True):
            shown = formats.number_format(figure.value, force_grouping=True)
            assert f"{figure.label} {shown}" in text
            assert (excel_label, excel_value) == (str(figure.label), figure.value)
    assert board.figures[0].value > 0  # the comparison is not between zeros


def test_the_english_pdf_of_a_province_has_the_english_motto_and_its_dashboards_figures(
    django_capture_on_commit_callbacks, administrator, admin_client_, world, ha_tinh
):
    run = issue(django_capture_on_commit_callbacks, administrator, province=ha_tinh, language="en")
    text = pdf_text(run.pdf.read())

    assert "SOCIALIST REPUBLIC OF VIET NAM" in text
    assert "Independence - Freedom - Happiness" in text
    assert "CỘNG HÒA" not in text
    assert f"No. {run.number}/BC-BNV" in text
    assert "quarter I of 2026, Tỉnh Hà Tĩnh" in text  # Vietnamese names keep their diacritics
    assert re.search(r"Hà Nội, \d{1,2} [A-Z][a-z]+ 20\d\d", text)

    board = dashboard_board(admin_client_, reverse("reports:province", args=[ha_tinh.pk]), "2026Q1")
    figures = dict(workbook_rows(run.xlsx.read(), 2)[1:])
    with translation.override("en"):
        for figure in board.figures:
            assert f"{figure.label} {formats.number_format(figure.value, force_grouping=True)}" in text
            assert figures[str(figure.label)] == figure.value
    assert board.ranking == []  # a province's report has no ranking of provinces


def test_the_archive_keeps_the_issued_files_after_the_data_changes_and_a_new_request_is_version_2(
    django_capture_on_commit_callbacks, administrator, admin_client_, world, ha_tinh
):
    first = issue(django_capture_on_commit_callbacks, administrator, province=ha_tinh)
    issued_pdf = admin_client_.get(reverse("reports:quarterly_download", args=[first.pk, "pdf"]))
    issued_bytes = b"".join(issued_pdf.streaming_content)

    for _number in range(5):  # five more people trained in Hà Tĩnh in the quarter
        enrol(world["ha_tinh_class"])
    second = issue(django_capture_on_commit_callbacks, administrator, province=ha_tinh)

    assert (second.version, second.number) == (2, first.number + 1)
    assert second.pdf_sha256 != first.pdf_sha256  # the figures changed…
    again = admin_client_.get(reverse("reports:quarterly_download", args=[first.pk, "pdf"]))
    assert b"".join(again.streaming_content) == issued_bytes  # …the issued file did not
    assert hashlib.sha256(issued_bytes).hexdigest() == first.pdf_sha256
    assert first.pdf.name != second.pdf.name


def test_the_narrative_is_prefilled_from_the_previous_period_of_the_same_scope(
    django_capture_on_commit_callbacks, administrator, admin_client_, ha_tinh
):
    issue(django_capture_on_commit_callbacks, administrator, province=ha_tinh, results="Hà Tĩnh, quý I.")
    issue(django_capture_on_commit_callbacks, administrator, results="Toàn quốc, quý I.")

    response = admin_client_.get(
        reverse("reports:quarterly_new"), {"period": "2026Q2", "province": ha_tinh.pk}
    )
    assert response.context["form"].initial["results"] == "Hà Tĩnh, quý I."
    response = admin_client_.get(reverse("reports:quarterly_new"), {"period": "2026Q2"})
    assert response.context["form"].initial["results"] == "Toàn quốc, quý I."
    response = admin_client_.get(reverse("reports:quarterly_new"), {"period": "2026Q4"})
    assert "results" not in response.context["form"].initial


def form_data(**extra) -> dict:
    return {"period": "2026Q1", "province": "", "language": "vi", **HEADER, **extra}


def test_the_form_asks_for_the_report_and_leads_to_its_page(
    django_capture_on_commit_callbacks, admin_client_, world
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(reverse("reports:quarterly_new"), form_data(results="Tốt."))
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response.url == run.get_absolute_url()
    page = admin_client_.get(run.get_absolute_url())
    assert page.context["run"].status == ReportRun.Status.DONE
    assert b'http-equiv="refresh"' not in page.content
    assert reverse("reports:quarterly_download", args=[run.pk, "xlsx"]).encode() in page.content


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("period", "2026Q5", "is not a period"),
        ("period", "", "This field is required."),
        ("province", "999999", "Select a valid choice."),
        ("language", "fr", "Select a valid choice."),
        ("issuer_abbreviation", "UB ND", "without spaces or slashes"),
        ("issuer", "", "This field is required."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(admin_client_, field, value, message):
    response = admin_client_.post(reverse("reports:quarterly_new"), form_data(**{field: value}))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not ReportRun.objects.exists()


def test_a_failed_generation_says_so_and_offers_no_file(
    django_capture_on_commit_callbacks, administrator, admin_client_
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = report_run_request(
            actor=administrator, period=Period.parse("2026Q1"), province=None, language="vi", **HEADER
        )
    User.objects.filter(pk=administrator.pk).update(role=User.Role.MINISTRY)  # demoted before the task ran
    callbacks[0]()
    run.refresh_from_db()
    assert run.status == ReportRun.Status.FAILED
    assert "may no longer issue reports" in run.error
    assert admin_client_.get(reverse("reports:quarterly_download", args=[run.pk, "pdf"])).status_code == 404


def test_the_archive_lists_in_a_fixed_number_of_queries(
    django_capture_on_commit_callbacks,
    administrator,
    ministry_client,
    ha_tinh,
    nghe_an,
    django_assert_num_queries,
):
    for province in (None, ha_tinh, nghe_an):
        ReportRun.objects.create(
            period="2026Q1",
            province=province,
            language="vi",
            number=ReportRun.objects.count() + 1,
            number_year=2026,
            requested_by=administrator,
            **HEADER,
        )
    # Expect 3 queries: session, user, reports with their province and requester.
    with django_assert_num_queries(3):
        response = ministry_client.get(reverse("reports:quarterly_list"))
    assert len(response.context["reports"]) == 3
