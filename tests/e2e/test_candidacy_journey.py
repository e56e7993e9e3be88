"""Journey: a provincial officer follows one woman from the candidate pool to elected.

She sees the quota table short of women, walks the candidacy stage by stage (a skip without a reason is
refused on the way), sees the history, and finds the quota table met once the woman is an official
candidate. The Vietnamese translations of these pages are written later, so elements are found by test id
and by URL, not by label.
"""

import datetime
from decimal import Decimal

import pytest

from accounts.models import User
from candidates.models import Body, QuotaTarget, Stage, Term
from candidates.services import candidacy_create
from directory.models import Person
from tests.conftest import make_province, make_user
from tests.e2e.conftest import PHONE, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

ROAD = ["planning", "trained", "round_1", "round_2", "round_3", "official", "elected"]


@pytest.fixture
def cast(transactional_db):
    ha_tinh = make_province("42", "Tỉnh Hà Tĩnh")
    officer = make_user("lan.hatinh", User.Role.OFFICER, ha_tinh, last_name="Nguyễn Thị", first_name="Lan")
    term = Term.objects.create(
        name="HĐND nhiệm kỳ 2026–2031", kind=Term.Kind.PEOPLES_COUNCILS, start_year=2026, end_year=2031
    )
    council = Body.objects.create(
        name="Hội đồng nhân dân tỉnh Hà Tĩnh",
        kind=Body.Kind.PEOPLES_COUNCIL,
        level=Body.Level.PROVINCE,
        unit=ha_tinh,
    )
    QuotaTarget.objects.create(
        body_kind=Body.Kind.PEOPLES_COUNCIL,
        metric=QuotaTarget.Metric.WOMEN_OFFICIAL,
        threshold=Decimal("35"),
        legal_source="Luật 85/2015/QH13, Điều 8",
    )
    earlier = datetime.date.today() - datetime.timedelta(days=30)
    # The official list so far: 2 women and 5 men, 28.6%, one woman short of 35%.
    for number, gender in enumerate(["female"] * 2 + ["male"] * 5):
        person = Person.objects.create(
            family_name="Phạm",
            middle_name="Văn" if gender == "male" else "Thị",
            given_name=f"Ứng viên {number}",
            gender=gender,
            birth_year=1980,
            province=ha_tinh,
        )
        candidacy_create(
            person=person,
            body=council,
            term=term,
            nominated_by=None,
            stage=Stage.OFFICIAL,
            actor=None,
            on_date=earlier,
        )
    hoa = Person.objects.create(
        family_name="Trần",
        middle_name="Thị",
        given_name="Hoà",
        gender="female",
        birth_year=1984,
        province=ha_tinh,
    )
    candidacy = candidacy_create(
        person=hoa,
        body=council,
        term=term,
        nominated_by=None,
        stage=Stage.POOL,
        actor=officer,
        on_date=earlier,
    )
    return {"officer": officer, "body": council, "term": term, "candidacy": candidacy}


def quota_row(page, live_server, cast):
    page.goto(f"{live_server.url}/candidates/quotas/?term={cast['term'].pk}")
    return page.get_by_test_id(f"quota-{cast['body'].pk}-women_official")


def record_stage(page, to_stage: str, reason: str = "") -> None:
    form = page.get_by_test_id("stage-form")
    form.locator("select[name=to_stage]").select_option(to_stage)
    form.locator("textarea[name=reason]").fill(reason)
    form.get_by_test_id("stage-submit").click()
    page.wait_for_load_state()


def test_an_officer_walks_a_candidacy_from_the_pool_to_elected(page, live_server, cast):
    candidacy = cast["candidacy"]
    detail_url = f"{live_server.url}/candidates/{candidacy.pk}/"
    log_in(page, live_server, "lan.hatinh")

    # The pipeline: eight candidacies, one of them in the pool.
    page.goto(f"{live_server.url}/candidates/")
    assert page.get_by_test_id("now-pool").inner_text() == "1"
    assert page.get_by_test_id("reached-official").inner_text() == "7"
    screenshot(page, "candidates-pipeline-before")

    # The quota table: short by one woman.
    row = quota_row(page, live_server, cast)
    assert (row.get_attribute("data-status"), row.get_attribute("data-count")) == ("short", "2")
    screenshot(page, "candidates-quota-before")

    # From the list to her candidacy.
    page.goto(f"{live_server.url}/candidates/list/?q=tran+hoa")
    page.get_by_test_id(f"candidacy-row-{candidacy.pk}").get_by_role("link").click()
    page.wait_for_url(detail_url)
    assert page.get_by_test_id("candidacy-stage").get_attribute("data-stage") == "pool"

    # Skipping straight to the official list without a reason is refused, and nothing changes.
    record_stage(page, "official")
    assert page.get_by_test_id("stage-error").first.is_visible()
    assert page.url.endswith(f"/candidates/{candidacy.pk}/stage/")
    screenshot(page, "candidates-skip-refused")
    page.goto(detail_url)
    assert page.get_by_test_id("candidacy-stage").get_attribute("data-stage") == "pool"

    # One step at a time to the official list.
    for stage in ROAD[: ROAD.index("official") + 1]:
        record_stage(page, stage)
        page.wait_for_url(detail_url)
        assert page.get_by_test_id("candidacy-stage").get_attribute("data-stage") == stage

    # The quota table now counts her: 3 women of 8, 37.5%, the target is met.
    row = quota_row(page, live_server, cast)
    counts = [row.get_attribute(name) for name in ("data-status", "data-count", "data-total")]
    assert counts == ["met", "3", "8"]
    assert "37" in row.get_by_test_id("quota-share").inner_text()
    screenshot(page, "candidates-quota-after")

    # Elected: the candidacy is closed and its history tells the whole road.
    page.goto(detail_url)
    record_stage(page, "elected")
    page.wait_for_url(detail_url)
    assert page.get_by_test_id("candidacy-stage").get_attribute("data-stage") == "elected"
    assert page.get_by_test_id("candidacy-closed").is_visible()
    history = page.get_by_test_id("stage-history").get_by_test_id("stage-change")
    assert [history.nth(i).get_attribute("data-to-stage") for i in range(history.count())] == ["pool", *ROAD]
    screenshot(page, "candidates-detail-elected")


def test_the_history_reads_on_a_phone(new_page, live_server, cast):
    page = new_page(viewport=PHONE)
    log_in(page, live_server, "lan.hatinh")
    page.goto(f"{live_server.url}/candidates/{cast['candidacy'].pk}/")
    record_stage(page, "planning")
    assert page.get_by_test_id("candidacy-stage").get_attribute("data-stage") == "planning"
    assert page.get_by_test_id("stage-history").get_by_test_id("stage-change").count() == 2
    screenshot(page, "candidates-detail-phone")
