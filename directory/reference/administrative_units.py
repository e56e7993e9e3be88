"""Administrative units as the `vietnam-provinces` package ships them, turned into rows for our model.

Sources: Resolution 202/2025/QH15 (63 provinces became 34 on 1 July 2025, the district level abolished)
and Decision 19/2025/QĐ-TTg (codes of the new units), as packaged by `vietnam-provinces` (GPL-3.0-or-later),
which also ships the legacy catalogue (63 provinces, their districts and 10,051 communes) and the official
old → new conversion table.

Codes are stored as officially written, zero-padded: provinces 2 digits ("01"), districts 3 ("001"),
communes, wards and special zones 5 ("00001").
"""

import re
from collections import Counter
from dataclasses import dataclass, field

import vietnam_provinces as current
from django.utils.translation import gettext_lazy as _
from vietnam_provinces import legacy

from directory.models import AdministrativeUnit
from directory.text import fold

Kind = AdministrativeUnit.Kind
Catalogue = AdministrativeUnit.Catalogue
Key = tuple[str, str]  # (catalogue, code): a code alone is ambiguous, 15 was Yên Bái and is now Lào Cai

_CURRENT_KINDS = {
    current.VietNamDivisionType.TINH: Kind.PROVINCE,
    current.VietNamDivisionType.THANH_PHO_TRUNG_UONG: Kind.CITY,
    current.VietNamDivisionType.XA: Kind.COMMUNE,
    current.VietNamDivisionType.PHUONG: Kind.WARD,
    current.VietNamDivisionType.DAC_KHU: Kind.SPECIAL_ZONE,
}
_LEGACY_KINDS = {
    legacy.VietNamDivisionType.TINH: Kind.PROVINCE,
    legacy.VietNamDivisionType.THANH_PHO_TRUNG_UONG: Kind.CITY,
    # District-level towns and cities were districts too: all of them were abolished in 2025.
    legacy.VietNamDivisionType.HUYEN: Kind.DISTRICT,
    legacy.VietNamDivisionType.QUAN: Kind.DISTRICT,
    legacy.VietNamDivisionType.THI_XA: Kind.DISTRICT,
    legacy.VietNamDivisionType.THANH_PHO: Kind.DISTRICT,
    legacy.VietNamDivisionType.XA: Kind.COMMUNE,
    legacy.VietNamDivisionType.PHUONG: Kind.WARD,
    legacy.VietNamDivisionType.THI_TRAN: Kind.TOWNSHIP,
}

# The words that name the kind of a unit, in the case official documents write them. The package has a
# few names with another case ("Thành Phố Bắc Kạn", "xã Bắc Sơn"): they are written back in this case.
_PREFIXES = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã")
_PREFIX = re.compile(rf"^({'|'.join(_PREFIXES)})\s+(.+)$", re.IGNORECASE)
_CANONICAL_PREFIX = {prefix.lower(): prefix for prefix in _PREFIXES}


def split_name(name: str) -> tuple[str, str]:
    """ "Tỉnh Hà Tĩnh" → ("Tỉnh Hà Tĩnh", "Hà Tĩnh"); "Quận 1" and "Phường 4" keep their prefix."""
    match = _PREFIX.match(name.strip())
    if not match:
        return name, name
    prefix, rest = _CANONICAL_PREFIX[match.group(1).lower()], match.group(2)
    full_name = f"{prefix} {rest}"
    # A bare number is not a name: "Quận 1" is only ever called that.
    return full_name, full_name if rest.isdigit() else rest


@dataclass(frozen=True)
class UnitRecord:
    catalogue: str
    code: str
    name: str
    short_name: str
    kind: str
    parent: Key | None = None
    successor: Key | None = None

    @property
    def key(self) -> Key:
        return (self.catalogue, self.code)


@dataclass
class UnitLevel:
    """Rows whose parent and successor are all in earlier levels, so each level can be written in bulk."""

    label: str
    records: list[UnitRecord]


@dataclass
class UnitData:
    levels: list[UnitLevel]
    notes: list[str] = field(default_factory=list)


def _record(catalogue: str, code: str, name: str, kind: str, **links) -> UnitRecord:
    full_name, short_name = split_name(name)
    return UnitRecord(catalogue, code, full_name, short_name, kind, **links)


def _current_key(code: int, digits: int) -> Key:
    return (Catalogue.CURRENT, f"{code:0{digits}d}")


def _legacy_key(code: int, digits: int) -> Key:
    return (Catalogue.LEGACY, f"{code:0{digits}d}")


def _successor_ward(old_ward: legacy.Ward) -> current.Ward | None:
    """The current commune or ward a legacy commune became.

    A legacy commune split between several new units is listed with all of them, in the order of the
    official conversion table (ascending new code), which says nothing about which one received the
    largest part. The new unit that kept the old name is the one built around the old commune, so it is
    preferred; otherwise the first listed is taken. In package 2026.9.0, 440 legacy communes are split
    and the old name settles 80 of them.
    """
    candidates = [match.ward for match in current.Ward.search_from_legacy(code=old_ward.code.value)]
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    old_name = fold(split_name(old_ward.name)[1])
    same_name = [ward for ward in candidates if fold(split_name(ward.name)[1]) == old_name]
    return (same_name or candidates)[0]


def read_units() -> UnitData:
    """Read both catalogues from the package, in an order that lets each level point to earlier ones."""
    notes: list[str] = []

    provinces = [
        _record(Catalogue.CURRENT, f"{p.code.value:02d}", p.name, _CURRENT_KINDS[p.division_type])
        for p in current.Province.iter_all()
    ]
    communes = [
        _record(
            Catalogue.CURRENT,
            f"{w.code.value:05d}",
            w.name,
            _CURRENT_KINDS[w.division_type],
            parent=_current_key(w.province_code.value, 2),
        )
        for w in current.Ward.iter_all()
    ]

    legacy_communes, unmapped = [], 0
    # Which current provinces received each legacy province's communes: the province of a legacy commune
    # is derived through its district (legacy.Ward.province_code does that).
    received: dict[int, Counter] = {}
    for ward in legacy.Ward.iter_all():
        successor = _successor_ward(ward)
        if successor is None:
            unmapped += 1
        else:
            received.setdefault(ward.province_code.value, Counter())[successor.province_code.value] += 1
        legacy_communes.append(
            _record(
                Catalogue.LEGACY,
                f"{ward.code.value:05d}",
                ward.name,
                _LEGACY_KINDS[ward.division_type],
                parent=_legacy_key(ward.district_code.value, 3),
                successor=_current_key(successor.code.value, 5) if successor else None,
            )
        )
    if unmapped:
        # Communes merged in the first half of 2025, before the reorganisation, under codes the legacy
        # list does not have (Phường 14 of Bình Thạnh, Xã Tân Hợp of Mộc Châu, ...): the package's
        # conversion table starts from their new codes, so these have no successor.
        notes.append(
            _("%(count)s legacy communes have no successor in the conversion table.") % {"count": unmapped}
        )

    legacy_provinces = []
    for province in legacy.Province.iter_all():
        code = province.code.value
        listed = {match.province.code.value for match in current.Province.search_from_legacy(code=code)}
        # Known fault in the package (DESIGN.md §5): its ward conversion table tags legacy ward 27691
        # (Phường 4, Tân An, in Long An, province 80) as province 82, so the province table derived from
        # it lists Tây Ninh and Đồng Tháp for Tiền Giang (82). Resolution 202/2025/QH15 merged Tiền Giang
        # into Đồng Tháp. Counting communes by the province of their district gives the right answer:
        # every one of Tiền Giang's 164 communes went to Đồng Tháp.
        counts = received.get(code, Counter())
        successor = counts.most_common(1)[0][0] if counts else (min(listed) if len(listed) == 1 else None)
        if successor is None or successor not in listed:
            raise ValueError(f"Cannot tell which current province took over legacy province {code}.")
        legacy_provinces.append(
            _record(
                Catalogue.LEGACY,
                f"{code:02d}",
                province.name,
                _LEGACY_KINDS[province.division_type],
                successor=_current_key(successor, 2),
            )
        )

    districts = [
        _record(
            Catalogue.LEGACY,
            f"{d.code.value:03d}",
            d.name,
            _LEGACY_KINDS[d.division_type],
            parent=_legacy_key(d.province_code.value, 2),
        )
        for d in legacy.District.iter_all()
    ]

    return UnitData(
        levels=[
            UnitLevel(str(_("provinces (2025)")), provinces),
            UnitLevel(str(_("communes, wards and special zones (2025)")), communes),
            UnitLevel(str(_("provinces (before 2025)")), legacy_provinces),
            UnitLevel(str(_("districts (before 2025)")), districts),
            UnitLevel(str(_("communes, wards and townships (before 2025)")), legacy_communes),
        ],
        notes=[str(note) for note in notes],
    )
