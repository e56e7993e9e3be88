#!/usr/bin/env python3
"""Back up the PostgreSQL database with pg_dump, restore it into a scratch database, compare row counts.

    DATABASE_URL=postgres://user@host:5432/womenlead .venv/bin/python scripts/backup_restore_check.py \
        [--output backups/womenlead.dump] [--keep-scratch]

The dump (pg_dump's custom format, for pg_restore) is kept: this script is also the backup. The rows of
every table of the live database are counted in the very snapshot that pg_dump saves (an exported
snapshot of a repeatable-read transaction), so the app may go on writing meanwhile and the comparison is
still exact. The scratch database is created beside the original (the user needs CREATEDB) and dropped
at the end. Exit status: 0 when every table has the same number of rows, 1 on any difference, 2 when a
step fails.
"""

import argparse
import datetime
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql
from psycopg2.extensions import ISOLATION_LEVEL_AUTOCOMMIT, ISOLATION_LEVEL_REPEATABLE_READ

TABLES = """
    SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%%'
    ORDER BY 1, 2
"""


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def count_rows(cursor) -> dict[str, int]:
    cursor.execute(TABLES)
    counts = {}
    for schema, table in cursor.fetchall():
        cursor.execute(
            sql.SQL("SELECT count(*) FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(table))
        )
        counts[f"{schema}.{table}"] = cursor.fetchone()[0]
    return counts


def run(command: list[str]) -> None:
    # The addresses may hold a password: not printed.
    shown = [
        argument.split("=", 1)[0] + "=<url>"
        if "://" in argument and "=" in argument
        else "<url>"
        if "://" in argument
        else argument
        for argument in command
    ]
    print("$", " ".join(shown), flush=True)
    subprocess.run(command, check=True)


def compare(expected: dict[str, int], restored: dict[str, int]) -> tuple[list[str], int]:
    """The report's lines, one per table, and how many tables differ (or exist on one side only)."""
    width = max(map(len, expected | restored), default=10)
    lines = [f"{'table':<{width}}  {'database':>10}  {'restored':>10}"]
    differences = 0
    for table in sorted(expected.keys() | restored.keys()):
        before, after = expected.get(table), restored.get(table)
        mark = "" if before == after else "  <-- DIFFERENT"
        differences += bool(mark)
        lines.append(
            f"{table:<{width}}  {before if before is not None else '-':>10}  "
            f"{after if after is not None else '-':>10}{mark}"
        )
    return lines, differences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%SZ")
    parser.add_argument("--output", type=Path, default=Path("backups") / f"womenlead-{stamp}.dump")
    parser.add_argument("--keep-scratch", action="store_true", help="do not drop the scratch database")
    arguments = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("DATABASE_URL must point to the PostgreSQL database (postgres://user@host:port/name).")
        return 2
    source_name = urlsplit(url).path.lstrip("/")
    scratch_name = f"{source_name}_restore_check_{os.getpid()}"
    scratch_url = with_database(url, scratch_name)
    arguments.output.parent.mkdir(parents=True, exist_ok=True)

    source = psycopg2.connect(url)
    source.set_isolation_level(ISOLATION_LEVEL_REPEATABLE_READ)
    admin = psycopg2.connect(url)
    admin.set_isolation_level(ISOLATION_LEVEL_AUTOCOMMIT)
    created = False
    try:
        with source.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            expected = count_rows(cursor)
            # pg_dump reads the same snapshot while this transaction holds it open.
            run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={arguments.output}",
                    url,
                ]
            )
        source.rollback()
        size = arguments.output.stat().st_size
        print(
            f"Dump: {arguments.output} ({size:,} bytes), {len(expected)} tables, "
            f"{sum(expected.values()):,} rows in the snapshot."
        )

        with admin.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch_name)))
        created = True
        run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                f"--dbname={scratch_url}",
                str(arguments.output),
            ]
        )
        scratch = psycopg2.connect(scratch_url)
        try:
            with scratch.cursor() as cursor:
                restored = count_rows(cursor)
        finally:
            scratch.close()
    except (subprocess.CalledProcessError, psycopg2.Error, OSError) as error:
        print(f"FAILED: {error}")
        return 2
    finally:
        source.close()
        if created and not arguments.keep_scratch:
            with admin.cursor() as cursor:
                cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(scratch_name)))
        admin.close()

    lines, differences = compare(expected, restored)
    print("\n".join(lines))
    if differences:
        print(f"RESTORE CHECK FAILED: {differences} of {len(expected | restored)} tables differ.")
        return 1
    kept = f" (kept: {scratch_name})" if arguments.keep_scratch else ""
    print(
        f"RESTORE CHECK OK: {len(expected)} tables, {sum(expected.values()):,} rows, identical after "
        f"restore{kept}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
