"""Statements built once per app and reused: SQLAlchemy then skips building the statement and its cache key on
every request, which for the aggregating queries of the list pages costs more than running them."""
from collections.abc import Callable

from flask import current_app
from sqlalchemy import bindparam

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
