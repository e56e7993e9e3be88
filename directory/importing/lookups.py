"""Ethnic groups and provinces as lists write them, resolved once per distinct spelling in a file.

Both are read from the database once per import (the tables may be reloaded by `load_reference_data`
between imports), never once per row.
"""

import re
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from directory.importing.cleaning import Cleaned, cell_text, one_repair, with_problem
from directory.models import EthnicGroup
from directory.text import fold

ETHNIC_UNKNOWN = _(
    "“%(value)s” is not one of the 54 ethnic groups of Viet Nam: check the spelling (for example Kinh, Tày, "
    "Mông)."
)
ETHNIC_ALIAS = _("“%(value)s” was recorded as the %(group)s ethnic group.")
PROVINCE_UNKNOWN = _("“%(value)s” is not a province or centrally-governed city of Viet Nam.")
PROVINCE_LEGACY = _("Old province %(old)s mapped to %(new)s (provinces were merged on 1 July 2025).")
PROVINCE_READ_AS = _("“%(value)s” was read as %(province)s.")


_ETHNIC_PREFIX = re.compile(r"^(dan toc|nguoi|dt)\s+")


def _squeeze(key: str) -> str:
    return key.replace(" ", "").replace("-", "").replace("'", "").replace("’", "")


class EthnicGroupLookup:
    """The ethnic groups by every spelling in their search keys, read from the database once per import."""

    def __init__(self, groups: dict[str, Any] | None = None):
        self._groups = groups
        self._cache: dict[str, Cleaned] = {}

    def _load(self) -> dict[str, Any]:
        if self._groups is None:
            self._groups = {}
            for group in EthnicGroup.objects.only("id", "name", "search_keys"):
                for key in [fold(group.name), *group.search_keys]:
                    self._groups.setdefault(key, group)
                    self._groups.setdefault(_squeeze(key), group)
        return self._groups

    def clean(self, raw: object) -> Cleaned:
        text = cell_text(raw)
        if not text:
            return Cleaned(None)
        if text in self._cache:
            return self._cache[text]
        groups = self._load()
        key = _ETHNIC_PREFIX.sub("", fold(text).replace("’", "'")).strip()
        group = groups.get(key) or groups.get(_squeeze(key))
        if group is None:
            result = with_problem(None, "ethnic_unknown", ETHNIC_UNKNOWN, value=text)
        elif fold(text) != fold(group.name):
            result = Cleaned(
                group,
                one_repair("ethnic_alias", ETHNIC_ALIAS, value=text, group=group.name),
            )
        else:
            result = Cleaned(group)
        self._cache[text] = result
        return result


def _province_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


class ProvinceLookup:
    """Provinces by their current or pre-2025 name, resolved once per distinct spelling in the file.

    `directory.provinces.resolve_province` answers with the current province for a current or a legacy
    name, and `resolve_legacy_province` tells that a name was a pre-2025 province, so that the user is
    told when an old name was mapped to its successor. Both keep their own index of names (one query).
    """

    def __init__(
        self,
        resolve: Callable[[str], Any] | None = None,
        resolve_legacy: Callable[[str], Any] | None = None,
    ):
        self._resolve = resolve
        self._resolve_legacy = resolve_legacy
        self._cache: dict[str, Cleaned] = {}

    def clean(self, raw: object) -> Cleaned:
        text = cell_text(raw)
        if not text:
            return Cleaned(None)
        if text in self._cache:
            return self._cache[text]
        if self._resolve is None or self._resolve_legacy is None:
            from directory.provinces import resolve_legacy_province, resolve_province

            self._resolve = self._resolve or resolve_province
            self._resolve_legacy = self._resolve_legacy or resolve_legacy_province
        province = self._resolve(text)
        if province is None:
            result = with_problem(None, "province_unknown", PROVINCE_UNKNOWN, value=text)
        elif (legacy := self._resolve_legacy(text)) is not None and fold(legacy.short_name) != fold(
            province.short_name
        ):
            result = Cleaned(
                province,
                one_repair("province_legacy", PROVINCE_LEGACY, old=legacy.short_name, new=province.name),
            )
        elif _province_key(text) in {_province_key(province.name), _province_key(province.short_name)}:
            result = Cleaned(province)
        else:
            result = Cleaned(
                province,
                one_repair("province_read_as", PROVINCE_READ_AS, value=text, province=province.name),
            )
        self._cache[text] = result
        return result
