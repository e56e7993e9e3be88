"""How an entry reads on the audit trail page."""

import pytest
from auditlog.models import LogEntry

from audit.display import readable_changes
from tests.directory.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_creation_lists_the_fields_it_filled_and_not_those_left_empty(ha_tinh, english):
    person = PersonFactory(province=ha_tinh, email="", phone="")
    entry = LogEntry.objects.get_for_object(person).get(action=LogEntry.Action.CREATE)

    rows = {row.label: row for row in readable_changes(entry)}

    assert rows["family name"].after == person.family_name
    assert rows["family name"].before == "–"
    assert not any(row.before == row.after == "–" for row in rows.values())
    assert "email" not in rows and "phone" not in rows
