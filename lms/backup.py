"""`flask --app lms backup` and `restore`: consistent copies of a running SQLite database.

SQLite's online backup API copies pages while other connections keep writing, so the copy is a single
consistent snapshot. Every copy is checked with PRAGMA integrity_check. For PostgreSQL, use pg_dump and
pg_restore (see docs/operations.md).
"""
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .extensions import db


class BackupError(Exception):
    pass


def _sqlite_path() -> Path:
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError("backup and restore work on a SQLite file; for PostgreSQL use pg_dump (docs/operations.md)")
    return Path(url.database)


def _check(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"integrity check of {path} failed: {result}")


def backup_to(target: Path) -> Path:
    source = _sqlite_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as live, sqlite3.connect(target) as copy:
        live.backup(copy, pages=256)  # in steps, so writers are not blocked for long
    _check(target)
    return target


def restore_from(copy: Path) -> None:
    """Replace the live database's content with the copy (checked first)."""
    if not copy.exists():
        raise BackupError(f"{copy} does not exist")
    _check(copy)
    live_path = _sqlite_path()
    db.session.remove()
    db.engine.dispose()
    with sqlite3.connect(copy) as source, sqlite3.connect(live_path) as live:
        source.backup(live)
    _check(live_path)


@click.command("backup")
@click.argument("target", required=False, type=click.Path(path_type=Path))
@with_appcontext
def backup_command(target):
    """Write a consistent, checked copy of the SQLite database (default: instance/backups/)."""
    if target is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = Path(current_app.instance_path) / "backups" / f"lms-{stamp}.sqlite3"
    try:
        backup_to(target)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written and checked: {target}")


@click.command("restore")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(source, yes):
    """Replace the database with a backup copy (stop the app servers first)."""
    if not yes:
        click.confirm(f"Replace the database with {source}? Everything since that copy is lost", abort=True)
    try:
        restore_from(source)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored from {source}")
