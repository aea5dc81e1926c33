"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""
import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect

from lms import create_app
from lms.config import REPO_ROOT
from lms.extensions import db

POSTGRES = os.environ.get("LMS_TEST_DATABASE_URL")


def _check(url: str, tmp_path) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "OUTBOX_PATH": str(tmp_path)})
    with app.app_context():
        if url.startswith("postgresql"):
            db.drop_all()
            with db.engine.begin() as connection:
                connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade(directory=str(REPO_ROOT / "migrations"))
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert diff == []
        assert "user_account" in inspect(db.engine).get_table_names()
        downgrade(directory=str(REPO_ROOT / "migrations"), revision="base")
        assert "user_account" not in inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_migrations_on_empty_sqlite(tmp_path):
    _check(f"sqlite:///{tmp_path / 'fresh.sqlite3'}", tmp_path)


@pytest.mark.skipif(not POSTGRES, reason="LMS_TEST_DATABASE_URL is not set")
def test_migrations_on_empty_postgresql(tmp_path, _postgres_schema):
    try:
        _check(POSTGRES, tmp_path)
    finally:
        app = create_app({"SQLALCHEMY_DATABASE_URI": POSTGRES, "SECRET_KEY": "x", "OUTBOX_PATH": str(tmp_path)})
        with app.app_context():
            db.drop_all()
            db.create_all()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
