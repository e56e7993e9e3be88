"""Certificates: their numbers, the PDF (Vietnamese or bilingual), downloads in scope, verification."""

import datetime
import io
import re
import unicodedata

import pypdf
import pytest
from django.test import Client
from django.urls import reverse

from directory.models import Organisation, Person
from tests.trainings.factories import CourseFactory, EnrolmentFactory, OrganisationFactory, ProgrammeFactory
from trainings import certificates, services
from trainings.certificates import (
    certificate_issue,
    certificate_pdf,
    course_certificates_issue,
    normalise_certificate_number,
    vietnamese_document_date,
)
from trainings.models import Course, Enrolment
from trainings.services import TrainingRuleError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NUMBER = re.compile(r"^WL-(\d{4})-[2-9A-HJKMNP-Z]{8}$")
CITIZEN_ID = "042190012345"  # Hà Tĩnh (042), a woman born in the 1900s (1), in 1990


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, in NFC so that the comparison does not depend on the PDF's encoding."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [unicodedata.normalize("NFC", page.extract_text()) for page in reader.pages]


def complete(course: Course, enrolments: list[Enrolment], actor) -> None:
    """Mark them present at every session: the course's completion rule then completes them."""
    sessions = list(course.sessions.all())
    services.attendance_save(
        course=course, present={(e.pk, s.pk) for e in enrolments for s in sessions}, actor=actor
    )
    for enrolment in enrolments:
        enrolment.refresh_from_db()


@pytest.fixture
def department(ha_tinh):
    parent = OrganisationFactory(
        name="Ủy ban nhân dân tỉnh Hà Tĩnh", kind=Organisation.Kind.PEOPLES_COMMITTEE, unit=ha_tinh
    )
    return OrganisationFactory(
        name="Sở Lao động - Thương binh và Xã hội tỉnh Hà Tĩnh",
        kind=Organisation.Kind.DEPARTMENT,
        unit=ha_tinh,
        parent=parent,
    )


@pytest.fixture
def ha_tinh_class(ha_tinh, department):
    return CourseFactory(
        title="Lớp tập huấn 2: Quản lý nhà nước về bình đẳng giới",
        province=ha_tinh,
        unit=ha_tinh,
        organiser=department,
        venue="Thành phố Hà Tĩnh",
        start_date=datetime.date(2019, 7, 11),
        end_date=datetime.date(2019, 7, 12),
        duration=2,
    )


@pytest.fixture
def hoa(ha_tinh):
    return Person.objects.create(
        family_name="Nguyễn",
        middle_name="Thị",
        given_name="Hoà",
        gender=Person.Gender.FEMALE,
        birth_date=datetime.date(1990, 3, 15),
        citizen_id=CITIZEN_ID,
        phone="0912345678",
        province=ha_tinh,
        workplace="Sở Tài chính tỉnh Hà Tĩnh",
    )


@pytest.fixture
def hoa_enrolment(ha_tinh_class, hoa, officer_ha_tinh):
    enrolment = EnrolmentFactory(course=ha_tinh_class, person=hoa)
    complete(ha_tinh_class, [enrolment], officer_ha_tinh)
    return enrolment


@pytest.fixture
def awil_core_course(db):
    donor = OrganisationFactory(name="Bộ Ngoại giao và Thương mại Australia", kind=Organisation.Kind.DONOR)
    centre = OrganisationFactory(name="Trung tâm Việt – Úc", kind=Organisation.Kind.TRAINING_CENTRE)
    programme = ProgrammeFactory(
        name="Thúc đẩy vai trò của phụ nữ trong công tác lãnh đạo (AWIL)",
        code="AWIL-2024",
        funder=donor,
        implementer=centre,
    )
    return CourseFactory(
        title="Khóa đào tạo học viên cốt cán AWIL",
        kind=Course.Kind.CORE,
        programme=programme,
        organiser=centre,
        province=None,
        venue="Ninh Bình",
        start_date=datetime.date(2024, 5, 16),
        end_date=datetime.date(2024, 5, 19),
        duration=4,
    )


class TestNumbers:
    def test_a_completed_enrolment_gets_a_readable_number_once(self, hoa_enrolment, officer_ha_tinh):
        certificate_issue(enrolment=hoa_enrolment, actor=officer_ha_tinh)
        number = hoa_enrolment.certificate_number
        assert NUMBER.match(number).group(1) == "2019"  # the year the course ended
        certificate_issue(enrolment=hoa_enrolment, actor=officer_ha_tinh)
        hoa_enrolment.refresh_from_db()
        assert hoa_enrolment.certificate_number == number

    def test_a_not_completed_enrolment_is_refused_with_its_message(self, ha_tinh_class, hoa, officer_ha_tinh):
        enrolment = EnrolmentFactory(course=ha_tinh_class, person=hoa)
        with pytest.raises(TrainingRuleError, match="Nguyễn Thị Hoà has not completed the course"):
            certificate_issue(enrolment=enrolment, actor=officer_ha_tinh)
        enrolment.refresh_from_db()
        assert enrolment.certificate_number == ""

    def test_an_officer_of_another_province_cannot_issue(self, hoa_enrolment, officer_nghe_an):
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            certificate_issue(enrolment=hoa_enrolment, actor=officer_nghe_an)

    def test_the_numbers_of_a_course_are_unique(self, ha_tinh_class, officer_ha_tinh):
        enrolments = EnrolmentFactory.create_batch(30, course=ha_tinh_class)
        complete(ha_tinh_class, enrolments, officer_ha_tinh)
        issued = course_certificates_issue(course=ha_tinh_class, actor=officer_ha_tinh)
        numbers = {enrolment.certificate_number for enrolment in issued}
        assert len(numbers) == 30
        assert all(NUMBER.match(number) for number in numbers)

    def test_a_number_already_taken_is_drawn_again(
        self, ha_tinh_class, hoa_enrolment, officer_ha_tinh, monkeypatch
    ):
        certificate_issue(enrolment=hoa_enrolment, actor=officer_ha_tinh)
        other = EnrolmentFactory(course=ha_tinh_class)
        complete(ha_tinh_class, [other], officer_ha_tinh)
        draws = iter([hoa_enrolment.certificate_number, "WL-2019-ABCDEFGH"])
        monkeypatch.setattr(certificates, "new_certificate_number", lambda year: next(draws))
        certificate_issue(enrolment=other, actor=officer_ha_tinh)
        assert other.certificate_number == "WL-2019-ABCDEFGH"

    def test_typed_numbers_are_normalised(self):
        assert normalise_certificate_number(" wl – 2024 – 7k3f 9qxm ") == "WL-2024-7K3F9QXM"


class TestPdf:
    def test_the_vietnamese_certificate_has_the_name_with_its_diacritics_and_the_dates(
        self, hoa_enrolment, officer_ha_tinh
    ):
        certificate_issue(enrolment=hoa_enrolment, actor=officer_ha_tinh)
        pages = pdf_pages(certificate_pdf(enrolment=hoa_enrolment, site_url="https://womenlead.example.vn/"))
        assert len(pages) == 1
        text = pages[0]
        for expected in (
            "GIẤY CHỨNG NHẬN",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Nguyễn Thị Hoà",
            "Lớp tập huấn 2: Quản lý nhà nước về bình đẳng giới",
            "từ ngày 11/07/2019 đến ngày 12/07/2019",
            "Thành phố Hà Tĩnh",
            "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
            "Hà Tĩnh, ngày 12 tháng 7 năm 2019",
            hoa_enrolment.certificate_number,
        ):
            assert expected in text
        # The address the QR code holds is printed beside it, broken across lines where it is long.
        url = f"https://womenlead.example.vn/certificates/verify/{hoa_enrolment.certificate_number}/"
        assert url in text.replace("\n", "")
        # A provincial class of a State budget plan: Vietnamese only.
        assert "CERTIFICATE OF COMPLETION" not in text
        assert CITIZEN_ID not in text
        assert "15/03/1990" not in text

    def test_a_donor_funded_course_gets_a_bilingual_certificate(self, awil_core_course, ministry, ha_tinh):
        enrolment = EnrolmentFactory(
            course=awil_core_course,
            role=Enrolment.Role.CORE_TRAINEE,
            person__family_name="Đặng",
            person__middle_name="Thị Thu",
            person__given_name="Hường",
            person__province=ha_tinh,
        )
        complete(awil_core_course, [enrolment], ministry)
        certificate_issue(enrolment=enrolment, actor=ministry)
        text = pdf_pages(certificate_pdf(enrolment=enrolment))[0]
        for expected in (
            "GIẤY CHỨNG NHẬN",
            "CERTIFICATE OF COMPLETION",
            "This is to certify that",
            "Đặng Thị Thu Hường",
            "Khóa đào tạo học viên cốt cán AWIL",
            "từ ngày 16/05/2024 đến ngày 19/05/2024",
            "from 16/05/2024 to 19/05/2024",
            "Bộ Ngoại giao và Thương mại Australia",
            "TRUNG TÂM VIỆT – ÚC",
            "Ngày 19 tháng 5 năm 2024",
            "19 May 2024",
        ):
            assert expected in text

    def test_the_pdf_embeds_our_serif_font_and_no_fallback(self, hoa_enrolment, officer_ha_tinh):
        certificate_issue(enrolment=hoa_enrolment, actor=officer_ha_tinh)
        reader = pypdf.PdfReader(io.BytesIO(certificate_pdf(enrolment=hoa_enrolment)))
        fonts = {
            str(font.get_object()["/BaseFont"]).split("+")[-1]
            for font in reader.pages[0]["/Resources"]["/Font"].values()
        }
        # WeasyPrint names embedded fonts after the @font-face family of static/css/pdf-fonts.css: a font of
        # the server standing in for a missing one would appear under its own name.
        assert fonts == {"WomenLead-Serif", "WomenLead-Serif-Bold", "WomenLead-Serif-Italic"}

    def test_a_certificate_is_printed_only_after_it_is_issued(self, hoa_enrolment):
        with pytest.raises(TrainingRuleError, match="has not been issued"):
            certificate_pdf(enrolment=hoa_enrolment)

    def test_the_document_date_follows_decree_30(self):
        assert vietnamese_document_date(datetime.date(2024, 2, 5)) == "ngày 05 tháng 02 năm 2024"
        assert vietnamese_document_date(datetime.date(2019, 7, 12)) == "ngày 12 tháng 7 năm 2019"


class TestDownloads:
    def test_an_officer_downloads_a_certificate_of_her_province_and_its_number_is_issued(
        self, officer_client, hoa_enrolment
    ):
        response = officer_client.get(reverse("certificates:download", args=[hoa_enrolment.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        hoa_enrolment.refresh_from_db()
        assert NUMBER.match(hoa_enrolment.certificate_number)
        assert hoa_enrolment.certificate_number in response["Content-Disposition"]
        assert response["Cache-Control"] == "private, no-store"
        assert "Nguyễn Thị Hoà" in pdf_pages(response.content)[0]

    def test_an_officer_of_nghe_an_gets_404_for_a_ha_tinh_certificate(
        self, other_officer_client, hoa_enrolment
    ):
        response = other_officer_client.get(reverse("certificates:download", args=[hoa_enrolment.pk]))
        assert response.status_code == 404
        response = other_officer_client.get(reverse("certificates:course", args=[hoa_enrolment.course_id]))
        assert response.status_code == 404
        hoa_enrolment.refresh_from_db()
        assert hoa_enrolment.certificate_number == ""

    def test_an_officer_cannot_download_a_national_courses_certificate(
        self, officer_client, awil_core_course, ministry
    ):
        enrolment = EnrolmentFactory(course=awil_core_course)
        complete(awil_core_course, [enrolment], ministry)
        response = officer_client.get(reverse("certificates:download", args=[enrolment.pk]))
        assert response.status_code == 404

    def test_a_not_completed_enrolment_goes_back_to_the_course_with_a_message(
        self, officer_client, ha_tinh_class, hoa
    ):
        enrolment = EnrolmentFactory(course=ha_tinh_class, person=hoa)
        response = officer_client.get(reverse("certificates:download", args=[enrolment.pk]), follow=True)
        assert response.redirect_chain[0] == (ha_tinh_class.get_absolute_url(), 302)
        messages = [str(message) for message in response.context["messages"]]
        assert any("Nguyễn Thị Hoà has not completed the course" in message for message in messages)

    def test_it_goes_back_to_the_page_it_was_asked_from_but_never_off_site(
        self, officer_client, ha_tinh_class, hoa
    ):
        enrolment = EnrolmentFactory(course=ha_tinh_class, person=hoa)
        url = reverse("certificates:download", args=[enrolment.pk])
        response = officer_client.get(url, {"next": "/trainings/courses/"})
        assert response["Location"] == "/trainings/courses/"
        response = officer_client.get(url, {"next": "https://evil.example.com/"})
        assert response["Location"] == ha_tinh_class.get_absolute_url()

    def test_anonymous_users_cannot_download(self, hoa_enrolment):
        url = reverse("certificates:download", args=[hoa_enrolment.pk])
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_a_whole_course_prints_one_page_per_completed_participant(
        self, officer_client, ha_tinh_class, hoa_enrolment, officer_ha_tinh
    ):
        others = EnrolmentFactory.create_batch(2, course=ha_tinh_class)
        complete(ha_tinh_class, [hoa_enrolment, *others], officer_ha_tinh)
        EnrolmentFactory(course=ha_tinh_class)  # enrolled after the attendance: not completed
        response = officer_client.get(reverse("certificates:course", args=[ha_tinh_class.pk]))
        assert response.status_code == 200
        pages = pdf_pages(response.content)
        assert len(pages) == 3
        numbers = set(
            Enrolment.objects.filter(course=ha_tinh_class)
            .exclude(certificate_number="")
            .values_list("certificate_number", flat=True)
        )
        assert len(numbers) == 3
        assert all(any(number in page for page in pages) for number in numbers)

    def test_a_course_without_completions_goes_back_with_a_message(self, officer_client, ha_tinh_class):
        EnrolmentFactory(course=ha_tinh_class)
        response = officer_client.get(reverse("certificates:course", args=[ha_tinh_class.pk]), follow=True)
        assert response.redirect_chain[0][0] == ha_tinh_class.get_absolute_url()
        assert "No one has completed this course yet" in response.content.decode()


class TestVerification:
    @pytest.fixture
    def number(self, hoa_enrolment, officer_ha_tinh):
        certificate_issue(enrolment=hoa_enrolment, actor=officer_ha_tinh)
        return hoa_enrolment.certificate_number

    def test_anyone_can_verify_and_sees_only_the_name_course_and_dates(
        self, number, django_assert_num_queries
    ):
        # Expect 1 query: the enrolment with its person's name and the course.
        with django_assert_num_queries(1):
            response = Client().get(reverse("certificates:verify", args=[number]))
        assert response.status_code == 200
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        page = response.content.decode()
        for expected in (
            "Nguyễn Thị Hoà",
            "Lớp tập huấn 2: Quản lý nhà nước về bình đẳng giới",
            "11/07/2019",
        ):
            assert expected in page
        assert "12/07/2019" in page
        for secret in (CITIZEN_ID, "15/03/1990", "1990", "0912345678", "Sở Tài chính", "lan.hatinh"):
            assert secret not in page

    def test_a_typed_number_is_found_in_any_case_and_spacing(self, number):
        response = Client().get(reverse("certificates:verify_form"), {"number": f"  {number.lower()} "})
        assert response.status_code == 302
        assert response["Location"] == reverse("certificates:verify", args=[number])
        response = Client().get(reverse("certificates:verify", args=[number.lower()]), follow=True)
        assert response.status_code == 200
        assert "Nguyễn Thị Hoà" in response.content.decode()

    def test_an_unknown_number_is_a_404_with_a_message(self, number):
        response = Client().get(reverse("certificates:verify", args=["WL-2019-ABCDEFGH"]))
        assert response.status_code == 404
        page = response.content.decode()
        assert "No certificate with this number" in page
        assert "Nguyễn Thị Hoà" not in page

    def test_the_form_asks_for_a_number(self, db):
        response = Client().get(reverse("certificates:verify_form"))
        assert response.status_code == 200
        assert 'name="number"' in response.content.decode()

    def test_a_certificate_whose_completion_was_undone_is_no_longer_valid(
        self, number, hoa_enrolment, officer_ha_tinh
    ):
        services.enrolment_save(enrolment=hoa_enrolment, actor=officer_ha_tinh, withdrawn=True)
        response = Client().get(reverse("certificates:verify", args=[number]))
        assert response.status_code == 410
        page = response.content.decode()
        assert "no longer valid" in page
        assert "Nguyễn Thị Hoà" not in page
