"""Accounts: passwords, throttled login, single-use invitation and reset links."""
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..mail import send_mail
from ..timeutil import utcnow
from .models import AccountToken, LoginAttempt, User, UserRole
from .sessions import end_others

INVITE, RESET = "invite", "reset"
# Compared against when an e-mail is unknown, so a wrong address takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def hash_password(password: str) -> str:
    return generate_password_hash(password)  # scrypt: slow and salted


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


@dataclass(frozen=True)
class LoginResult:
    user: User | None = None
    locked_minutes: int = 0  # > 0 when throttled


def _recent_failures(column, value: str, since: datetime) -> tuple[int, datetime | None]:
    row = db.session.execute(
        select(func.count(), func.min(LoginAttempt.at))
        .where(column == value, LoginAttempt.at >= since, LoginAttempt.succeeded.is_(False))
    ).one()
    return row[0], row[1]


def _lock_minutes(email: str, address: str, now: datetime) -> int:
    config = current_app.config
    window = timedelta(minutes=config["LOGIN_WINDOW_MINUTES"])
    since = now - window
    for column, value, limit in (
        (LoginAttempt.email, email, config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]),
        (LoginAttempt.address, address, config["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
    ):
        count, oldest = _recent_failures(column, value, since)
        if count >= limit:
            return max(1, int(((oldest + window) - now).total_seconds() // 60) + 1)
    return 0


def lock_minutes_for(email: str, address: str, now: datetime | None = None) -> int:
    return _lock_minutes(normalise_email(email), address, now or utcnow())


def record_failure(email: str, address: str, now: datetime | None = None) -> None:
    """A wrong second-step code counts like a wrong password."""
    db.session.add(LoginAttempt(email=normalise_email(email), address=address, at=now or utcnow(), succeeded=False))
    db.session.flush()


def authenticate(email: str, password: str, address: str, now: datetime | None = None) -> LoginResult:
    """Check a login; refuse while the account or the address has too many recent failures."""
    now = now or utcnow()
    email = normalise_email(email)
    locked = _lock_minutes(email, address, now)
    if locked:
        return LoginResult(locked_minutes=locked)
    user = find_user_by_email(email)
    valid = check_password_hash(user.password_hash if user and user.password_hash else _DUMMY_HASH, password)
    ok = bool(user and user.password_hash and user.active and valid)
    db.session.add(LoginAttempt(email=email, address=address, at=now, succeeded=ok))
    db.session.flush()
    return LoginResult(user=user if ok else None)


def _token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(user: User, purpose: str, now: datetime | None = None) -> str:
    """Create a new link token; earlier unused tokens for the same purpose stop working."""
    now = now or utcnow()
    for old in db.session.scalars(select(AccountToken).where(
            AccountToken.user_id == user.id, AccountToken.purpose == purpose, AccountToken.used_at.is_(None))):
        old.used_at = now
    config = current_app.config
    lifetime = (timedelta(days=config["INVITATION_DAYS"]) if purpose == INVITE
                else timedelta(hours=config["RESET_HOURS"]))
    raw = secrets.token_urlsafe(32)
    db.session.add(AccountToken(user_id=user.id, purpose=purpose, token_hash=_token_hash(raw),
                                created_at=now, expires_at=now + lifetime))
    db.session.flush()
    return raw


def valid_token(raw: str, purpose: str, now: datetime | None = None) -> AccountToken | None:
    now = now or utcnow()
    token = db.session.scalar(select(AccountToken).where(AccountToken.token_hash == _token_hash(raw or "")))
    if token is None or token.purpose != purpose or token.used_at is not None or token.expires_at <= now:
        return None
    return token


def set_password_with_token(token: AccountToken, password: str, now: datetime | None = None) -> User:
    """Use the link once: set the password and end every earlier session of the account."""
    user = token.user
    user.password_hash = hash_password(password)
    user.session_epoch += 1
    token.used_at = now or utcnow()
    end_others(user.id, None, now)
    db.session.flush()
    return user


def invite_user(*, email: str, name: str, roles: list[str], organisation_id: int | None,
                track: str | None, locale: str = "da") -> User:
    user = User(email=normalise_email(email), name=name.strip(), organisation_id=organisation_id,
                track=track, locale=locale)
    user.role_rows = [UserRole(role=r) for r in roles]
    db.session.add(user)
    db.session.flush()
    if "workplace_contact" in roles and organisation_id:
        from ..workplace.models import OrganisationContact

        # A contact follows their own organisation from the start; coordinators can add more.
        db.session.add(OrganisationContact(user_id=user.id, organisation_id=organisation_id))
        db.session.flush()
    send_invitation(user)
    return user


def send_invitation(user: User) -> None:
    raw = issue_token(user, INVITE)
    link = url_for("auth.accept_invitation", token=raw, _external=True)
    with force_locale(user.locale or "da"):
        send_mail(user.email, _("Your invitation to %(programme)s", programme=current_app.config["PROGRAMME_NAME"]),
                  _("Hello %(name)s,\n\nYou have been invited to the learning platform of %(programme)s. "
                    "Open this link to choose your password. The link works once and expires in %(days)s days:"
                    "\n\n%(link)s\n", name=user.name, programme=current_app.config["PROGRAMME_NAME"],
                    days=current_app.config["INVITATION_DAYS"], link=link))


def request_password_reset(email: str) -> None:
    """Send a reset link if the address has an active account; say nothing either way."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    raw = issue_token(user, RESET)
    link = url_for("auth.reset_password", token=raw, _external=True)
    with force_locale(user.locale or "da"):
        send_mail(user.email, _("Choose a new password"),
                  _("Hello %(name)s,\n\nSomeone asked to reset the password of your account. If it was you, open "
                    "this link within %(hours)s hours. The link works once:\n\n%(link)s\n\n"
                    "If it was not you, you can ignore this message.", name=user.name,
                    hours=current_app.config["RESET_HOURS"], link=link))


def set_locale(user: User, locale: str) -> None:
    user.locale = locale
    db.session.flush()
