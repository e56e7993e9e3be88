"""Read a province name as people write it and answer with the province it means today.

Spreadsheets will name provinces as they were before 1 July 2025 for years ("Bà Rịa - Vũng Tàu", now part
of Hồ Chí Minh City), with or without "Tỉnh"/"TP."/"Thành phố", in any case, with or without diacritics,
in NFC or NFD, with any dash, or as initials ("HCM", "BR-VT"). This module answers with the current
(Decision 19/2025/QĐ-TTg) province, or None when the name is unknown or could mean two provinces.

It is called once per spreadsheet row: the first call reads every province (one query) and builds a map
from folded names to ids; later calls are dictionary look-ups with no query. The map is rebuilt after any
province is saved or deleted and after `load_reference_data`.

Bare numbers are never resolved: province codes were reused with new meanings in 2025 (15 was Yên Bái and
is now Lào Cai), so a code says nothing without its catalogue.
"""

import copy
import re
import threading
from dataclasses import dataclass
from datetime import date

from django.db.models.signals import post_delete, post_save

from directory.models import AdministrativeUnit
from directory.text import fold, vietnamese_sort_key

# Resolution 202/2025/QH15: the 34 provinces exist from this day.
REORGANISATION_DATE = date(2025, 7, 1)

# Words written before a province's name. "TT" is not one of them: "TT Huế" is Thừa Thiên Huế.
_PREFIXES = (("thanh", "pho"), ("tinh",), ("tp",), ("t",))
_SUFFIXES = (("province",), ("city",))
_NOT_WORD = re.compile(r"[\W_]+")

# Spellings that folding and initials do not produce, keyed by the folded short name they stand for.
_ALIASES = {
    "ho chi minh": ("tphcm", "sai gon"),
    "dak lak": ("dac lac", "dak lac", "dac lak"),
    "dak nong": ("dac nong",),
    # Thừa Thiên Huế became the centrally-governed city of Huế on 1 January 2025, so even the legacy
    # catalogue calls it Huế; spreadsheets still say Thừa Thiên Huế.
    "hue": ("thua thien hue", "tt hue", "tth"),
}

_AMBIGUOUS = -1


def _normalise(text: str) -> str:
    """ "TP. Hồ Chí Minh" → "ho chi minh": folded, punctuation and dashes as spaces, prefixes dropped."""
    words = _NOT_WORD.sub(" ", fold(text)).split()
    for prefix in _PREFIXES:
        if tuple(words[: len(prefix)]) == prefix and len(words) > len(prefix):
            words = words[len(prefix) :]
            break
    for suffix in _SUFFIXES:
        if tuple(words[-len(suffix) :]) == suffix and len(words) > len(suffix):
            words = words[: -len(suffix)]
            break
    return " ".join(words)


def _keys(short_name: str) -> set[str]:
    """Every key a province's name is found under: the name, run together, and its initials."""
    name = _normalise(short_name)
    words = name.split()
    spellings = {name, *_ALIASES.get(name, ())}
    keys = spellings | {spelling.replace(" ", "") for spelling in spellings}
    if len(words) > 1:
        keys.add("".join(word[0] for word in words))  # "hcm", "brvt"
    return keys


def _add(mapping: dict[str, int], key: str, value: int) -> None:
    if mapping.get(key, value) != value:
        value = _AMBIGUOUS
    mapping[key] = value


@dataclass(frozen=True)
class _Index:
    units: dict[int, AdministrativeUnit]
    current: dict[str, int]  # key → current province id, from current names
    legacy: dict[str, int]  # key → current province id, from legacy names (their successor)
    either: dict[str, int]  # both catalogues together: a key is ambiguous if they disagree
    legacy_units: dict[str, int]  # key → legacy province id

    @classmethod
    def build(cls) -> "_Index":
        units = {
            unit.pk: unit
            for unit in AdministrativeUnit.objects.filter(kind__in=AdministrativeUnit.PROVINCE_KINDS)
        }
        index = cls(units, {}, {}, {}, {})
        for unit in units.values():
            if unit.catalogue == AdministrativeUnit.Catalogue.CURRENT:
                targets = [(index.current, unit.pk)]
            elif unit.successor_id in units:
                targets = [(index.legacy, unit.successor_id)]
            else:
                targets = []
            for key in _keys(unit.short_name) | _keys(unit.name):
                for mapping, value in targets:
                    _add(mapping, key, value)
                    _add(index.either, key, value)
                if unit.catalogue == AdministrativeUnit.Catalogue.LEGACY:
                    _add(index.legacy_units, key, unit.pk)
        return index

    def find(self, mappings: tuple[dict[str, int], ...], text: str) -> AdministrativeUnit | None:
        key = _normalise(text)
        if not key or key.replace(" ", "").isdigit():
            return None
        for mapping in mappings:
            for candidate in (key, key.replace(" ", "")):
                if candidate in mapping:
                    unit_id = mapping[candidate]
                    # A copy: callers may cache related objects on it, the index is shared by threads.
                    return None if unit_id == _AMBIGUOUS else copy.copy(self.units[unit_id])
        return None


_index: _Index | None = None
_lock = threading.Lock()


def _get_index() -> _Index:
    global _index
    index = _index
    if index is None:
        with _lock:
            if _index is None:
                _index = _Index.build()
            index = _index
    return index


def clear_province_cache(**_kwargs) -> None:
    """Forget the name map; the next look-up reads the provinces again."""
    global _index
    with _lock:
        _index = None


def _clear_after_change(sender, instance: AdministrativeUnit, **kwargs) -> None:
    if instance.is_province:
        clear_province_cache()


post_save.connect(_clear_after_change, sender=AdministrativeUnit, dispatch_uid="provinces_cache_save")
post_delete.connect(_clear_after_change, sender=AdministrativeUnit, dispatch_uid="provinces_cache_delete")


def resolve_province(text: str, *, on_date: date | None = None) -> AdministrativeUnit | None:
    """The current province meant by a current or legacy province name, or None if unknown or ambiguous.

    Without `on_date`, a name is read in both catalogues and must mean the same province in both. With it,
    the name is read first in the catalogue in force on that date, then in the other: "HN" is Hà Nội in
    a 2026 record, but could be Hà Nội or Hà Nam (now Ninh Bình) in a 2019 one.
    """
    index = _get_index()
    if on_date is None:
        return index.find((index.either,), text)
    if on_date >= REORGANISATION_DATE:
        return index.find((index.current, index.legacy), text)
    return index.find((index.legacy, index.current), text)


def resolve_legacy_province(text: str) -> AdministrativeUnit | None:
    """The pre-2025 province a name means ("Yên Bái" → Yên Bái, before 2025), or None if it is not one."""
    index = _get_index()
    return index.find((index.legacy_units,), text)


def province_choices() -> list[tuple[int, str]]:
    """(id, short name) of the current provinces, in Vietnamese alphabetical order, for form fields."""
    units = _get_index().units.values()
    current = [unit for unit in units if unit.catalogue == AdministrativeUnit.Catalogue.CURRENT]
    current.sort(key=lambda unit: vietnamese_sort_key(unit.short_name))
    return [(unit.pk, unit.short_name) for unit in current]
