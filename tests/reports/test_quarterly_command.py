"""`manage.py quarterly_report`: the PDF and the Excel file beside it; clear errors for bad input."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.models import ReportRun


def test_the_command_writes_the_pdf_and_the_excel_file_of_a_province(tmp_path, ha_tinh, world):
    output = tmp_path / "bao-cao.pdf"
    out = io.StringIO()
    call_command(
        "quarterly_report",
        "--period",
        "2026Q1",
        "--province",
        "42",
        "--lang",
        "en",
        "--output",
        str(output),
        "--date",
        "2026-04-05",
        stdout=out,
    )
    text = " ".join(page.extract_text() for page in PdfReader(output).pages)
    assert "SOCIALIST REPUBLIC OF VIET NAM" in text and "Tỉnh Hà Tĩnh" in text
    assert "Hà Tĩnh, 5 April 2026" in " ".join(text.split())
    sheets = load_workbook(tmp_path / "bao-cao.xlsx").sheetnames
    assert sheets[:3] == ["Report", "Filters", "Figures"]
    assert "pages" in out.getvalue()
    assert not ReportRun.objects.exists()  # a draft: nothing archived


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--period", "2026Q5"], "is not a period"),
        (["--period", "2026H3"], "two halves"),
        (["--period", "2026Q1", "--province", "99"], "No current province has the code “99”"),
        (["--period", "2026Q1", "--date", "05/04/2026"], "is not a date"),
    ],
)
def test_bad_input_stops_the_command_with_a_clear_message(tmp_path, capsys, ha_tinh, arguments, message):
    output = tmp_path / "report.pdf"
    with pytest.raises(SystemExit) as exit_info:
        call_command("quarterly_report", *arguments, "--output", str(output))
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
    assert not output.exists()


def test_the_output_must_be_a_pdf_in_an_existing_folder(tmp_path, capsys, db):
    for output, message in (
        (tmp_path / "report.docx", "must be a .pdf"),
        (tmp_path / "no" / "r.pdf", "does not exist"),
    ):
        with pytest.raises(SystemExit):
            call_command("quarterly_report", "--period", "2026Q1", "--output", str(output))
        assert message in capsys.readouterr().err
