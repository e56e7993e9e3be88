"""Who may issue and read quarterly reports: administrators issue; ministry staff read all; a provincial
officer reads her province's only (another province's and the national ones are a 404, files included)
and issues none."""

import pytest
from django.urls import reverse

from reports.models import ReportRun

HEADER = {
    "issuer": "UBND TỈNH",
    "issuer_abbreviation": "UBND",
    "place": "Hà Tĩnh",
    "signer_title": "CHỦ TỊCH",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def archived(province, number, administrator) -> ReportRun:
    from django.core.files.base import ContentFile

    run = ReportRun(
        period="2026Q1",
        province=province,
        language="vi",
        number=number,
        number_year=2026,
        requested_by=administrator,
        status=ReportRun.Status.DONE,
        **HEADER,
    )
    run.save()
    run.pdf.save("report.pdf", ContentFile(b"%PDF-1.7 issued"), save=False)
    run.xlsx.save("report.xlsx", ContentFile(b"PK issued"), save=False)
    run.save()
    return run


@pytest.fixture
def reports(administrator, ha_tinh, nghe_an):
    return {
        "national": archived(None, 1, administrator),
        "ha_tinh": archived(ha_tinh, 2, administrator),
        "nghe_an": archived(nghe_an, 3, administrator),
    }


def urls(run: ReportRun) -> list[str]:
    return [
        reverse("reports:quarterly_detail", args=[run.pk]),
        reverse("reports:quarterly_download", args=[run.pk, "pdf"]),
        reverse("reports:quarterly_download", args=[run.pk, "xlsx"]),
    ]


def test_an_officer_reads_her_provinces_reports_and_their_files(officer_client, reports):
    listed = officer_client.get(reverse("reports:quarterly_list")).context["reports"]
    assert list(listed) == [reports["ha_tinh"]]
    for url in urls(reports["ha_tinh"]):
        assert officer_client.get(url).status_code == 200
    response = officer_client.get(urls(reports["ha_tinh"])[1])
    assert b"".join(response.streaming_content) == b"%PDF-1.7 issued"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("other", ["nghe_an", "national"])
def test_another_provinces_report_and_the_national_one_are_a_404_for_an_officer(
    officer_client, reports, other
):
    for url in urls(reports[other]):
        assert officer_client.get(url).status_code == 404


def test_an_officer_cannot_issue_a_report_not_even_for_her_province(officer_client, ha_tinh):
    assert officer_client.get(reverse("reports:quarterly_new")).status_code == 403
    data = {"period": "2026Q1", "province": ha_tinh.pk, "language": "vi", **HEADER}
    assert officer_client.post(reverse("reports:quarterly_new"), data).status_code == 403
    assert not ReportRun.objects.exists()


def test_ministry_staff_read_every_report_and_issue_none(ministry_client, reports):
    assert set(ministry_client.get(reverse("reports:quarterly_list")).context["reports"]) == set(
        reports.values()
    )
    for run in reports.values():
        for url in urls(run):
            assert ministry_client.get(url).status_code == 200
    assert ministry_client.get(reverse("reports:quarterly_new")).status_code == 403


def test_an_unknown_kind_of_file_is_a_404(admin_client_, reports):
    url = reverse("reports:quarterly_download", args=[reports["national"].pk, "docx"])
    assert admin_client_.get(url).status_code == 404


def test_the_dashboard_links_administrators_to_the_report_form_with_its_period_and_province(
    admin_client_, officer_client, ha_tinh
):
    page = admin_client_.get(reverse("reports:province", args=[ha_tinh.pk]), {"period": "2026Q3"})
    link = f"{reverse('reports:quarterly_new')}?period=2026Q3&amp;province={ha_tinh.pk}"
    assert link.encode() in page.content
    form = admin_client_.get(reverse("reports:quarterly_new"), {"period": "2026Q3", "province": ha_tinh.pk})
    assert form.context["form"].initial["period"] == "2026Q3"
    assert form.context["form"].initial["province"] == ha_tinh
    assert (
        b"quarterly-report-link"
        not in officer_client.get(reverse("reports:province", args=[ha_tinh.pk])).content
    )


def test_the_navigation_marks_reports_not_dashboards_on_the_reports_pages(officer_client):
    items = officer_client.get(reverse("reports:quarterly_list")).context["nav_items"]
    assert [item["url"] for item in items if item["active"]] == [reverse("reports:quarterly_list")]
