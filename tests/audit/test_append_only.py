"""On PostgreSQL the database itself refuses to rewrite the trail (audit/migrations/0001), while the
library's own operations (a user's deletion, the retention purge of old entries) still work."""

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from accounts.models import User
from audit.services import log_access
from directory.models import Person
from tests.conftest import make_user
from tests.trainings.factories import PersonFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's"),
]


@pytest.fixture
def entry(ha_tinh) -> LogEntry:
    person = PersonFactory(province=ha_tinh)
    return LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Person), object_id=person.pk)


def test_an_entry_cannot_be_changed(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(object_repr="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(actor=None, object_repr="forged")
    entry.refresh_from_db()
    assert entry.object_repr != "forged"


def test_a_recent_entry_cannot_be_deleted(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).delete()
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_deleting_a_user_keeps_her_entries_without_the_link(entry, ha_tinh):
    user = make_user("short.lived", User.Role.MINISTRY)
    person = Person.objects.get(pk=entry.object_id)
    log_access(person, actor=user, what="record", where="test")
    user.delete()
    access = LogEntry.objects.get(action=LogEntry.Action.ACCESS, object_id=person.pk)
    assert access.actor_id is None
    assert access.object_repr == person.full_name


def test_the_retention_purge_removes_old_entries_only(entry):
    old = LogEntry.objects.create(
        content_type=entry.content_type,
        object_pk=entry.object_pk,
        object_id=entry.object_id,
        object_repr="old",
        action=LogEntry.Action.UPDATE,
        timestamp=timezone.now() - datetime.timedelta(days=800),
    )
    cutoff = (timezone.now() - datetime.timedelta(days=400)).date().isoformat()
    call_command("auditlogflush", "--yes", "--before-date", cutoff, stdout=io.StringIO())
    assert not LogEntry.objects.filter(pk=old.pk).exists()
    assert LogEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the constraints and indexes are PostgreSQL's")
def test_entries_carry_no_foreign_keys_and_no_unread_indexes():
    # audit/migrations/0003 and 0004: a later migration that alters the actor or content type fields
    # would quietly make these again, and every imported row would pay for them.
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "auditlog_logentry")
    foreign_keys = [name for name, info in constraints.items() if info["foreign_key"]]
    indexed = {tuple(info["columns"]) for info in constraints.values() if info["index"]}
    assert foreign_keys == []
    assert ("object_pk",) not in indexed and ("action",) not in indexed
    assert {("object_id",), ("content_type_id",), ("actor_id",), ("timestamp",)} <= indexed
