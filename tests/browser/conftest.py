"""Browser tests: the real app on a local port, driven by Debian's Chromium through Playwright.

The app runs once per session on a fresh SQLite file with the demo data, in a background thread on
127.0.0.1. Nothing is downloaded: without /usr/bin/chromium (or without Playwright) every browser test
is skipped with a message saying so.
"""
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from .helpers import Hands, log_in, set_locale

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium tries to reach Google, which the closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000


@dataclass(frozen=True)
class Server:
    url: str
    app: object

    def __call__(self, path: str = "/") -> str:
        return self.url + path


@pytest.fixture(scope="session")
def lms_server():
    """The whole app, as in production, on a free local port; stopped after the last browser test."""
    from werkzeug.serving import make_server

    from lms import create_app
    from lms.curriculum import get_curriculum
    from lms.demo import load_demo
    from lms.extensions import db

    tmp = Path(tempfile.mkdtemp(prefix="lms-browser-"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("LMS_INSTANCE_PATH", str(tmp / "instance"))
        mp.delenv("LMS_DATABASE_URL", raising=False)
        mp.delenv("DATABASE_URL", raising=False)
        app = create_app({
            "SECRET_KEY": "browser-test-secret",
            "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp / "lms.sqlite3"),
            "OUTBOX_PATH": str(tmp / "outbox"),
        })
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    # A request context, so that links the demo data puts in mails point at this server.
    with app.test_request_context("/", base_url=url):
        db.create_all()
        load_demo(get_curriculum())
        db.session.commit()
        db.session.remove()

    thread = threading.Thread(target=server.serve_forever, name="lms-browser-server", daemon=True)
    thread.start()
    try:
        yield Server(url, app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.engine.dispose()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium); nothing is downloaded")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests need Playwright for Python: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_context(browser):
    """`new_context(**options)` opens a fresh browser profile (no cookies); all are closed after the test."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def _login_states():
    """Cookies of one login per demo account, so most tests need not pay for a login (scrypt) each."""
    return {}


@pytest.fixture
def open_page(lms_server, new_context, _login_states):
    """`open_page(path, email=None, locale="da", **context_options)`: a page at `path` in a fresh
    browser context, logged in as `email` (or anonymous) and showing the app in `locale`."""

    def open_(path: str = "/", email: str | None = None, locale: str = "da", **options):
        context = new_context(storage_state=_login_states.get(email) if email else None, **options)
        page = context.new_page()
        if email and email not in _login_states:
            log_in(page, lms_server, email, locale)
            _login_states[email] = context.storage_state()
        page.goto(lms_server(path))
        set_locale(page, locale)
        return page

    return open_


@pytest.fixture(params=["mouse", "keyboard"])
def hands(request) -> Hands:
    """How a journey is driven: a test that takes `hands` runs twice, once with the mouse and once with the
    keyboard alone (see helpers.Hands)."""
    return Hands(keyboard=request.param == "keyboard")
