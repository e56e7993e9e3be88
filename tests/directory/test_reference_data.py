"""`load_reference_data`: units of both catalogues, their links, ethnic groups, organisations, idempotence."""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from directory.models import AdministrativeUnit, EthnicGroup, Organisation
from directory.reference.administrative_units import UnitData, read_units
from directory.reference.ethnic_groups import CODE_LIST
from directory.reference.loader import load_reference_data
from directory.text import fold

Unit = AdministrativeUnit
CURRENT, LEGACY = Unit.Catalogue.CURRENT, Unit.Catalogue.LEGACY
COMMUNE_KINDS = (Unit.Kind.COMMUNE, Unit.Kind.WARD, Unit.Kind.SPECIAL_ZONE, Unit.Kind.TOWNSHIP)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def reference_data(django_db_setup, django_db_blocker):
    # Loading takes a few seconds: once per module, outside the per-test transactions. The rows stay for
    # the rest of the session, as the e2e ordering in tests/conftest.py expects.
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)


@pytest.fixture(scope="module")
def package_units() -> UnitData:
    """The package's units, read once: reading them is a good part of a run's time."""
    return read_units()


def unit(catalogue: str, code: str) -> AdministrativeUnit:
    return Unit.objects.select_related("parent", "successor").get(catalogue=catalogue, code=code)


def checksum() -> str:
    """A digest of every reference row, to tell that a run changed nothing."""
    digest = hashlib.sha256()
    querysets = [
        Unit.objects.order_by("pk").values_list(
            "pk", "catalogue", "code", "name", "short_name", "kind", "parent_id", "successor_id", "search_key"
        ),
        EthnicGroup.objects.order_by("pk").values_list(
            "pk", "name", "code", "code_list", "aliases", "search_keys", "is_minority"
        ),
        Organisation.objects.order_by("pk").values_list(
            "pk", "name", "short_name", "kind", "unit_id", "parent_id", "search_key"
        ),
    ]
    for queryset in querysets:
        for row in queryset:
            digest.update(repr(row).encode())
    return digest.hexdigest()


class TestCurrentUnits:
    def test_there_are_exactly_34_provinces(self):
        assert Unit.objects.current_provinces().count() == 34

    def test_centrally_governed_cities_are_cities_and_the_rest_provinces(self):
        assert unit(CURRENT, "01").kind == Unit.Kind.CITY
        assert unit(CURRENT, "79").kind == Unit.Kind.CITY
        assert unit(CURRENT, "42").kind == Unit.Kind.PROVINCE

    def test_there_are_3321_communes_wards_and_special_zones_each_under_a_current_province(self):
        communes = Unit.objects.filter(catalogue=CURRENT, kind__in=COMMUNE_KINDS)
        assert communes.count() == 3321
        assert communes.filter(kind=Unit.Kind.TOWNSHIP).count() == 0
        assert communes.filter(kind=Unit.Kind.SPECIAL_ZONE).count() == 13
        assert (
            communes.filter(parent__catalogue=CURRENT, parent__kind__in=Unit.PROVINCE_KINDS).count() == 3321
        )

    def test_code_15_in_the_2025_catalogue_is_lao_cai(self):
        assert unit(CURRENT, "15").name == "Tỉnh Lào Cai"

    def test_codes_are_zero_padded_as_officially_written(self):
        assert unit(CURRENT, "01").short_name == "Hà Nội"
        assert unit(CURRENT, "00004").name == "Phường Ba Đình"
        assert unit(CURRENT, "00004").parent.code == "01"

    def test_short_names_drop_the_kind_of_unit(self):
        assert unit(CURRENT, "42").short_name == "Hà Tĩnh"
        assert unit(CURRENT, "79").short_name == "Hồ Chí Minh"
        assert unit(CURRENT, "00004").short_name == "Ba Đình"
        assert unit(CURRENT, "00004").search_key == "ba dinh"


class TestLegacyUnits:
    def test_there_are_63_provinces_each_taken_over_by_a_current_province(self):
        provinces = Unit.objects.legacy_provinces()
        assert provinces.count() == 63
        assert (
            provinces.filter(successor__catalogue=CURRENT, successor__kind__in=Unit.PROVINCE_KINDS).count()
            == 63
        )

    def test_yen_bai_was_15_and_became_lao_cai(self):
        yen_bai = unit(LEGACY, "15")
        assert yen_bai.name == "Tỉnh Yên Bái"
        assert yen_bai.successor == unit(CURRENT, "15")
        assert yen_bai.current_province.short_name == "Lào Cai"

    def test_ba_ria_vung_tau_became_ho_chi_minh_city(self):
        assert unit(LEGACY, "77").successor.short_name == "Hồ Chí Minh"

    def test_tien_giang_went_to_dong_thap_despite_the_packages_mistagged_ward(self):
        # The package's conversion table tags ward 27691 of Long An as province 82 (Tiền Giang).
        assert unit(LEGACY, "82").successor == unit(CURRENT, "82")
        ward = unit(LEGACY, "27691")
        assert ward.parent.name == "Thành phố Tân An"
        assert ward.parent.parent.short_name == "Long An"
        assert ward.current_province == unit(CURRENT, "80")

    def test_districts_hang_under_their_province_and_have_no_successor(self):
        districts = Unit.objects.filter(catalogue=LEGACY, kind=Unit.Kind.DISTRICT)
        assert districts.count() == 696
        assert districts.filter(parent__catalogue=LEGACY, parent__kind__in=Unit.PROVINCE_KINDS).count() == 696
        assert districts.filter(successor__isnull=False).count() == 0
        assert unit(LEGACY, "001").name == "Quận Ba Đình"

    def test_there_are_10051_communes_wards_and_townships_each_under_a_district(self):
        communes = Unit.objects.filter(catalogue=LEGACY, kind__in=COMMUNE_KINDS)
        assert communes.count() == 10051
        assert communes.filter(kind=Unit.Kind.TOWNSHIP).count() == 618
        assert communes.filter(parent__kind=Unit.Kind.DISTRICT).count() == 10051

    def test_a_commune_points_to_the_commune_it_became(self):
        phuc_xa = unit(LEGACY, "00001")
        assert phuc_xa.name == "Phường Phúc Xá"
        assert phuc_xa.successor.name == "Phường Hồng Hà"
        assert phuc_xa.successor.catalogue == CURRENT

    def test_a_split_commune_points_to_the_new_unit_that_kept_its_name(self):
        ngoc_ha = Unit.objects.get(catalogue=LEGACY, name="Phường Ngọc Hà", parent__name="Quận Ba Đình")
        assert ngoc_ha.successor.name == "Phường Ngọc Hà"

    def test_only_communes_merged_before_the_reorganisation_have_no_successor(self):
        communes = Unit.objects.filter(catalogue=LEGACY, kind__in=COMMUNE_KINDS)
        assert communes.filter(successor__isnull=True).count() == 28
        assert communes.exclude(successor__catalogue=CURRENT).count() == 28

    def test_names_keep_a_bare_number_and_the_official_case(self):
        assert unit(LEGACY, "760").short_name == "Quận 1"
        assert unit(LEGACY, "058").name == "Thành phố Bắc Kạn"  # "Thành Phố Bắc Kạn" in the package
        assert unit(CURRENT, "06325").name == "Xã Bắc Sơn"  # "xã Bắc Sơn" in the package


class TestIdempotence:
    def test_running_it_again_changes_nothing(self, package_units):
        before = (Unit.objects.count(), EthnicGroup.objects.count(), Organisation.objects.count(), checksum())

        result = load_reference_data(units=package_units)

        assert result.changed == 0
        after = (Unit.objects.count(), EthnicGroup.objects.count(), Organisation.objects.count(), checksum())
        assert after == before

    def test_the_command_reports_nothing_created_or_updated_on_a_second_run(self):
        output = StringIO()
        with translation.override("en"):
            call_command("load_reference_data", stdout=output)
        lines = [line for line in output.getvalue().splitlines() if "created" in line]
        assert len(lines) == 7
        assert all(line.endswith(": 0 created, 0 updated") for line in lines)

    def test_a_row_made_by_hand_with_the_same_code_is_updated_in_place(self, package_units):
        original = unit(LEGACY, "00001")
        original.delete()
        by_hand = Unit.objects.create(catalogue=LEGACY, code="00001", name="phúc xá", kind=Unit.Kind.WARD)

        result = load_reference_data(units=package_units)

        assert [
            (count.created, count.updated) for count in result.counts if count.created or count.updated
        ] == [(0, 1)]
        reloaded = unit(LEGACY, "00001")
        assert reloaded.pk == by_hand.pk
        assert (reloaded.name, reloaded.parent, reloaded.successor) == (
            "Phường Phúc Xá",
            original.parent,
            original.successor,
        )

    def test_a_changed_province_name_is_put_back(self, package_units):
        Unit.objects.filter(catalogue=CURRENT, code="42").update(
            name="Hà Tĩnh", short_name="HT", search_key="ht"
        )

        result = load_reference_data(units=package_units)

        assert result.counts[0].updated == 1
        assert unit(CURRENT, "42").short_name == "Hà Tĩnh"

    def test_bulk_written_rows_are_what_save_would_store(self):
        # Bulk writes bypass save(): the loader derives the same values itself.
        samples = [
            unit(CURRENT, "79"),
            unit(CURRENT, "00004"),
            unit(LEGACY, "46"),
            unit(LEGACY, "058"),
            *EthnicGroup.objects.filter(code__in=["01", "05", "08", "23"]),
            *Organisation.objects.all()[:5],
        ]
        for instance in samples:
            stored = type(instance).objects.filter(pk=instance.pk).values().get()
            instance.save()
            assert type(instance).objects.filter(pk=instance.pk).values().get() == stored


def find_ethnic_group(text: str) -> EthnicGroup | None:
    key = fold(text)
    keys = {key, key.replace(" ", "").replace("-", "").replace("'", "")}
    matches = [group for group in EthnicGroup.objects.all() if keys & set(group.search_keys)]
    return matches[0] if len(matches) == 1 else None


class TestEthnicGroups:
    def test_there_are_54_groups_numbered_01_to_54_in_one_list(self):
        assert EthnicGroup.objects.count() == 54
        assert sorted(EthnicGroup.objects.values_list("code", flat=True)) == [
            f"{n:02d}" for n in range(1, 55)
        ]
        assert set(EthnicGroup.objects.values_list("code_list", flat=True)) == {CODE_LIST}

    def test_only_the_kinh_are_not_a_minority(self):
        assert list(EthnicGroup.objects.filter(is_minority=False).values_list("name", flat=True)) == ["Kinh"]

    def test_codes_follow_the_1979_list(self):
        codes = dict(EthnicGroup.objects.values_list("name", "code"))
        assert (codes["Kinh"], codes["Tày"], codes["Thái"], codes["Hoa"], codes["Khmer"]) == (
            "01",
            "02",
            "03",
            "04",
            "05",
        )
        assert (codes["Mường"], codes["Mông"], codes["Ngái"], codes["Ê Đê"]) == ("06", "08", "11", "12")

    @pytest.mark.parametrize(
        ("written", "name"),
        [
            ("Mông", "Mông"),
            ("HMông", "Mông"),
            ("H'Mông", "Mông"),
            ("Hmông", "Mông"),
            ("H MÔNG", "Mông"),
            ("Khmer", "Khmer"),
            ("Khơ-me", "Khmer"),
            ("Khơ Me", "Khmer"),
            ("Ê Đê", "Ê Đê"),
            ("Ê-đê", "Ê Đê"),
            ("Rhade", "Ê Đê"),
            ("Gia Rai", "Gia Rai"),
            ("Jrai", "Gia Rai"),
            ("Bahnar", "Ba Na"),
            ("Xơ-đăng", "Xơ Đăng"),
            ("Bru - Vân Kiều", "Bru-Vân Kiều"),
            ("Katu", "Cơ Tu"),
            ("Pa Cô", "Tà Ôi"),
            ("Việt", "Kinh"),
            ("kinh", "Kinh"),
            ("Thái", "Thái"),
            ("Tày", "Tày"),
        ],
    )
    def test_a_group_is_found_under_its_other_names(self, written, name):
        group = find_ethnic_group(written)
        assert group is not None
        assert group.name == name

    def test_no_spelling_points_to_two_groups(self):
        owners: dict[str, str] = {}
        for group in EthnicGroup.objects.all():
            for key in group.search_keys:
                assert owners.setdefault(key, group.name) == group.name, key


class TestOrganisations:
    def test_the_four_central_offices_are_there(self):
        offices = Organisation.objects.filter(kind=Organisation.Kind.CENTRAL_OFFICE)
        assert set(offices.values_list("short_name", flat=True)) == {"VPTW Đảng", "VPCP", "VPCTN", "VPQH"}

    def test_the_ministry_of_ethnic_and_religious_affairs_replaced_the_ethnic_committee(self):
        assert Organisation.objects.filter(
            name="Bộ Dân tộc và Tôn giáo", kind=Organisation.Kind.MINISTRY
        ).exists()
        assert not Organisation.objects.filter(name="Ủy ban Dân tộc").exists()

    def test_the_womens_union_and_its_academy_are_linked(self):
        union = Organisation.objects.get(short_name="Hội LHPN Việt Nam")
        assert union.kind == Organisation.Kind.WOMENS_UNION
        assert union.parent.name == "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"
        assert Organisation.objects.get(name="Học viện Phụ nữ Việt Nam").parent == union

    def test_the_vietnam_australia_centre_belongs_to_the_academy_of_politics(self):
        centre = Organisation.objects.get(short_name="VAC")
        assert centre.parent.name == "Học viện Chính trị quốc gia Hồ Chí Minh"
        assert centre.search_key == "trung tam viet – uc vac"
