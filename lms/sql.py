"""Statements built once per app and reused: SQLAlchemy then skips building the statement and its cache key on
every request, which for the aggregating queries of the list pages costs more than running them."""
from collections.abc import Callable

from flask import current_app
from sqlalchemy import bindparam

from .extensions import db
from .timeutil import UTCDateTime


def ids_param(name: str = "ids"):
    """A list of ids given at execution time (`IN (...)` with as many values as given)."""
    return bindparam(name, expanding=True)


def now_param(name: str = "now"):
    return bindparam(name, type_=UTCDateTime())


def prepared(key: str, build: Callable[[], object]):
    """The statement `build()` makes, built once per app (statements that read app settings, such as the tracks'
    modules, differ between apps; those that do not can use functools.cache instead)."""
    cache = current_app.extensions.setdefault("prepared_statements", {})
    statement = cache.get(key)
    if statement is None:
        statement = cache[key] = build()
    return statement


def read(statement, params: dict | None = None):
    """Run a SELECT of columns (never of ORM objects) on the session's own connection: the same transaction and
    the same answer as db.session.execute(), without the ORM's work around each statement, which for the small
    questions every page asks costs about as much as asking them. What the session holds unsaved is flushed
    first, as session.execute() would."""
    session = db.session()
    if session.autoflush:
        session.flush()  # returns at once when nothing is pending
    return session.connection().execute(statement, params or {})
