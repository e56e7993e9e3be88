"""Settings come from the environment; each case runs in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]


def settings_in_subprocess(**env) -> dict:
    code = (
        "import json, django.conf; from config import settings as s; "
        "print(json.dumps({'db': s.DATABASES['default'], 'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, "
        "'lang': s.LANGUAGE_CODE, 'tz': s.TIME_ZONE}, default=str))"
    )
    clean_env = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "SECRET_KEY", "DEBUG"}
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean_env, **env}, capture_output=True, text=True
    )
    if result.returncode:
        raise RuntimeError(result.stderr)
    return json.loads(result.stdout)


def test_without_database_url_an_sqlite_file_in_the_project_is_used():
    settings = settings_in_subprocess(DEBUG="1")
    assert settings["db"]["ENGINE"] == "django.db.backends.sqlite3"
    assert settings["db"]["NAME"] == str(ROOT / "db.sqlite3")


def test_a_postgres_url_selects_postgresql():
    settings = settings_in_subprocess(DEBUG="1", DATABASE_URL="postgres://wl:pw@db.example:5433/womenlead")
    assert settings["db"]["ENGINE"] == "django.db.backends.postgresql"
    assert (settings["db"]["HOST"], settings["db"]["PORT"], settings["db"]["NAME"]) == (
        "db.example",
        5433,
        "womenlead",
    )


def test_an_sqlite_url_names_the_file():
    settings = settings_in_subprocess(DEBUG="1", DATABASE_URL="sqlite:////tmp/other.sqlite3")
    assert settings["db"]["NAME"] == "/tmp/other.sqlite3"


def test_the_secret_key_is_required_when_debug_is_off():
    with pytest.raises(RuntimeError, match="SECRET_KEY must be set"):
        settings_in_subprocess(DEBUG="0")


def test_production_settings_read_the_allowed_hosts():
    settings = settings_in_subprocess(
        SECRET_KEY="x" * 50, ALLOWED_HOSTS="womenlead.gov.vn, www.womenlead.gov.vn"
    )
    assert settings["hosts"] == ["womenlead.gov.vn", "www.womenlead.gov.vn"]
    assert settings["debug"] is False


def test_the_language_is_vietnamese_and_the_time_zone_is_viet_nams():
    settings = settings_in_subprocess(DEBUG="1")
    assert (settings["lang"], settings["tz"]) == ("vi", "Asia/Ho_Chi_Minh")


def test_the_compiled_catalogue_matches_the_translations():
    po = polib.pofile(str(ROOT / "locale/vi/LC_MESSAGES/django.po"))
    mo = polib.mofile(str(ROOT / "locale/vi/LC_MESSAGES/django.mo"))
    compiled = {entry.msgid: entry.msgstr or entry.msgstr_plural for entry in mo}
    written = {
        entry.msgid: entry.msgstr or entry.msgstr_plural
        for entry in po
        if not entry.obsolete and "fuzzy" not in entry.flags and (entry.msgstr or entry.msgstr_plural.get(0))
    }
    stale = [msgid for msgid, text in written.items() if compiled.get(msgid) != text]
    assert not stale, f"Run `make messages`: django.mo is older than django.po for {stale[:3]}"


def test_every_message_has_a_vietnamese_translation():
    po = polib.pofile(str(ROOT / "locale/vi/LC_MESSAGES/django.po"))
    untranslated = [entry.msgid for entry in po.untranslated_entries() + po.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} messages lack a Vietnamese translation: {untranslated[:5]}"
