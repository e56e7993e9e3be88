"""The backup and restore check (scripts/backup_restore_check.py)."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from accounts.models import User

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "backup_restore_check.py"


def load_script():
    spec = importlib.util.spec_from_file_location("backup_restore_check", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_comparison_flags_a_different_count_and_a_missing_table():
    compare = load_script().compare
    lines, differences = compare(
        {"public.person": 10, "public.course": 3, "public.lost": 1},
        {"public.person": 9, "public.course": 3},
    )
    assert differences == 2
    assert [line for line in lines if "DIFFERENT" in line] == [
        next(line for line in lines if line.startswith("public.lost")),
        next(line for line in lines if line.startswith("public.person")),
    ]
    assert compare({"public.course": 3}, {"public.course": 3})[1] == 0


def test_it_refuses_a_database_that_is_not_postgresql(tmp_path):
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--output", str(tmp_path / "x.dump")],
        env={**os.environ, "DATABASE_URL": "sqlite:///db.sqlite3"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "PostgreSQL" in result.stdout
    assert not (tmp_path / "x.dump").exists()


@pytest.mark.django_db(transaction=True)
def test_a_dump_restores_with_every_row(tmp_path, officer_ha_tinh, administrator):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump and pg_restore need the PostgreSQL database")
    settings = connection.settings_dict
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    url = f"postgres://{settings['USER']}@{host}:{port}/{settings['NAME']}"
    if settings.get("PASSWORD"):
        url = url.replace("@", f":{settings['PASSWORD']}@", 1)
    dump = tmp_path / "womenlead.dump"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--output", str(dump)],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "RESTORE CHECK OK" in result.stdout and dump.stat().st_size > 0
    users = next(line for line in result.stdout.splitlines() if line.startswith("public.accounts_user "))
    assert users.split()[1:] == [str(User.objects.count())] * 2
    # The scratch database is gone.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_database WHERE datname LIKE %s", [settings["NAME"] + "_restore_check_%"]
        )
        assert cursor.fetchone()[0] == 0
