from datetime import date

import pytest

from directory.models import AdministrativeUnit, EthnicGroup
from directory.provinces import clear_province_cache

# Ages are computed against a fixed day, so that the tests do not age.
TODAY = date(2026, 3, 15)

Unit = AdministrativeUnit


@pytest.fixture(autouse=True)
def _messages_in_english(english):
    """Every test here reads messages word for word, in English (the shared `english` fixture)."""


@pytest.fixture
def ethnic_groups(db) -> dict[str, EthnicGroup]:
    groups = [
        ("01", "Kinh", ["Việt"], False),
        ("02", "Tày", [], True),
        ("08", "Mông", ["HMông", "H'Mông", "Hmông", "Mèo"], True),
        ("05", "Khmer", ["Khơ-me", "Khơ Me"], True),
    ]
    # update_or_create: the reference data may already hold them, with other aliases.
    return {
        name: EthnicGroup.objects.update_or_create(
            name=name,
            defaults={
                "code": code,
                "code_list": "QĐ 121-TCTK/PPCĐ (1979)",
                "aliases": aliases,
                "is_minority": minority,
            },
        )[0]
        for code, name, aliases, minority in groups
    }


def _unit(
    catalogue: str, code: str, name: str, short_name: str, kind: str, successor=None
) -> AdministrativeUnit:
    unit, _created = Unit.objects.get_or_create(
        catalogue=catalogue,
        code=code,
        defaults={"name": name, "short_name": short_name, "kind": kind, "successor": successor},
    )
    return unit


@pytest.fixture(autouse=True)
def fresh_province_index():
    """directory.provinces keeps a process-wide index of province names, but the provinces of a test
    vanish with its transaction: the index is dropped around each test, for this one and those after."""
    clear_province_cache()
    yield
    clear_province_cache()


@pytest.fixture
def provinces(db) -> dict[str, AdministrativeUnit]:
    """Current provinces, and legacy ones pointing to their successor (Resolution 202/2025/QH15)."""
    current = Unit.Catalogue.CURRENT
    legacy = Unit.Catalogue.LEGACY
    ha_tinh = _unit(current, "42", "Tỉnh Hà Tĩnh", "Hà Tĩnh", Unit.Kind.PROVINCE)
    nghe_an = _unit(current, "40", "Tỉnh Nghệ An", "Nghệ An", Unit.Kind.PROVINCE)
    hcm = _unit(current, "79", "Thành phố Hồ Chí Minh", "Hồ Chí Minh", Unit.Kind.CITY)
    _unit(legacy, "42", "Tỉnh Hà Tĩnh", "Hà Tĩnh", Unit.Kind.PROVINCE, successor=ha_tinh)
    _unit(legacy, "40", "Tỉnh Nghệ An", "Nghệ An", Unit.Kind.PROVINCE, successor=nghe_an)
    _unit(legacy, "79", "Thành phố Hồ Chí Minh", "Hồ Chí Minh", Unit.Kind.CITY, successor=hcm)
    _unit(legacy, "77", "Tỉnh Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu", Unit.Kind.PROVINCE, successor=hcm)
    _unit(legacy, "74", "Tỉnh Bình Dương", "Bình Dương", Unit.Kind.PROVINCE, successor=hcm)
    return {"Hà Tĩnh": ha_tinh, "Nghệ An": nghe_an, "Hồ Chí Minh": hcm}
