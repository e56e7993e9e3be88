"""The pages: fixed query counts, the stage-change form, the candidacy form, the quota table, the admin."""

import datetime

import pytest
from django.urls import reverse

from candidates.models import Body, Candidacy, QuotaTarget, Stage, StageChange
from tests.candidates.conftest import candidacy_at, man, walk, woman
from trainings.models import Course, Enrolment

pytestmark = pytest.mark.django_db


def populate(ha_tinh, body, term, count: int) -> list[Candidacy]:
    """`count` candidacies with a history and a training record each, in Hà Tĩnh."""
    course = Course.objects.create(
        title=f"Lớp {count}",
        start_date=datetime.date(2025, 7, 15),
        end_date=datetime.date(2025, 7, 16),
        duration=2,
    )
    created = []
    for number in range(count):
        person = woman(ha_tinh) if number % 2 else man(ha_tinh)
        Enrolment.objects.create(course=course, person=person, status=Enrolment.Status.COMPLETED)
        created.append(walk(candidacy_at(person, body, term), Stage.PLANNING, Stage.TRAINED))
    return created


class TestQueryCounts:
    @pytest.mark.parametrize("count", [2, 6])
    def test_the_list_takes_a_fixed_number_of_queries(
        self, officer_client, ha_tinh, ha_tinh_council, councils_2026, count, django_assert_num_queries
    ):
        populate(ha_tinh, ha_tinh_council, councils_2026, count)
        url = reverse("candidates:candidacy_list")
        # Expect 9 queries: session, user, the user's province (header), the filter choices (terms,
        # bodies, ethnic groups, programmes), the count for the paginator, the page of rows.
        with django_assert_num_queries(9):
            response = officer_client.get(url)
        assert response.context["page"].paginator.count == count

    @pytest.mark.parametrize("count", [2, 6])
    def test_the_detail_takes_a_fixed_number_of_queries(
        self, officer_client, ha_tinh, ha_tinh_council, councils_2026, count, django_assert_num_queries
    ):
        candidacy = populate(ha_tinh, ha_tinh_council, councils_2026, count)[0]
        Enrolment.objects.create(
            course=Course.objects.create(
                title="Another",
                start_date=datetime.date(2024, 1, 1),
                end_date=datetime.date(2024, 1, 1),
                duration=1,
            ),
            person=candidacy.person,
        )
        # Expect 8 queries: session, user, the candidacy with person, body, term and province, the audit
        # entry of the view, the training history with courses, the stage history with who recorded it,
        # the person's other candidacies, the user's province (header).
        with django_assert_num_queries(8):
            response = officer_client.get(candidacy.get_absolute_url())
        assert len(response.context["history"]) == 3
        assert len(response.context["enrolments"]) == 2

    @pytest.mark.parametrize("count", [2, 6])
    def test_the_pipeline_takes_a_fixed_number_of_queries(
        self, ministry_client, ha_tinh, ha_tinh_council, councils_2026, count, django_assert_num_queries
    ):
        populate(ha_tinh, ha_tinh_council, councils_2026, count)
        # Expect 11 queries: session, user, the default term, the chosen term (validation), the funnel (one
        # grouped count), the filter choices: terms twice (a required select reads its first option to
        # decide on the `required` attribute), provinces, bodies, ethnic groups, programmes.
        with django_assert_num_queries(11):
            response = ministry_client.get(reverse("candidates:pipeline"))
        assert response.context["funnel"].total == count

    def test_the_quota_table_takes_a_fixed_number_of_queries(
        self,
        ministry_client,
        ha_tinh,
        ha_tinh_council,
        councils_2026,
        women_official_target,
        django_assert_num_queries,
    ):
        populate(ha_tinh, ha_tinh_council, councils_2026, 4)
        # Expect 6 queries: session, user, terms, provinces, quota targets, bodies with their counts.
        with django_assert_num_queries(6):
            response = ministry_client.get(
                reverse("candidates:quota_table"), {"term": councils_2026.pk, "province": ha_tinh.pk}
            )
        assert len(response.context["checks"]) == 1


class TestStageForm:
    @pytest.fixture
    def candidacy(self, ha_tinh, ha_tinh_council, councils_2026) -> Candidacy:
        return candidacy_at(woman(ha_tinh), ha_tinh_council, councils_2026)

    def post(self, client, candidacy, **data):
        data.setdefault("on_date", "01/10/2025")
        data.setdefault("reason", "")
        return client.post(reverse("candidates:candidacy_advance", args=[candidacy.pk]), data)

    def test_the_detail_page_links_the_persons_other_candidacies(
        self, officer_client, candidacy, ha_tinh, councils_2026
    ):
        ward = Body.objects.create(
            name="Hội đồng nhân dân phường Thành Sen",
            kind=Body.Kind.PEOPLES_COUNCIL,
            level=Body.Level.COMMUNE,
            unit=ha_tinh,
        )
        other = candidacy_at(candidacy.person, ward, councils_2026)
        response = officer_client.get(candidacy.get_absolute_url())
        assert list(response.context["other_candidacies"]) == [other]
        assert other.get_absolute_url() in response.content.decode()

    def test_the_detail_page_offers_the_next_stage(self, officer_client, candidacy):
        form = officer_client.get(candidacy.get_absolute_url()).context["form"]
        assert form.fields["to_stage"].initial == Stage.PLANNING
        assert Stage.POOL not in dict(form.fields["to_stage"].choices)

    def test_a_step_forward_is_recorded_and_the_page_says_so(
        self, officer_client, candidacy, officer_ha_tinh
    ):
        response = self.post(officer_client, candidacy, to_stage="planning")
        assert response.status_code == 302 and response.url == candidacy.get_absolute_url()
        candidacy.refresh_from_db()
        assert candidacy.stage == Stage.PLANNING
        assert candidacy.stage_changes.last().changed_by == officer_ha_tinh
        page = officer_client.get(response.url).content.decode()
        assert "is now at the stage “in cadre planning”" in page

    def test_a_skip_without_a_reason_shows_the_rule_and_saves_nothing(self, officer_client, candidacy):
        response = self.post(officer_client, candidacy, to_stage="round_1")
        assert response.status_code == 200
        assert "skips 2 stages" in response.content.decode()
        assert response.context["form"].errors["reason"]
        assert StageChange.objects.filter(candidacy=candidacy).count() == 1

    def test_a_skip_with_a_reason_is_recorded(self, officer_client, candidacy):
        response = self.post(
            officer_client, candidacy, to_stage="round_1", reason="Nominated late by the Front."
        )
        assert response.status_code == 302
        assert candidacy.stage_changes.last().reason == "Nominated late by the Front."

    def test_a_date_in_a_wrong_format_is_refused(self, officer_client, candidacy):
        response = self.post(officer_client, candidacy, to_stage="planning", on_date="2025/13/45")
        assert response.status_code == 200 and response.context["form"].errors["on_date"]

    def test_a_closed_candidacy_has_no_form_for_an_officer(self, officer_client, candidacy):
        walk(candidacy, Stage.WITHDRAWN)
        response = officer_client.get(candidacy.get_absolute_url())
        assert not response.context["can_change"]
        assert 'data-testid="candidacy-closed"' in response.content.decode()
        response = self.post(officer_client, candidacy, to_stage="pool", reason="Back in the pool.")
        assert "the candidacy is closed" in response.content.decode()
        candidacy.refresh_from_db()
        assert candidacy.stage == Stage.WITHDRAWN

    def test_the_advance_page_needs_a_login(self, client, candidacy):
        response = client.get(reverse("candidates:candidacy_advance", args=[candidacy.pk]))
        assert response.status_code == 302 and "/accounts/login/" in response.url


class TestCandidacyForm:
    def test_a_search_finds_people_of_the_officers_province(self, officer_client, ha_tinh):
        hoa = woman(ha_tinh, given_name="Hoà")
        response = officer_client.get(reverse("candidates:candidacy_create"), {"q": "nguyen hoa"})
        assert list(response.context["found"]) == [hoa]

    def test_a_chosen_person_is_recorded_as_a_candidate(
        self, officer_client, ha_tinh, ha_tinh_council, councils_2026, officer_ha_tinh
    ):
        hoa = woman(ha_tinh, given_name="Hoà")
        url = reverse("candidates:candidacy_create")
        form = officer_client.get(url, {"person": hoa.pk}).context["form"]
        assert ha_tinh_council in form.fields["body"].queryset
        response = officer_client.post(
            url,
            {
                "person": hoa.pk,
                "term": councils_2026.pk,
                "body": ha_tinh_council.pk,
                "stage": "pool",
                "on_date": "01/06/2025",
                "notes": "Proposed by the Women's Union.",
            },
        )
        candidacy = Candidacy.objects.get(person=hoa)
        assert response.status_code == 302 and response.url == candidacy.get_absolute_url()
        assert (candidacy.stage, candidacy.province, candidacy.created_by) == (
            Stage.POOL,
            ha_tinh,
            officer_ha_tinh,
        )
        assert candidacy.stage_since == datetime.date(2025, 6, 1)

    def test_a_rule_broken_on_creation_is_shown_on_the_form(
        self, officer_client, ha_tinh, ha_tinh_council, councils_2026
    ):
        hoa = woman(ha_tinh)
        candidacy_at(hoa, ha_tinh_council, councils_2026)
        response = officer_client.post(
            reverse("candidates:candidacy_create"),
            {"person": hoa.pk, "term": councils_2026.pk, "body": ha_tinh_council.pk, "stage": "pool"},
        )
        assert response.status_code == 200
        assert "already a candidate" in response.content.decode()
        assert Candidacy.objects.count() == 1


class TestQuotaPage:
    def test_the_table_flags_a_body_short_of_women(
        self, ministry_client, ha_tinh, ha_tinh_council, councils_2026, women_official_target
    ):
        for _ in range(3):
            candidacy_at(man(ha_tinh), ha_tinh_council, councils_2026, Stage.OFFICIAL)
        response = ministry_client.get(reverse("candidates:quota_table"), {"term": councils_2026.pk})
        content = response.content.decode()
        assert "2 more women needed among official candidates" in content
        assert 'data-status="short"' in content
        assert "Law 85/2015/QH13" in content

    def test_only_administrators_get_the_link_to_edit_targets(
        self, ministry_client, admin_client_, councils_2026, women_official_target
    ):
        link = reverse("admin:candidates_quotatarget_changelist")
        assert link not in ministry_client.get(reverse("candidates:quota_table")).content.decode()
        assert link in admin_client_.get(reverse("candidates:quota_table")).content.decode()


class TestAdmin:
    def test_administrators_edit_quota_targets(self, admin_client_, women_official_target):
        url = reverse("admin:candidates_quotatarget_change", args=[women_official_target.pk])
        assert admin_client_.get(url).status_code == 200
        response = admin_client_.post(
            url,
            {
                "body_kind": Body.Kind.PEOPLES_COUNCIL,
                "level": "",
                "term": "",
                "metric": QuotaTarget.Metric.WOMEN_OFFICIAL,
                "threshold": "36",
                "legal_source": "Law 85/2015/QH13, Article 8 (amended 2025)",
                "valid_from": "01/09/2015",
                "valid_until": "",
                "notes": "",
            },
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        women_official_target.refresh_from_db()
        assert str(women_official_target.threshold) == "36.00"

    def test_ministry_staff_and_officers_have_no_admin_for_candidates(self, ministry_client, officer_client):
        url = reverse("admin:candidates_quotatarget_changelist")
        for client in (ministry_client, officer_client):
            assert client.get(url).status_code == 302  # to the admin login: not staff

    @pytest.mark.parametrize("model", ["term", "body", "candidacy", "stagechange", "quotatarget"])
    def test_every_model_has_an_admin_list(
        self, admin_client_, model, ha_tinh, ha_tinh_council, councils_2026
    ):
        candidacy_at(woman(ha_tinh), ha_tinh_council, councils_2026)
        assert admin_client_.get(reverse(f"admin:candidates_{model}_changelist")).status_code == 200
