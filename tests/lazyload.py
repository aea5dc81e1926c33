"""N+1 detection for the test suite: within one request, a relationship declared lazy="select" (one SELECT per
object) may be lazy-loaded for one object; a second object of the same relationship means the page loads it in a
loop, and the request fails with LazyLoadInLoop (and the test fails, even if the page's error handler turned
the exception into a 500). Single lazy loads stay allowed (an entry's `original` when confirming, say); a list
must load its relationships up front (selectinload/joinedload, or the lazy="selectin"/"joined" defaults).

Only requests being dispatched are watched: test code that walks relationships is not a page."""
from flask import has_request_context, request, request_started, request_tearing_down
from sqlalchemy import event
from sqlalchemy.orm import Session

VIOLATIONS: list[str] = []
# Lazy loads per relationship, for each request being dispatched (pytest-flask's test request context, which
# wraps whole tests, never dispatches and so is not watched).
_DISPATCHING: dict[int, dict[str, set]] = {}


class LazyLoadInLoop(AssertionError):
    """A relationship was lazy-loaded for more than one object in the same request (an N+1 query pattern)."""


def _lazy_relationship(state):
    """The relationship being loaded when it is one declared lazy="select" (the loader that runs one SELECT per
    object); None for the others (selectin/joined ones also come this way when an expired object is refreshed
    after a commit, which is one object, not a loop)."""
    path = state.loader_strategy_path
    prop = path[-1] if path is not None and len(path) else None
    return prop if getattr(prop, "lazy", None) == "select" else None


def _started(sender, **extra) -> None:
    _DISPATCHING[id(request._get_current_object())] = {}


def _ended(sender, **extra) -> None:
    _DISPATCHING.pop(id(request._get_current_object()), None)


def _watch(state) -> None:
    if not state.is_select or state.lazy_loaded_from is None or not has_request_context():
        return
    loads = _DISPATCHING.get(id(request._get_current_object()))
    if loads is None:
        return
    prop = _lazy_relationship(state)
    if prop is None:
        return
    name = f"{prop.parent.class_.__name__}.{prop.key}"
    parents = loads.setdefault(name, set())
    parents.add(state.lazy_loaded_from.identity_key or id(state.lazy_loaded_from))
    if len(parents) > 1:  # the same object loaded again (refreshed after a commit) is not a loop
        message = (f"{name} was lazy-loaded for a second object in one request (N+1): load it with "
                   f"selectinload/joinedload in the query that lists the objects")
        VIOLATIONS.append(message)
        raise LazyLoadInLoop(message)


def install() -> None:
    if not event.contains(Session, "do_orm_execute", _watch):
        event.listen(Session, "do_orm_execute", _watch)
        request_started.connect(_started)
        request_tearing_down.connect(_ended)
