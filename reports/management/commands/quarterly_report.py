"""Write a quarterly report as PDF, with its Excel twin beside it, from the command line.

    python manage.py quarterly_report --period 2026Q3 [--province 42] [--lang vi|en] --output report.pdf

writes report.pdf and report.xlsx. The province is given by its code in today's catalogue (QĐ 19/2025/QĐ-TTg,
42 is Hà Tĩnh). The document is a draft: its number is left blank for the registry to fill, its header and
narrative are taken from the latest archived report of the scope, as the report page would prefill them.
Nothing is archived: reports that are issued are asked for on the Reports page. Runs as the system, with
the national view. Exit status 0, or 2 for a bad period, province or output path.
"""

import datetime
import sys
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import timezone

from directory.models import AdministrativeUnit
from reports.models import ReportRun
from reports.periods import Period
from reports.quarterly.content import system_reader
from reports.quarterly.services import report_initial, report_render


class Command(BaseCommand):
    help = "Write the quarterly report of a period, national or of one province, as PDF and Excel files."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="2026Q3 (a quarter), 2026H1 (a half-year), 2026.")
        parser.add_argument(
            "--province", help="The code of a current province (42: Hà Tĩnh); none: national."
        )
        parser.add_argument("--lang", choices=ReportRun.Language.values, default="vi", help="Default: vi.")
        parser.add_argument(
            "--output", required=True, help="The PDF file to write; the .xlsx goes beside it."
        )
        parser.add_argument("--date", help="The date of the document, YYYY-MM-DD (default: today).")

    def handle(self, *args, period, province, lang, output, date, **options):
        try:
            parsed = Period.parse(period)
        except ValidationError as error:
            return self._fail(" ".join(error.messages))
        except ValueError:
            return self._fail(f"“{period}” is not a period: write 2026Q3, 2026H1 or 2026.")
        unit = None
        if province:
            unit = AdministrativeUnit.objects.current_provinces().filter(code=province.strip()).first()
            if unit is None:
                return self._fail(f"No current province has the code “{province}” (42 is Hà Tĩnh).")
        try:
            day = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            return self._fail(f"“{date}” is not a date: write YYYY-MM-DD.")
        pdf_path = Path(output)
        if pdf_path.suffix.lower() != ".pdf":
            return self._fail("The output must be a .pdf file.")
        if not pdf_path.parent.is_dir():
            return self._fail(f"The folder {pdf_path.parent} does not exist.")
        xlsx_path = pdf_path.with_suffix(".xlsx")

        run = ReportRun(period=parsed.code, province=unit, language=lang, number=None)
        for name, value in report_initial(period=parsed, province=unit, language=lang).items():
            setattr(run, name, value)
        started = time.perf_counter()
        pdf, pages, xlsx = report_render(run=run, user=system_reader(), day=day)
        pdf_path.write_bytes(pdf)
        xlsx_path.write_bytes(xlsx)
        self.stdout.write(
            f"{pdf_path} ({pages} pages) and {xlsx_path} written in {time.perf_counter() - started:.1f} s."
        )
        return None

    def _fail(self, message: str) -> None:
        self.stderr.write(message)
        sys.exit(2)
