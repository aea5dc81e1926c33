"""Two app servers, one PostgreSQL database: nothing that matters is kept in a worker's memory.

Two gunicorn instances run on two ports over the same database (in a schema of its own, `multi_server`, which
the other tests' truncation never touches, dropped at the end). A login made on one works on the other, what is
written on one is read on the other, failed logins on both count towards the same lock, notifications are read
the same on both, and a logout on one ends the session on the other.
"""
import os
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.client import Browser
from bench.server import app_env, free_port, start_gunicorn, stop, wait_until_up
from lms import create_app
from lms.extensions import db

from .factories import DEFAULT_PASSWORD, make_cohort, make_user

URL = os.environ.get("LMS_TEST_DATABASE_URL") or ""
pytestmark = pytest.mark.skipif(not URL.startswith("postgresql"), reason=(
    "needs PostgreSQL: two servers share one database (set LMS_TEST_DATABASE_URL=postgresql+psycopg://...)"))
SCHEMA = "multi_server"
MODULE = "intro-peer-support"
HOST = "127.0.0.1"


def _schema_url() -> str:
    url = make_url(URL).update_query_dict({"options": f"-csearch_path={SCHEMA}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def world():
    """The schema with its tables and three people, then two servers on it; all removed afterwards."""
    admin = create_engine(URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    url = _schema_url()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "OUTBOX_PATH": tempfile.mkdtemp()})
    with app.app_context():
        db.create_all()
        learner = make_user("learner", track="paid", email="learner@example.org")
        teacher = make_user("instructor", email="teacher@example.org")
        make_user("learner", track="paid", email="target@example.org")
        make_cohort(instructors=[teacher], learners=[learner])
        db.engine.dispose()
    processes, ports = [], []
    try:
        for name in ("a", "b"):
            instance = Path(tempfile.mkdtemp(prefix=f"lms-server-{name}-"))
            env = {**app_env(url, instance), "LMS_SECRET_KEY": "one key for every server"}
            ports.append(free_port())
            processes.append(start_gunicorn(env, ports[-1], 1, instance / "gunicorn.log"))
        for port, process in zip(ports, processes, strict=True):
            wait_until_up(port, process)
        yield ports
    finally:
        for process in processes:
            stop(process)
        with admin.connect() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        admin.dispose()


def _on(browser: Browser, port: int) -> Browser:
    """The same browser (the same cookie) talking to another server."""
    browser.port = port
    return browser


def _page(browser: Browser, path: str) -> str:
    answer = browser.get(path)
    assert answer.status == 200, (path, answer.status, answer.location)
    return answer.body.decode()


def test_session_and_writes_cross_servers(world):
    a, b = world
    learner = Browser(HOST, a)
    learner.login("learner@example.org", DEFAULT_PASSWORD)
    saved = _on(learner, b).post_form(f"/modules/{MODULE}/reflection",
                                      {"text": "Skrevet på server B", "revision": "0", "action": "save"})
    assert saved.status == 302
    assert "Skrevet på server B" in _page(_on(learner, a), f"/modules/{MODULE}/reflection")
    read = _on(learner, a).post_form(f"/modules/{MODULE}", {"read": "1"}, f"/modules/{MODULE}/read")
    assert read.status == 302
    assert '<input type="hidden" name="read" value="0">' in _page(_on(learner, b), f"/modules/{MODULE}")


def test_notifications_are_the_same_on_both_servers(world):
    a, b = world
    learner, teacher = Browser(HOST, b), Browser(HOST, a)
    learner.login("learner@example.org", DEFAULT_PASSWORD)
    teacher.login("teacher@example.org", DEFAULT_PASSWORD)
    assert 'class="badge"' not in _page(teacher, "/notifications")
    submitted = learner.post_form(f"/modules/{MODULE}/reflection",
                                  {"text": "Min refleksion", "revision": "1", "action": "submit"})
    assert submitted.status == 302
    for port in (a, b):
        assert 'class="badge"' in _page(_on(teacher, port), "/notifications")
    assert _on(teacher, b).post_form("/notifications", {}, "/notifications/read").status == 302
    for port in (a, b):
        assert 'class="badge"' not in _page(_on(teacher, port), "/notifications")


def test_failed_logins_on_both_servers_count_together(world):
    a, b = world
    for port, attempts in ((a, 3), (b, 2)):  # five failures in all: the account's limit
        for _ in range(attempts):
            assert Browser(HOST, port).post_form("/login", {"email": "target@example.org",
                                                            "password": "wrong password"}).status == 422
    for port in (a, b):  # now even the right password is refused, on either server
        answer = Browser(HOST, port).post_form("/login", {"email": "target@example.org",
                                                          "password": DEFAULT_PASSWORD})
        assert answer.status == 422 and not answer.location


def test_logout_on_one_server_ends_the_session_on_the_other(world):
    a, b = world
    learner = Browser(HOST, a)
    learner.login("learner@example.org", DEFAULT_PASSWORD)
    cookie = learner.cookie
    assert _on(learner, a).post_form("/dashboard", {}, "/logout").status == 302
    learner.cookie = cookie  # a copy of the cookie from before the logout
    answer = _on(learner, b).get("/dashboard")
    assert answer.status == 302 and "/login" in answer.location
