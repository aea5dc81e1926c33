"""Configuration: defaults, then instance/config.py, then LMS_* environment variables."""
import os
import secrets
from datetime import timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


class Defaults:
    SQLALCHEMY_DATABASE_URI = None  # filled in from the instance path when unset
    # A database server may drop idle connections (restart, fail-over): test each one before use. A SQLite
    # file has no server to lose, so load_config() leaves the test out there (a query less per request).
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    CURRICULUM_PATH = str(REPO_ROOT / "curriculum")
    BABEL_DEFAULT_LOCALE = "da"
    BABEL_DEFAULT_TIMEZONE = "Europe/Copenhagen"
    LANGUAGES = ("da", "en")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # set LMS_SESSION_COOKIE_SECURE=true behind HTTPS
    REMEMBER_COOKIE_HTTPONLY = True
    # The cookie lives exactly as long as the server-side session may (load_config() sets PERMANENT_SESSION_LIFETIME
    # to SESSION_ABSOLUTE_HOURS); the idle timeout is kept on the server. Re-signing and re-sending the cookie on
    # every page would extend nothing that counts.
    SESSION_REFRESH_EACH_REQUEST = False
    SESSION_IDLE_MINUTES = 30
    SESSION_ABSOLUTE_HOURS = 12
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    PASSWORD_MIN_LENGTH = 10
    INVITATION_DAYS = 7
    RESET_HOURS = 24
    # Throttling: failures within the window before login is refused.
    LOGIN_WINDOW_MINUTES = 15
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    LOGIN_MAX_FAILURES_PER_ADDRESS = 20
    MAIL_SENDER = "Peer-uddannelsen <no-reply@peer-lms.local>"
    SMTP_HOST = None
    SMTP_PORT = 587
    SMTP_USERNAME = None
    SMTP_PASSWORD = None
    SMTP_STARTTLS = True
    PROGRAMME_NAME = "Peer-uddannelsen"
    # Reflections and logbook texts are deleted this long after a person completes or leaves.
    RETENTION_YEARS = 2
    # Where the app is reached, for links in mails sent outside a web request (commands, sweeps).
    PUBLIC_URL = "http://127.0.0.1:5000"
    # How many reverse proxies in front of the app set X-Forwarded-For/-Proto/-Host/-Port (Werkzeug's ProxyFix).
    # 0 believes none of them: set it to 1 behind one nginx, or the client's address (login throttling), the
    # scheme (Secure cookie, HSTS) and the host (links in pages) are the proxy's.
    TRUSTED_PROXIES = 0
    # The accessibility statement's feedback contact (/accessibility): the programme replaces the placeholder
    # with the address, and if it has one the phone number, that answer questions about accessibility.
    ACCESSIBILITY_CONTACT = "tilgaengelighed@peer-lms.local"
    ACCESSIBILITY_PHONE = None


def _database_url(instance_path: str) -> str:
    url = os.environ.get("LMS_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + os.path.join(instance_path, "lms.sqlite3")
    # Accept the common postgres:// spellings and use the psycopg 3 driver.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _secret_key(instance_path: str) -> str:
    """Read the instance's secret key, creating it on first run (never kept in git)."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def load_config(app, overrides: dict | None) -> None:
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("LMS")
    if overrides:
        app.config.update(overrides)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = _database_url(app.instance_path)
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=float(app.config["SESSION_ABSOLUTE_HOURS"]))
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") and \
            app.config["SQLALCHEMY_ENGINE_OPTIONS"] == Defaults.SQLALCHEMY_ENGINE_OPTIONS:
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {}
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(app.instance_path)
    if app.config.get("OUTBOX_PATH") is None:
        app.config["OUTBOX_PATH"] = os.path.join(app.instance_path, "outbox")
