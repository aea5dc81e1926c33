"""Peer LMS: the learning platform of the Danish peer-support education."""
import logging
import os
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .config import REPO_ROOT, load_config
from .extensions import babel, csrf, db, login_manager, migrate
from .urls import PeerFlask


def create_app(config: dict | None = None) -> Flask:
    instance_path = os.environ.get("LMS_INSTANCE_PATH") or str(REPO_ROOT / "instance")
    app = PeerFlask(
        __name__,
        instance_path=str(Path(instance_path).resolve()),
        instance_relative_config=True,
        template_folder=str(REPO_ROOT / "templates"),
        static_folder=str(REPO_ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    load_config(app, config)
    logging.basicConfig(level=app.config.get("LOG_LEVEL", "INFO"))

    from . import models  # noqa: F401  (register every table before anything uses the metadata)
    from .forms import use_fast_html_params
    from .i18n import init_i18n

    use_fast_html_params()

    db.init_app(app)
    migrate.init_app(app, db, directory=str(REPO_ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    init_i18n(app, babel)
    from .markup import render_markdown

    app.jinja_env.filters["markdown"] = render_markdown

    if app.config.get("LOAD_CURRICULUM", True):
        from .curriculum import init_curriculum

        init_curriculum(app)

    from .access import init_access
    from .errors import init_errors
    from .navigation import init_navigation
    from .security import init_security

    init_access(app)
    init_navigation(app)
    init_security(app)
    init_errors(app)
    _register_blueprints(app)

    from .cli import init_cli

    init_cli(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from .accessibility import bp as accessibility_bp
    from .admin import bp as admin_bp
    from .audit import bp as audit_bp
    from .auth import bp as auth_bp
    from .cohorts import bp as cohorts_bp
    from .evaluation import bp as evaluation_bp
    from .grading import bp as grading_bp
    from .learning import bp as learning_bp
    from .logbook import bp as logbook_bp
    from .notifications import bp as notifications_bp
    from .notifications.services import unread_count
    from .reflections import bp as reflections_bp
    from .workplace import bp as workplace_bp

    for blueprint in (audit_bp, auth_bp, learning_bp, reflections_bp, grading_bp, cohorts_bp, notifications_bp,
                      logbook_bp, workplace_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(accessibility_bp)
    app.register_blueprint(evaluation_bp)
    from .certification import init_certification

    init_certification(app)  # loads curriculum/certification.yaml (an invalid file stops the app) and registers

    @app.template_global()
    def unread_notifications() -> int:
        from flask_login import current_user

        return unread_count(current_user.id) if current_user.is_authenticated else 0

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """WAL lets readers and one writer work side by side; SQLite needs foreign keys switched on."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
