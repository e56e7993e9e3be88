"""Write the reference data to the database: one transaction, bulk writes, safe to run again.

Existing rows are read once and matched on their natural key (catalogue and code for units, code or name
for ethnic groups, name for national organisations); only missing rows are inserted and only changed rows
updated, so a second run writes nothing. Rows created by hand or by tests with the same key (e.g.
`make_province("42", …)`) are updated in place. Rows that are not in the reference data are left alone.

Bulk writes bypass `save()`, so the values `save()` derives (normalised names, folded search keys) are
derived here with the same functions from `directory.text`; the tests check that `save()` would not change
them.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.utils.translation import gettext_lazy as _

from directory.models import AdministrativeUnit, EthnicGroup, Organisation
from directory.provinces import clear_province_cache
from directory.reference.administrative_units import UnitData, read_units
from directory.reference.ethnic_groups import CODE_LIST, ETHNIC_GROUPS, EthnicGroupRecord
from directory.reference.organisations import ORGANISATIONS
from directory.text import fold, normalize_text

# SQLite accepts at most 999 parameters per statement in older builds; Django splits inserts itself,
# updates are split here to keep each CASE … WHEN statement a reasonable size.
UPDATE_BATCH_SIZE = 500


@dataclass
class WriteCount:
    label: str
    created: int = 0
    updated: int = 0


@dataclass
class LoadResult:
    counts: list[WriteCount] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(count.created + count.updated for count in self.counts)


def load_reference_data(*, units: UnitData | None = None) -> LoadResult:
    """Load units, ethnic groups and organisations; returns what was created and updated, per kind."""
    if not connection.features.can_return_rows_from_bulk_insert:
        # The ids of inserted parents are needed for their children in the same run.
        raise ImproperlyConfigured("load_reference_data needs a database that returns ids from bulk inserts.")
    units = units or read_units()
    result = LoadResult(notes=list(units.notes))
    with transaction.atomic():
        result.counts.extend(_load_units(units, result.notes))
        result.counts.append(_load_ethnic_groups())
        result.counts.append(_load_organisations())
    clear_province_cache()
    return result


def _write[K: Hashable](
    model: type[models.Model],
    existing: dict[K, models.Model],
    desired: dict[K, dict],
    count: WriteCount,
    make: Callable[[K, dict], models.Model],
) -> None:
    """Insert the missing rows, update the changed ones, and record the inserted rows in `existing`."""
    to_create: list[tuple[K, models.Model]] = []
    to_update: list[models.Model] = []
    for key, values in desired.items():
        instance = existing.get(key)
        if instance is None:
            to_create.append((key, make(key, values)))
        elif any(getattr(instance, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(instance, name, value)
            to_update.append(instance)
    if to_create:
        model.objects.bulk_create([instance for _key, instance in to_create])
        existing.update(to_create)
    if to_update:
        fields = sorted({name for values in desired.values() for name in values})
        model.objects.bulk_update(to_update, fields, batch_size=UPDATE_BATCH_SIZE)
    count.created += len(to_create)
    count.updated += len(to_update)


def _load_units(data: UnitData, notes: list[str]) -> list[WriteCount]:
    existing = {(unit.catalogue, unit.code): unit for unit in AdministrativeUnit.objects.all()}
    known = {record.key for level in data.levels for record in level.records}
    if stray := sum(1 for key in existing if key not in known):
        notes.append(
            str(
                _("%(count)s administrative units in the database are not in the reference data (kept).")
                % {"count": stray}
            )
        )

    def make(key: tuple[str, str], values: dict) -> AdministrativeUnit:
        return AdministrativeUnit(catalogue=key[0], code=key[1], **values)

    counts = []
    for level in data.levels:
        desired = {}
        for record in level.records:
            # What AdministrativeUnit.save() derives.
            name = normalize_text(record.name)
            short_name = normalize_text(record.short_name) or name
            desired[record.key] = {
                "name": name,
                "short_name": short_name,
                "kind": record.kind,
                "parent_id": existing[record.parent].pk if record.parent else None,
                "successor_id": existing[record.successor].pk if record.successor else None,
                "search_key": fold(short_name),
            }
        count = WriteCount(level.label)
        _write(AdministrativeUnit, existing, desired, count, make)
        counts.append(count)
    return counts


def ethnic_group_values(record: EthnicGroupRecord) -> dict:
    """The stored values of one ethnic group, derived as EthnicGroup.save() derives them."""
    name = normalize_text(record.name)
    aliases = [normalize_text(alias) for alias in record.aliases]
    keys = {fold(name), *(fold(alias) for alias in aliases)}
    search_keys = sorted(keys | {key.replace(" ", "").replace("-", "").replace("'", "") for key in keys})
    return {
        "name": name,
        "code": record.code,
        "code_list": CODE_LIST,
        "aliases": aliases,
        "search_keys": search_keys,
        "is_minority": record.is_minority,
    }


def _load_ethnic_groups() -> WriteCount:
    groups = list(EthnicGroup.objects.all())
    by_code = {group.code: group for group in groups if group.code_list == CODE_LIST}
    # A group entered by hand under another spelling ("H'Mông") or another list is taken over, not
    # duplicated: the name is unique.
    by_key = {key: group for group in groups for key in group.search_keys or [fold(group.name)]}
    desired, existing = {}, {}
    for record in ETHNIC_GROUPS:
        values = ethnic_group_values(record)
        desired[record.code] = values
        match = by_code.get(record.code) or next(
            (by_key[key] for key in values["search_keys"] if key in by_key), None
        )
        if match is not None:
            existing[record.code] = match
    count = WriteCount(str(_("ethnic groups")))
    _write(EthnicGroup, existing, desired, count, lambda _code, values: EthnicGroup(**values))
    return count


def _load_organisations() -> WriteCount:
    existing = {
        organisation.name: organisation for organisation in Organisation.objects.filter(unit__isnull=True)
    }
    records = {normalize_text(record.name): record for record in ORGANISATIONS}

    def depth(name: str) -> int:
        parent = records[name].parent
        return 0 if parent is None else 1 + depth(normalize_text(parent))

    count = WriteCount(str(_("national organisations")))
    # Parents before children, so that a child's parent id is known when it is written.
    for level in sorted({depth(name) for name in records}):
        desired = {}
        for name, record in records.items():
            if depth(name) != level:
                continue
            short_name = normalize_text(record.short_name)
            desired[name] = {
                "short_name": short_name,
                "kind": record.kind,
                "parent_id": existing[normalize_text(record.parent)].pk if record.parent else None,
                "search_key": fold(f"{name} {short_name}"),  # as Organisation.save() derives it
            }
        _write(Organisation, existing, desired, count, lambda name, values: Organisation(name=name, **values))
    return count
