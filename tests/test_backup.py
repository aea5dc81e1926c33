"""The backup drill: a consistent copy of a live SQLite database while writes go on, then a restore."""
import sqlite3
import threading

import pytest
from sqlalchemy import func, select

from lms import create_app
from lms.auth.models import Organisation
from lms.backup import BackupError, backup_to, restore_from
from lms.extensions import db


@pytest.fixture
def live(tmp_path):
    path = tmp_path / "live.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "x",
                      "OUTBOX_PATH": str(tmp_path / "outbox")})
    with app.app_context():
        db.create_all()
        yield app, path
        db.session.remove()
        db.engine.dispose()


def _count(path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM organisation").fetchone()[0]


def test_backup_during_writes_then_restore(live, tmp_path):
    app, path = live
    stop = threading.Event()

    def writer():
        with app.app_context():
            n = 0
            while not stop.is_set() and n < 2000:
                db.session.add(Organisation(name=f"Org {n}", kind="other"))
                db.session.commit()
                n += 1
            db.session.remove()

    thread = threading.Thread(target=writer)
    thread.start()
    while _count(path) < 50:  # let the writes get going
        pass
    copy = backup_to(tmp_path / "copy.sqlite3")
    stop.set()
    thread.join()
    at_backup = _count(copy)
    assert 50 <= at_backup <= _count(path)
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = {row[0] for row in connection.execute("SELECT name FROM organisation")}
    assert names == {f"Org {n}" for n in range(at_backup)}  # a consistent prefix, no torn writes
    db.session.add(Organisation(name="After the backup", kind="other"))
    db.session.commit()
    restore_from(copy)
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == at_backup


def test_commands(live, tmp_path):
    app, _ = live
    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", str(tmp_path / "b.sqlite3")])
    assert result.exit_code == 0 and "checked" in result.output
    assert runner.invoke(args=["restore", "--yes", str(tmp_path / "b.sqlite3")]).exit_code == 0
    assert runner.invoke(args=["restore", "--yes", str(tmp_path / "missing.sqlite3")]).exit_code != 0


def test_a_damaged_copy_is_refused(live, tmp_path):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database at all" * 100)
    with pytest.raises((BackupError, sqlite3.DatabaseError)):
        restore_from(broken)
