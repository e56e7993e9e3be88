"""Quota arithmetic and the compliance table: the share, the threshold and the gap in people."""

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from candidates.models import Body, QuotaTarget, Stage, Term
from candidates.services import QuotaCheck, quota_compliance, quota_gap
from directory.models import EthnicGroup
from tests.candidates.conftest import candidacy_at, make_body, man, walk, woman


def brute_force_gap(count: int, total: int, threshold: Decimal) -> int:
    """The smallest x with (count + x) / (total + x) ≥ threshold, found by trying x = 0, 1, 2 …"""
    x = 0
    while Fraction(count + x, total + x) < Fraction(threshold) / 100:
        x += 1
    return x


class TestGapArithmetic:
    def test_exactly_35_percent_meets_the_threshold(self):
        assert quota_gap(count=7, total=20, threshold=Decimal("35")) == 0

    def test_34_9_percent_is_short_by_one(self):
        # 15 of 43 is 34.88%; one more woman makes 16 of 44, 36.4%.
        assert quota_gap(count=15, total=43, threshold=Decimal("35")) == 1

    def test_zero_candidates_has_no_share_and_no_gap(self):
        assert quota_gap(count=0, total=0, threshold=Decimal("35")) is None

    def test_a_worked_example(self):
        # 6 of 20 (30%): 7 of 21 is 33.3%, 8 of 22 is 36.4%, so 2 more women are needed.
        assert quota_gap(count=6, total=20, threshold=Decimal("35")) == 2

    def test_no_women_at_all(self):
        # 0 of 10: 6 of 16 is 37.5% and 5 of 15 only 33.3%.
        assert quota_gap(count=0, total=10, threshold=Decimal("35")) == 6

    def test_a_fractional_threshold_is_exact(self):
        # 1,750 of 10,001 is 17.498%: one more is not enough.
        assert quota_gap(count=1749, total=10000, threshold=Decimal("17.5")) == 2
        assert quota_gap(count=1750, total=10000, threshold=Decimal("17.5")) == 0

    @pytest.mark.parametrize(
        "threshold", [Decimal("35"), Decimal("18"), Decimal("25"), Decimal("15"), Decimal("33.33")]
    )
    def test_the_formula_agrees_with_trying_every_number(self, threshold):
        for total in range(1, 61):
            for count in range(total + 1):
                assert quota_gap(count=count, total=total, threshold=threshold) == brute_force_gap(
                    count, total, threshold
                ), (count, total, threshold)

    def test_the_message_says_how_many_more_women_are_needed(self, db):
        target = QuotaTarget(metric=QuotaTarget.Metric.WOMEN_OFFICIAL, threshold=Decimal("35"))
        check = QuotaCheck(body=Body(name="x"), target=target, total=30, count=7)
        assert check.status == QuotaCheck.SHORT
        # 12 of 35 is 34.3%, 13 of 36 is 36.1%.
        assert check.message == "6 more women needed among official candidates"
        assert check.share == Decimal("23.3")
        assert QuotaCheck(body=Body(name="x"), target=target, total=0, count=0).message == "No candidates yet"


@pytest.mark.django_db
class TestCompliance:
    def official_list(self, body, term, women: int, men: int, province) -> None:
        for _ in range(women):
            candidacy_at(woman(province), body, term, Stage.OFFICIAL)
        for _ in range(men):
            candidacy_at(man(province), body, term, Stage.OFFICIAL)

    def test_a_body_exactly_at_the_threshold_is_met(
        self, ha_tinh, ha_tinh_council, councils_2026, women_official_target
    ):
        self.official_list(ha_tinh_council, councils_2026, women=7, men=13, province=ha_tinh)
        (check,) = quota_compliance(term=councils_2026)
        assert (check.count, check.total, check.share, check.gap) == (7, 20, Decimal("35.0"), 0)
        assert check.status == QuotaCheck.MET

    def test_a_body_short_of_women_shows_the_gap(
        self, ha_tinh, ha_tinh_council, councils_2026, women_official_target
    ):
        self.official_list(ha_tinh_council, councils_2026, women=6, men=14, province=ha_tinh)
        (check,) = quota_compliance(term=councils_2026)
        assert check.status == QuotaCheck.SHORT
        assert check.message == "2 more women needed among official candidates"

    def test_a_body_without_candidates_says_so(self, ha_tinh_council, councils_2026, women_official_target):
        (check,) = quota_compliance(term=councils_2026)
        assert (check.total, check.share, check.gap, check.status) == (0, None, None, QuotaCheck.EMPTY)

    def test_only_official_candidates_who_did_not_withdraw_are_counted(
        self, ha_tinh, ha_tinh_council, councils_2026, women_official_target
    ):
        candidacy_at(woman(ha_tinh), ha_tinh_council, councils_2026, Stage.ROUND_3)  # not yet official
        candidacy_at(woman(ha_tinh), ha_tinh_council, councils_2026, Stage.ELECTED)
        candidacy_at(woman(ha_tinh), ha_tinh_council, councils_2026, Stage.NOT_ELECTED)
        withdrawn = candidacy_at(woman(ha_tinh), ha_tinh_council, councils_2026, Stage.OFFICIAL)
        walk(withdrawn, Stage.WITHDRAWN)
        candidacy_at(man(ha_tinh), ha_tinh_council, councils_2026, Stage.OFFICIAL)
        (check,) = quota_compliance(term=councils_2026)
        assert (check.count, check.total) == (2, 3)

    def test_the_table_changes_when_a_woman_becomes_an_official_candidate(
        self, ha_tinh, ha_tinh_council, councils_2026, women_official_target
    ):
        self.official_list(ha_tinh_council, councils_2026, women=6, men=14, province=ha_tinh)
        candidacy = candidacy_at(woman(ha_tinh), ha_tinh_council, councils_2026, Stage.ROUND_3)
        assert quota_compliance(term=councils_2026)[0].gap == 2
        walk(candidacy, Stage.OFFICIAL)
        (check,) = quota_compliance(term=councils_2026)
        assert (check.count, check.total, check.gap) == (7, 21, 1)

    def test_ethnic_minorities_are_counted_for_the_national_assembly(
        self, ha_tinh, national_assembly, assembly_2026
    ):
        QuotaTarget.objects.create(
            body_kind=Body.Kind.NATIONAL_ASSEMBLY,
            metric=QuotaTarget.Metric.MINORITY_OFFICIAL,
            threshold=Decimal("18"),
            legal_source="Law 85/2015/QH13, Article 8",
        )
        thai = EthnicGroup.objects.create(name="Thái", code="03", code_list="1979", is_minority=True)
        kinh = EthnicGroup.objects.create(name="Kinh", code="01", code_list="1979", is_minority=False)
        candidacy_at(man(ha_tinh, ethnic_group=thai), national_assembly, assembly_2026, Stage.OFFICIAL)
        for _ in range(9):
            candidacy_at(woman(ha_tinh, ethnic_group=kinh), national_assembly, assembly_2026, Stage.OFFICIAL)
        (check,) = quota_compliance(term=assembly_2026)
        assert (check.count, check.total, check.status) == (1, 10, QuotaCheck.SHORT)
        assert check.message == "1 more ethnic-minority candidate needed among official candidates"

    def test_a_target_for_one_term_wins_over_a_general_one(
        self, ha_tinh, ha_tinh_council, councils_2026, women_official_target
    ):
        QuotaTarget.objects.create(
            body_kind=Body.Kind.PEOPLES_COUNCIL,
            term=councils_2026,
            metric=QuotaTarget.Metric.WOMEN_OFFICIAL,
            threshold=Decimal("40"),
            legal_source="A stricter provincial resolution",
        )
        (check,) = quota_compliance(term=councils_2026)
        assert check.target.threshold == Decimal("40")

    def test_a_target_applies_only_to_terms_beginning_in_its_valid_period(self, ha_tinh):
        party_2020 = Term.objects.create(
            name="Party 2020–2025", kind=Term.Kind.PARTY, start_year=2020, end_year=2025
        )
        party_2025 = Term.objects.create(
            name="Party 2025–2030", kind=Term.Kind.PARTY, start_year=2025, end_year=2030
        )
        make_body("Ban Chấp hành Đảng bộ tỉnh Hà Tĩnh", ha_tinh, kind=Body.Kind.PARTY_COMMITTEE)
        QuotaTarget.objects.create(
            body_kind=Body.Kind.PARTY_COMMITTEE,
            level=Body.Level.PROVINCE,
            metric=QuotaTarget.Metric.WOMEN_MEMBERS,
            threshold=Decimal("15"),
            legal_source="Directive 35-CT/TW (2019)",
            valid_from=datetime.date(2019, 5, 30),
            valid_until=datetime.date(2020, 12, 31),
        )
        assert len(quota_compliance(term=party_2020)) == 1
        assert quota_compliance(term=party_2025) == []

    def test_a_target_for_one_level_leaves_the_other_levels_alone(self, ha_tinh, councils_2026):
        QuotaTarget.objects.create(
            body_kind=Body.Kind.PEOPLES_COUNCIL,
            level=Body.Level.COMMUNE,
            metric=QuotaTarget.Metric.WOMEN_OFFICIAL,
            threshold=Decimal("30"),
            legal_source="Commune target",
        )
        make_body("Hội đồng nhân dân tỉnh Hà Tĩnh", ha_tinh)
        assert quota_compliance(term=councils_2026, province=ha_tinh) == []

    def test_an_officer_sees_only_her_province_and_her_part_of_national_bodies(
        self,
        ha_tinh,
        nghe_an,
        ha_tinh_council,
        nghe_an_council,
        national_assembly,
        councils_2026,
        assembly_2026,
        women_official_target,
        officer_ha_tinh,
    ):
        self.official_list(ha_tinh_council, councils_2026, women=7, men=13, province=ha_tinh)
        self.official_list(nghe_an_council, councils_2026, women=1, men=1, province=nghe_an)
        assert [check.body for check in quota_compliance(term=councils_2026, user=officer_ha_tinh)] == [
            ha_tinh_council
        ]
        # Even when another province is asked for.
        checks = quota_compliance(term=councils_2026, province=nghe_an, user=officer_ha_tinh)
        assert [check.body for check in checks] == [ha_tinh_council]

        QuotaTarget.objects.create(
            body_kind=Body.Kind.NATIONAL_ASSEMBLY,
            metric=QuotaTarget.Metric.WOMEN_OFFICIAL,
            threshold=Decimal("35"),
            legal_source="Law 85/2015/QH13",
        )
        self.official_list(national_assembly, assembly_2026, women=1, men=2, province=ha_tinh)
        self.official_list(national_assembly, assembly_2026, women=5, men=0, province=nghe_an)
        (ha_tinh_part,) = quota_compliance(term=assembly_2026, user=officer_ha_tinh)
        assert (ha_tinh_part.count, ha_tinh_part.total) == (1, 3)
        (whole,) = quota_compliance(term=assembly_2026)
        assert (whole.count, whole.total) == (6, 8)

    def test_the_table_takes_two_queries_whatever_the_number_of_bodies(
        self, ha_tinh, councils_2026, women_official_target, django_assert_num_queries
    ):
        for number in range(5):
            body = make_body(f"Hội đồng nhân dân xã {number}", ha_tinh, level=Body.Level.COMMUNE)
            self.official_list(body, councils_2026, women=2, men=3, province=ha_tinh)
        # Expect 2 queries: the quota targets, the bodies with their counts.
        with django_assert_num_queries(2):
            checks = quota_compliance(term=councils_2026, province=ha_tinh)
            assert [check.gap for check in checks] == [0] * 5


@pytest.mark.django_db
@pytest.mark.parametrize("threshold", [Decimal("0"), Decimal("100"), Decimal("120")])
def test_a_threshold_outside_0_and_100_percent_is_refused_with_its_message(threshold):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    target = QuotaTarget(
        body_kind=Body.Kind.PEOPLES_COUNCIL,
        metric=QuotaTarget.Metric.WOMEN_OFFICIAL,
        threshold=threshold,
        legal_source="Law 85/2015/QH13",
    )
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            target.full_clean()
        assert "threshold" in error.value.message_dict
        assert "Ensure this value is" in error.value.message_dict["threshold"][0]


@pytest.mark.django_db
def test_the_database_refuses_a_threshold_of_zero_whatever_the_form_checks():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        QuotaTarget.objects.create(
            body_kind=Body.Kind.PEOPLES_COUNCIL,
            metric=QuotaTarget.Metric.WOMEN_OFFICIAL,
            threshold=Decimal("0"),
            legal_source="Law 85/2015/QH13",
        )
