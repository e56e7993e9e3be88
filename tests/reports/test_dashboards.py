import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from candidates.models import Body, Candidacy, QuotaTarget, Stage, Term, funnel_position
from directory.models import Person
from reports.models import DashboardSnapshot, ProvinceQuarterSummary
from reports.snapshots import snapshots_refresh
from reports.summaries import summaries_refresh
from tests.reports.conftest import course, enrol
from tests.trainings.factories import PersonFactory
from trainings.models import Course, Enrolment

REACHED = (Enrolment.Status.ATTENDED, Enrolment.Status.COMPLETED)


def independent_counts(*, province=None, start=None, end=None, kind=None) -> dict:
    """The figures counted straight from the rows, in Python, the way a person would count them."""
    courses = [c for c in Course.objects.all() if province is None or c.province_id == province.pk]
    if start:
        courses = [c for c in courses if start <= c.start_date <= end]
    if kind:
        courses = [c for c in courses if c.kind == kind]
    live = {c.pk for c in courses if c.status != Course.Status.CANCELLED}
    reached = [
        e
        for e in Enrolment.objects.select_related("person")
        if e.course_id in live and e.role in Enrolment.LEARNER_ROLES and e.status in REACHED
    ]
    enrolled = [
        e
        for e in Enrolment.objects.all()
        if e.course_id in live
        and e.role in Enrolment.LEARNER_ROLES
        and e.status != Enrolment.Status.WITHDRAWN
    ]
    return {
        "courses-held": sum(1 for c in courses if c.status == Course.Status.HELD),
        "courses-recorded": len(live),
        "learners": len(enrolled),
        "people": len({e.person_id for e in reached}),
        "women": len({e.person_id for e in reached if e.person.gender == Person.Gender.FEMALE}),
        "reached": len(reached),
    }


def figures(response) -> dict:
    return {figure.testid: figure.value for figure in response.context["board"].figures}


def test_the_national_figures_agree_with_counts_of_the_rows(ministry_client, world):
    response = ministry_client.get(reverse("reports:national"))
    assert response.status_code == 200
    shown = figures(response)
    expected = independent_counts()
    assert {key: shown[key] for key in expected} == expected
    assert expected["people"] == 13  # Lan, trained twice, counts once


def test_a_period_and_a_kind_narrow_the_figures(ministry_client, world):
    response = ministry_client.get(reverse("reports:national"), {"period": "2026Q1", "kind": "class"})
    expected = independent_counts(
        start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31), kind=Course.Kind.CLASS
    )
    shown = figures(response)
    assert {key: shown[key] for key in expected} == expected
    assert [row.quarter for row in response.context["board"].trend] == ["2026Q1"]


def test_an_unreadable_period_is_refused_in_the_form(ministry_client, world):
    response = ministry_client.get(reverse("reports:national"), {"period": "2026Q7"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors["period"]
    # The filters are left out, all of them alike: no figure is of another scope than the others.
    assert response.context["board"].scope.period is None
    expected = independent_counts()
    shown = figures(response)
    assert {key: shown[key] for key in expected} == expected


def test_a_province_dashboard_agrees_for_ministry_staff_and_for_the_officer(
    ministry_client, officer_client, ha_tinh, world
):
    expected = independent_counts(province=ha_tinh)
    for client in (ministry_client, officer_client):
        shown = figures(client.get(reverse("reports:province", args=[ha_tinh.pk])))
        assert {key: shown[key] for key in expected} == expected
    assert expected == {
        "courses-held": 4,
        "courses-recorded": 5,
        "learners": 8,
        "people": 6,
        "women": 5,
        "reached": 7,
    }


def test_an_officer_lands_on_her_province_and_cannot_open_another(officer_client, ha_tinh, nghe_an, world):
    home = officer_client.get(reverse("home"))
    assert home.status_code == 200 and home.context["province"] == ha_tinh
    national = officer_client.get(reverse("reports:national"), {"period": "2026"})
    assert national.status_code == 302
    assert national.url == reverse("reports:province", args=[ha_tinh.pk]) + "?period=2026"
    assert officer_client.get(reverse("reports:province", args=[nghe_an.pk])).status_code == 404
    assert officer_client.get(reverse("reports:province_export", args=[nghe_an.pk])).status_code == 404


def test_an_officer_sees_no_figure_of_another_province(officer_client, ha_tinh, world):
    board = officer_client.get(reverse("reports:province", args=[ha_tinh.pk])).context["board"]
    assert board.ranking == []
    assert set(ProvinceQuarterSummary.objects.values_list("province_id", flat=True)) > {ha_tinh.pk}
    # Even forcing the filter through the query string changes nothing: the field is not there.
    forced = officer_client.get(reverse("reports:province", args=[ha_tinh.pk]), {"province": world["lan"].pk})
    assert figures(forced) == {figure.testid: figure.value for figure in board.figures}


def test_choosing_a_province_on_the_national_dashboard_opens_its_page(ministry_client, nghe_an, world):
    response = ministry_client.get(reverse("reports:national"), {"province": nghe_an.pk, "kind": "class"})
    assert response.status_code == 302
    assert response.url == reverse("reports:province", args=[nghe_an.pk]) + "?kind=class"


def test_a_legacy_course_counts_for_its_successor_and_shows_under_its_old_name(
    ministry_client, ho_chi_minh, ba_ria_vung_tau, world
):
    ranking = ministry_client.get(reverse("reports:national")).context["board"].ranking
    hcm = next(row for row in ranking if row.province_id == ho_chi_minh.pk and not row.historical)
    assert (hcm.courses_held, hcm.reached, hcm.people) == (2, 5, 5)

    historical = ministry_client.get(reverse("reports:national"), {"names": "historical"})
    rows = {row.name: row for row in historical.context["board"].ranking}
    old = rows[str(ba_ria_vung_tau)]
    assert (old.courses_held, old.reached, old.province_id) == (1, 4, ho_chi_minh.pk)
    assert rows[ho_chi_minh.short_name].courses_held == 1
    assert ba_ria_vung_tau.name in historical.content.decode()
    # The provincial dashboard of the successor counts the 2019 course too.
    board = ministry_client.get(reverse("reports:province", args=[ho_chi_minh.pk]), {"period": "2019"})
    assert figures(board)["courses-held"] == 1


def test_each_figure_links_to_the_list_behind_it_with_parameters_the_list_reads(
    ministry_client, ha_tinh, world
):
    response = ministry_client.get(reverse("reports:province", args=[ha_tinh.pk]), {"period": "2026Q1"})
    held = next(f for f in response.context["board"].figures if f.testid == "courses-held")
    listed = ministry_client.get(held.url)
    assert listed.status_code == 200
    expected = independent_counts(
        province=ha_tinh, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31)
    )
    assert listed.context["page"].paginator.count == expected["courses-held"]
    assert listed.context["filter"].form.is_valid()


def test_cascade_reach_counts_unique_people_of_the_workshops(ministry_client, world):
    board = ministry_client.get(reverse("reports:national")).context["board"]
    assert [(row.workshops, row.people) for row in board.cascades] == [(1, 3)]


def test_the_page_has_server_drawn_charts_without_javascript_and_tables(ministry_client, world):
    content = ministry_client.get(reverse("reports:national")).content.decode()
    assert content.count("<svg") >= 2
    assert "<script" not in content
    assert 'role="img"' in content and "<desc" in content
    assert 'data-testid="trend-table"' in content and 'data-testid="ranking-table"' in content


def test_charts_are_the_same_when_drawn_twice(ministry_client, world):
    first = ministry_client.get(reverse("reports:national")).context["charts"]["trend"]
    second = ministry_client.get(reverse("reports:national")).context["charts"]["trend"]
    assert first == second


def test_the_excel_export_holds_every_table_with_numbers_as_numbers(ministry_client, world):
    response = ministry_client.get(reverse("reports:national_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert {"Figures", "Indicators", "Trend by quarter", "Provinces", "Cascades", "Quota compliance"} <= set(
        workbook.sheetnames
    )
    values = {row[0]: row[1] for row in workbook["Figures"].iter_rows(min_row=2, values_only=True)}
    assert values["People trained"] == independent_counts()["people"]
    assert isinstance(values["Courses held"], int)


def test_the_officer_export_holds_her_province_only(officer_client, ha_tinh, world):
    response = officer_client.get(reverse("reports:national_export"))
    assert response.status_code == 302
    workbook = openpyxl.load_workbook(io.BytesIO(officer_client.get(response.url).content))
    assert "Provinces" not in workbook.sheetnames
    values = {row[0]: row[1] for row in workbook["Figures"].iter_rows(min_row=2, values_only=True)}
    assert values["People trained"] == independent_counts(province=ha_tinh)["people"]


def test_the_summaries_follow_a_bulk_write_at_the_next_read(ministry_client, ha_tinh, world):
    before = figures(ministry_client.get(reverse("reports:national")))["courses-held"]
    Course.objects.bulk_create([Course(**_course_fields(ha_tinh))])
    assert figures(ministry_client.get(reverse("reports:national")))["courses-held"] == before + 1


def test_the_summaries_are_refreshed_when_a_save_commits(
    ministry_client, ha_tinh, world, django_capture_on_commit_callbacks
):
    ministry_client.get(reverse("reports:national"))  # brings the watermarks up to date
    enrolment = Enrolment.objects.filter(course=world["ha_tinh_class"], status="registered").get()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enrolment.status = Enrolment.Status.ATTENDED
        enrolment.save()
    assert callbacks
    row_total = sum(ProvinceQuarterSummary.objects.filter(province=ha_tinh).values_list("reached", flat=True))
    assert row_total == independent_counts(province=ha_tinh)["reached"]


def test_a_full_refresh_rebuilds_the_same_rows(world):
    summaries_refresh()
    first = sorted(ProvinceQuarterSummary.objects.values_list("province_id", "kind", "reached"))
    summaries_refresh()
    assert sorted(ProvinceQuarterSummary.objects.values_list("province_id", "kind", "reached")) == first


def test_the_query_count_does_not_grow_with_the_data(
    ministry_client, ha_tinh, world, django_assert_num_queries
):
    url = reverse("reports:national")
    ministry_client.get(url)
    for grown in (False, True):
        if grown:
            for _number in range(5):
                enrol(course(ha_tinh))
            ministry_client.get(url)  # the summaries and the snapshot catch up with the new rows
        # Expect 12 queries: session, user, watermarks, summary state, snapshot, totals, trend, ranking by
        # province, units, indicators (none defined here, so no target query and none computed), the
        # filter form's programmes and provinces. (No candidacy: no term, so no quota query.)
        with django_assert_num_queries(12):
            ministry_client.get(url)


def test_while_the_snapshot_is_refreshed_the_dashboard_shows_the_last_count_and_says_so(
    ministry_client, ha_tinh, world, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    url = reverse("reports:national")
    before = figures(ministry_client.get(url))
    enrol(course(ha_tinh))  # one more course held and one more woman trained, seen at the next read

    response = ministry_client.get(url)
    shown = figures(response)
    assert shown["courses-held"] == before["courses-held"] + 1  # the summaries are refreshed at once
    assert shown["people"] == before["people"]  # the snapshot waits for its task
    assert response.context["board"].updating
    assert b'data-testid="updating-notice"' in response.content
    assert DashboardSnapshot.objects.get(province=None).stale

    assert snapshots_refresh() >= 1  # what the queued task does
    response = ministry_client.get(url)
    expected = independent_counts()
    assert {key: figures(response)[key] for key in expected} == expected
    assert not response.context["board"].updating
    assert b'data-testid="updating-notice"' not in response.content


def test_a_change_in_one_province_leaves_the_other_provinces_snapshots_fresh(
    ministry_client, ha_tinh, nghe_an, world, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    for province in (ha_tinh, nghe_an):
        ministry_client.get(reverse("reports:province", args=[province.pk]))
    enrol(course(ha_tinh))
    ministry_client.get(reverse("reports:national"))  # the read that notices the new rows
    stale = dict(DashboardSnapshot.objects.values_list("province_id", "stale"))
    assert stale == {ha_tinh.pk: True, nghe_an.pk: False, None: False}  # the national one: just computed
    board = ministry_client.get(reverse("reports:province", args=[nghe_an.pk])).context["board"]
    assert not board.updating


def test_a_saved_enrolment_refreshes_the_snapshot_when_it_commits(
    ministry_client, ha_tinh, world, django_capture_on_commit_callbacks
):
    url = reverse("reports:province", args=[ha_tinh.pk])
    ministry_client.get(url)
    enrolment = Enrolment.objects.filter(course=world["ha_tinh_class"], status="registered").get()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment.status = Enrolment.Status.ATTENDED
        enrolment.save()
    # The task ran on commit (the immediate backend of the tests): nothing is left to refresh.
    assert not DashboardSnapshot.objects.filter(stale=True).exists()
    expected = independent_counts(province=ha_tinh)
    shown = figures(ministry_client.get(url))
    assert {key: shown[key] for key in expected} == expected


def test_the_funnel_with_its_training_split_agrees_with_counts_of_the_rows(
    ministry_client, officer_client, ha_tinh, nghe_an, world
):
    term = Term.objects.create(
        name="HĐND 2026–2031", kind=Term.Kind.PEOPLES_COUNCILS, start_year=2026, end_year=2031
    )
    since = datetime.date(2026, 6, 1)
    lan = world["lan"]  # trained in February 2026, in Hà Tĩnh
    bodies = {
        province: Body.objects.create(
            name=f"HĐND {province.short_name}",
            kind=Body.Kind.PEOPLES_COUNCIL,
            level=Body.Level.PROVINCE,
            unit=province,
            province=province,
        )
        for province in (ha_tinh, nghe_an)
    }
    for province, person, stage in (
        (ha_tinh, lan, Stage.OFFICIAL),
        (ha_tinh, PersonFactory(province=ha_tinh), Stage.POOL),
        (nghe_an, PersonFactory(province=nghe_an, gender=Person.Gender.MALE), Stage.ROUND_1),
    ):
        Candidacy.objects.create(
            person=person,
            body=bodies[province],
            term=term,
            stage=stage,
            stage_since=since,
            funnel_position=funnel_position(stage),
            province=province,
        )
    national = ministry_client.get(reverse("reports:national")).context["board"].funnel
    rows = {row.stage: row for row in national.rows}
    assert (rows[Stage.POOL].reached, rows[Stage.POOL].women, rows[Stage.POOL].trained) == (3, 2, 1)
    assert (rows[Stage.OFFICIAL].reached, rows[Stage.OFFICIAL].trained) == (1, 1)
    page = officer_client.get(reverse("reports:province", args=[ha_tinh.pk]))
    pool = page.context["board"].funnel.rows[0]
    assert (pool.reached, pool.women, pool.trained) == (2, 2, 1)
    # The trained and not trained numbers open the candidacies they count.
    links = page.context["board"].links
    for trained, count in (("yes", 1), ("no", 1)):
        listed = officer_client.get(f"{links['candidates']}&reached=pool&trained={trained}")
        assert listed.context["page"].paginator.count == count
    export = openpyxl.load_workbook(
        io.BytesIO(officer_client.get(reverse("reports:national_export"), follow=True).content)
    )
    funnel_sheet = list(export["Candidate funnel"].iter_rows(values_only=True))
    assert dict(zip(funnel_sheet[0], funnel_sheet[1], strict=True))["Trained"] == 1


def _course_fields(province) -> dict:
    return {
        "title": "Bulk",
        "kind": Course.Kind.CLASS,
        "status": Course.Status.HELD,
        "start_date": datetime.date(2026, 3, 1),
        "end_date": datetime.date(2026, 3, 1),
        "duration": 1,
        "province": province,
    }


@pytest.mark.parametrize("url_name", ["reports:national", "reports:national_export"])
def test_anonymous_visitors_are_sent_to_log_in(client, url_name, db):
    assert client.get(reverse(url_name)).status_code == 302


def test_the_ranking_and_the_trend_agree_with_counts_of_the_rows(ministry_client, ha_tinh, nghe_an, world):
    board = ministry_client.get(reverse("reports:national")).context["board"]
    ranking = {row.province_id: row for row in board.ranking}
    for province in (ha_tinh, nghe_an):
        expected = independent_counts(province=province)
        row = ranking[province.pk]
        assert (row.people, row.courses_held, row.reached) == (
            expected["people"],
            expected["courses-held"],
            expected["reached"],
        )
    for row in board.trend:
        year, quarter = int(row.quarter[:4]), int(row.quarter[-1])
        start = datetime.date(year, 3 * quarter - 2, 1)
        end = (datetime.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)) - datetime.timedelta(days=1)
        expected = independent_counts(start=start, end=end)
        assert (row.courses_held, row.reached) == (expected["courses-held"], expected["reached"])
        assert ministry_client.get(row.url).context["page"].paginator.count == len(
            [c for c in Course.objects.all() if start <= c.start_date <= end]
        )


def test_no_filter_opens_another_province_to_an_officer_nor_its_export(
    officer_client, ha_tinh, nghe_an, world
):
    """The programme of the Hà Tĩnh courses also has a Nghệ An course here: still only Hà Tĩnh is counted."""
    course(nghe_an, programme=world["programme"], kind=Course.Kind.CORE)
    own = independent_counts(province=ha_tinh)
    page = officer_client.get(
        reverse("reports:province", args=[ha_tinh.pk]), {"province": nghe_an.pk, "names": "historical"}
    )
    shown = figures(page)
    assert {key: shown[key] for key in own} == own
    with_programme = figures(
        officer_client.get(
            reverse("reports:province", args=[ha_tinh.pk]), {"programme": world["programme"].pk}
        )
    )
    assert with_programme["courses-held"] == 3  # the Hà Tĩnh class, core course and workshop of AWIL
    export = officer_client.get(reverse("reports:national_export"), {"province": nghe_an.pk}, follow=True)
    assert export.redirect_chain[-1][0].startswith(reverse("reports:province_export", args=[ha_tinh.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(export.content))
    values = {row[0]: row[1] for row in workbook["Figures"].iter_rows(min_row=2, values_only=True)}
    assert values["People trained"] == own["people"] and values["Courses held"] == own["courses-held"]
    names = [row[0] for row in workbook["Filters"].iter_rows(min_row=2, values_only=True)]
    assert names == [ha_tinh.short_name]


def test_quota_compliance_agrees_with_counts_of_the_rows(
    ministry_client, officer_client, ha_tinh, nghe_an, world
):
    term = Term.objects.create(
        name="HĐND 2026–2031", kind=Term.Kind.PEOPLES_COUNCILS, start_year=2026, end_year=2031
    )
    QuotaTarget.objects.create(
        body_kind=Body.Kind.PEOPLES_COUNCIL, metric=QuotaTarget.Metric.WOMEN_OFFICIAL, threshold=35
    )
    for province, genders in ((ha_tinh, ["female", "male"]), (nghe_an, ["male", "male", "male"])):
        body = Body.objects.create(
            name=f"HĐND {province.short_name}",
            kind=Body.Kind.PEOPLES_COUNCIL,
            level=Body.Level.PROVINCE,
            unit=province,
            province=province,
        )
        for gender in genders:
            Candidacy.objects.create(
                person=PersonFactory(province=province, gender=gender),
                body=body,
                term=term,
                stage=Stage.OFFICIAL,
                stage_since=datetime.date(2026, 3, 1),
                funnel_position=funnel_position(Stage.OFFICIAL),
                province=province,
            )

    def counted(province):
        official = [c for c in Candidacy.objects.select_related("person") if c.province_id == province.pk]
        return len([c for c in official if c.person.gender == "female"]), len(official)

    board = ministry_client.get(reverse("reports:national")).context["board"]
    shown = {check.body.province_id: (check.count, check.total, check.status) for check in board.quota_checks}
    assert shown == {ha_tinh.pk: (*counted(ha_tinh), "met"), nghe_an.pk: (*counted(nghe_an), "short")}
    assert board.quotas_met == 1
    own = officer_client.get(reverse("reports:province", args=[ha_tinh.pk])).context["board"]
    assert [(check.body.province_id, check.count, check.total) for check in own.quota_checks] == [
        (ha_tinh.pk, *counted(ha_tinh))
    ]
