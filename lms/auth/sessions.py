"""Server-side records of logins: idle timeout, absolute timeout, and ending sessions on other devices."""
import functools
import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import joinedload, lazyload

from ..extensions import db
from ..timeutil import utcnow
from .models import User, UserSession

# Writing last-seen on every request would make every page a write; once a minute is precise enough.
TOUCH_AFTER = timedelta(seconds=60)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def open_session(user_id: int, user_agent: str, address: str, now: datetime | None = None) -> str:
    now = now or utcnow()
    raw = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user_id, token_hash=_hash(raw), created_at=now, last_seen_at=now,
                               user_agent=(user_agent or "")[:300], address=(address or "")[:64]))
    db.session.flush()
    return raw


def _limits(now: datetime) -> tuple[datetime, datetime]:
    config = current_app.config
    return (now - timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
            now - timedelta(hours=config["SESSION_ABSOLUTE_HOURS"]))


def current(user_id: int, raw: str | None, now: datetime | None = None) -> UserSession | None:
    """The live session for this browser, or None when it has ended, been idle or lasted too long."""
    if not raw:
        return None
    row = db.session.scalar(select(UserSession).where(UserSession.token_hash == _hash(raw),
                                                      UserSession.user_id == user_id))
    return _alive(row, now or utcnow())


def user_with_session(user_id: int, raw: str | None, now: datetime | None = None):
    """The user and their live session for this browser in one query (every request asks), or (None, None)."""
    if not raw:
        return None, None
    found = db.session.execute(_user_with_session(), {"user_id": user_id, "token_hash": _hash(raw)}).unique().first()
    if found is None:
        return None, None
    return found[0], _alive(found[1], now or utcnow())


@functools.cache
def _user_with_session():
    """Built once: SQLAlchemy then skips building the statement and its cache key on every request. The roles
    come along (every page asks them); the organisation, which lists join for every person, is left to load on
    first use (no page asks it of the signed-in person)."""
    return (select(User, UserSession).join(UserSession, UserSession.user_id == User.id)
            .options(joinedload(User.role_rows), lazyload(User.organisation))
            .where(User.id == bindparam("user_id"), UserSession.token_hash == bindparam("token_hash")))


def _alive(row: UserSession | None, now: datetime) -> UserSession | None:
    idle_limit, absolute_limit = _limits(now)
    if row is None or row.ended_at is not None or row.last_seen_at < idle_limit or row.created_at < absolute_limit:
        return None
    if now - row.last_seen_at > TOUCH_AFTER:
        db.session.execute(update(UserSession).where(UserSession.id == row.id).values(last_seen_at=now))
        db.session.commit()
    return row


def end(raw: str | None, now: datetime | None = None) -> None:
    if raw:
        db.session.execute(update(UserSession).where(UserSession.token_hash == _hash(raw),
                                                     UserSession.ended_at.is_(None)).values(ended_at=now or utcnow()))
        db.session.flush()


def end_others(user_id: int, keep_raw: str | None, now: datetime | None = None) -> int:
    statement = update(UserSession).where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
    if keep_raw:
        statement = statement.where(UserSession.token_hash != _hash(keep_raw))
    result = db.session.execute(statement.values(ended_at=now or utcnow()))
    db.session.flush()
    return result.rowcount


def end_one(user_id: int, session_id: int, now: datetime | None = None) -> bool:
    result = db.session.execute(update(UserSession).where(
        UserSession.id == session_id, UserSession.user_id == user_id, UserSession.ended_at.is_(None))
        .values(ended_at=now or utcnow()))
    db.session.flush()
    return result.rowcount == 1


def active(user_id: int, now: datetime | None = None) -> list[UserSession]:
    now = now or utcnow()
    idle_limit, absolute_limit = _limits(now)
    return list(db.session.scalars(select(UserSession).where(
        UserSession.user_id == user_id, UserSession.ended_at.is_(None), UserSession.last_seen_at >= idle_limit,
        UserSession.created_at >= absolute_limit).order_by(UserSession.last_seen_at.desc())))


def is_current(row: UserSession, raw: str | None) -> bool:
    return bool(raw) and row.token_hash == _hash(raw)
