"""Asking for a report, generating it (in the background) and the rules of the archive.

Who: administrators issue reports, national or for any province. Ministry staff read every archived
report; a provincial officer reads her province's only, and does not issue them: a report goes out under
the issuing body's number, which the administrators keep (the decision is in README, "Quarterly reports").
"""

import datetime
import hashlib
import logging

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from directory.models import AdministrativeUnit
from reports.models import ReportRun
from reports.periods import Period
from reports.quarterly.content import report_dashboard, report_html, report_workbook
from reports.quarterly.rendering import html_to_pdf

logger = logging.getLogger(__name__)


class ReportError(Exception):
    """A report that cannot be made; the message is shown as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def can_issue_reports(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_administrator)


def _header_defaults(province: AdministrativeUnit | None) -> dict:
    # Decree 30/2020/NĐ-CP, Appendix I: the issuing body in capitals, its abbreviation after "BC-".
    if province is not None:
        return {
            "issuer_parent": "",
            "issuer": f"ỦY BAN NHÂN DÂN {province.name.upper()}",
            "issuer_abbreviation": "UBND",
            "place": province.short_name,
            "signer_title": "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
            "signer_name": "",
            "recipients": "- Bộ Nội vụ;\n- Lưu: VT.",
        }
    return {
        "issuer_parent": "",
        "issuer": "BỘ NỘI VỤ",
        "issuer_abbreviation": "BNV",
        "place": "Hà Nội",
        "signer_title": "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG",
        "signer_name": "",
        "recipients": "- Thủ tướng Chính phủ (để b/c);\n- Các Bộ, ngành liên quan;\n- Lưu: VT.",
    }


def report_initial(*, period: Period | None, province: AdministrativeUnit | None, language: str) -> dict:
    """What the form starts with: the narrative of this period's latest version, else of the previous
    period, for the same scope (the same language first); the header of the scope's latest report."""
    same_scope = ReportRun.objects.filter(province=province).exclude(status=ReportRun.Status.FAILED)
    initial = {}
    latest = same_scope.order_by("-requested_at", "-pk").first()
    source = latest or ReportRun(**_header_defaults(province))
    initial.update({name: getattr(source, name) for name in ReportRun.HEADER_FIELDS})
    if period is not None:
        for code in (period.code, period.previous().code):
            # The same language first, then the newest version.
            earlier = sorted(
                same_scope.filter(period=code), key=lambda run: (run.language != language, -run.version)
            )
            if earlier:
                initial.update({name: getattr(earlier[0], name) for name in ReportRun.NARRATIVE_FIELDS})
                break
    return initial


@transaction.atomic
def report_run_request(
    *, actor, period: Period, province: AdministrativeUnit | None, language: str, **texts
) -> ReportRun:
    """Record a report to be issued, as the next version of its period, scope and language, and queue its
    generation once the transaction commits."""
    if not can_issue_reports(actor):
        raise PermissionDenied
    if (
        province is not None
        and not AdministrativeUnit.objects.current_provinces().filter(pk=province.pk).exists()
    ):
        raise ReportError(_("Choose one of today's provinces."))
    if language not in ReportRun.Language.values:
        raise ReportError(_("Choose Vietnamese or English."))
    unknown = set(texts) - set(ReportRun.WRITTEN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown report fields: {sorted(unknown)}")
    # Lock the versions and numbers already given so that two requests at once cannot take the same
    # (the unique constraints would refuse the second anyway).
    same = ReportRun.objects.select_for_update().filter(
        period=period.code, province=province, language=language
    )
    version = (same.aggregate(latest=Max("version"))["latest"] or 0) + 1
    year = timezone.localdate().year
    numbers = ReportRun.objects.select_for_update().filter(number_year=year)
    number = (numbers.aggregate(latest=Max("number"))["latest"] or 0) + 1
    run = ReportRun(
        period=period.code,
        province=province,
        language=language,
        version=version,
        number=number,
        number_year=year,
        requested_by=actor,
        **{name: (texts.get(name) or "").strip() for name in ReportRun.WRITTEN_FIELDS},
    )
    run.full_clean()
    run.save()
    logger.info("Report %s (%s, %s) asked for by %s", run.pk, run.period, province or "national", actor)

    from reports.quarterly.tasks import generate_report

    transaction.on_commit(lambda: generate_report.enqueue(run.pk))
    return run


def _progress(run: ReportRun, percent: int) -> None:
    run.progress = percent
    ReportRun.objects.filter(pk=run.pk).update(progress=percent)


def report_render(*, run: ReportRun, user, day: datetime.date, on_progress=lambda percent: None):
    """The PDF (bytes, pages) and the Excel file of a report, in its language; `run` may be unsaved."""
    with translation.override(run.language):
        board = report_dashboard(user=user, period=Period.parse(run.period), province=run.province)
        on_progress(30)
        html = report_html(run=run, board=board, day=day)
        on_progress(45)
        pdf, pages = html_to_pdf(html)
        on_progress(85)
        xlsx = report_workbook(run=run, board=board, day=day)
    return pdf, pages, xlsx


def report_run_generate(run_id: int) -> ReportRun | None:
    """Generate a queued report and archive its files; safe to run twice (only a queued report is taken)."""
    claimed = ReportRun.objects.filter(pk=run_id, status=ReportRun.Status.QUEUED).update(
        status=ReportRun.Status.RUNNING, progress=5
    )
    if not claimed:
        return None
    run = ReportRun.objects.select_related("province", "requested_by").get(pk=run_id)
    try:
        # Tasks re-check scope: the one who asked must still be allowed to issue reports.
        if not can_issue_reports(run.requested_by):
            raise ReportError(_("The person who asked for this report may no longer issue reports."))
        day = timezone.localdate()
        pdf, pages, xlsx = report_render(
            run=run, user=run.requested_by, day=day, on_progress=lambda percent: _progress(run, percent)
        )
        stem = (
            f"{run.period}-{run.province.code if run.province else 'national'}-v{run.version}-{run.language}"
        )
        run.pdf.save(f"report-{stem}.pdf", ContentFile(pdf), save=False)
        run.xlsx.save(f"report-{stem}.xlsx", ContentFile(xlsx), save=False)
        run.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        run.xlsx_sha256 = hashlib.sha256(xlsx).hexdigest()
        run.pdf_pages = pages
        run.status, run.progress, run.issued_at = ReportRun.Status.DONE, 100, timezone.now()
        run.save(
            update_fields=[
                "pdf",
                "xlsx",
                "pdf_sha256",
                "xlsx_sha256",
                "pdf_pages",
                "status",
                "progress",
                "issued_at",
            ]
        )
        logger.info("Report %s issued: %s pages, PDF %s", run.pk, pages, run.pdf_sha256)
        return run
    except Exception as error:
        message = error.message if isinstance(error, ReportError) else _("The report could not be generated.")
        ReportRun.objects.filter(pk=run.pk).update(status=ReportRun.Status.FAILED, error=message)
        logger.exception("Report %s failed", run.pk)
        raise
