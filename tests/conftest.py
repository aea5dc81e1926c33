"""Test set-up: a fresh database per test, on SQLite by default or on PostgreSQL when
LMS_TEST_DATABASE_URL points at one (CI runs the suite on both)."""
import functools
import os
import tempfile
import time
from contextlib import contextmanager

import pyotp
import pytest
from flask.globals import _cv_app
from flask.testing import FlaskClient
from sqlalchemy import event

os.environ.setdefault("LMS_INSTANCE_PATH", tempfile.mkdtemp(prefix="lms-test-instance-"))

import lms.curriculum  # noqa: E402
from lms import create_app  # noqa: E402
from lms.extensions import db  # noqa: E402

from . import lazyload  # noqa: E402
from .factories import DEFAULT_PASSWORD  # noqa: E402

TEST_DATABASE_URL = os.environ.get("LMS_TEST_DATABASE_URL")

# Every test builds its own app; the curriculum files do not change during a run, so the apps
# share one loaded curriculum instead of rendering all modules again for each test.
_load_once = functools.lru_cache(maxsize=4)(lms.curriculum.load_curriculum)
lms.curriculum.load_curriculum = lambda root: _load_once(str(root))


def _config(tmp_path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL or "sqlite://",
        "OUTBOX_PATH": str(tmp_path / "outbox"),
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": "lms.test",
    }


class IsolatedClient(FlaskClient):
    """Each request gets its own application context (and so its own `g` and database session),
    as in production, even though the test itself holds one open for its factories."""

    def open(self, *args, **kwargs):
        token = _cv_app.set(None)
        kwargs.setdefault("buffered", True)  # a streamed body is produced inside this request's context
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)


@pytest.fixture(autouse=True)
def no_lazy_loads_in_loops():
    """A page that lazy-loads a relationship object by object (N+1) fails its test (tests/lazyload.py)."""
    lazyload.install()
    lazyload.VIOLATIONS.clear()
    yield
    found, lazyload.VIOLATIONS[:] = list(lazyload.VIOLATIONS), []
    if found:
        pytest.fail("\n".join(dict.fromkeys(found)), pytrace=False)


@pytest.fixture(scope="session")
def _postgres_schema():
    """On PostgreSQL the schema is made once per run and emptied after each test."""
    if not TEST_DATABASE_URL:
        yield
        return
    app = create_app(_config(__import__("pathlib").Path(tempfile.mkdtemp())))
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield


@pytest.fixture
def app(tmp_path, _postgres_schema):
    app = create_app(_config(tmp_path))
    app.test_client_class = IsolatedClient
    with app.app_context():
        if not TEST_DATABASE_URL:
            db.create_all()
        yield app
        db.session.remove()
        if TEST_DATABASE_URL:
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            with db.engine.begin() as connection:
                connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        else:
            db.drop_all()


@pytest.fixture
def client(app):
    """Replaces pytest-flask's client, which keeps request contexts alive between requests."""
    return app.test_client()


@pytest.fixture
def outbox(app):
    """The mails written so far, oldest first, as text."""
    from pathlib import Path

    def read() -> list[str]:
        folder = Path(app.config["OUTBOX_PATH"])
        return [p.read_text() for p in sorted(folder.glob("*.eml"))] if folder.exists() else []

    return read


def totp_code(user) -> str:
    """A code the server will accept now: the next step's if this step's code was already used."""
    db.session.refresh(user)
    now = time.time()
    if user.totp_last_step is not None and user.totp_last_step >= int(now // 30):
        now += 30 * (user.totp_last_step - int(now // 30) + 1)
    return pyotp.TOTP(user.totp_secret).at(now)


@pytest.fixture
def login(client):
    def do(user, password=DEFAULT_PASSWORD, browser=None):
        browser = browser or client
        response = browser.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        if response.headers["Location"].endswith("/login/code"):
            response = browser.post("/login/code", data={"code": totp_code(user)})
            assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return do


@pytest.fixture
def count_queries(app):
    """`with count_queries() as n: ...` then `n()` is the number of SQL statements run inside
    (`n.statements` lists them, for a readable failure)."""

    class Count:
        def __init__(self):
            self.statements = []

        def __call__(self) -> int:
            return len(self.statements)

        def __repr__(self) -> str:
            return f"{len(self.statements)} queries:\n" + "\n".join(s[:120] for s in self.statements)

    @contextmanager
    def counter():
        count = Count()

        def before(conn, cursor, statement, *args):
            count.statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield count
        finally:
            event.remove(db.engine, "before_cursor_execute", before)

    return counter
