"""People, their roles and organisations, and the records that protect their accounts."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow

ROLES = ("learner", "instructor", "workplace_contact", "coordinator")
ORGANISATION_KINDS = ("municipality", "region", "volunteer_centre", "other")


class Organisation(db.Model):
    __tablename__ = "organisation"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class UserRole(db.Model):
    __tablename__ = "user_role"
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(30), primary_key=True)


class User(UserMixin, db.Model):
    __tablename__ = "user_account"
    # The workplace pages count and list an organisation's people from the first index alone, and everyone's in
    # name order from the second (a page of fifty without sorting ten thousand names).
    __table_args__ = (Index("ix_user_account_organisation_people", "organisation_id", "active", "name", "track"),
                      Index("ix_user_account_name", "name", "id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    locale: Mapped[str | None] = mapped_column(String(5))
    track: Mapped[str | None] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped on password change: every session made before it stops working.
    session_epoch: Mapped[int] = mapped_column(default=0)
    # Two-step login (TOTP). The last used time step stops a code from being used twice.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    role_rows: Mapped[list[UserRole]] = relationship(lazy="selectin", cascade="all, delete-orphan")
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(r.role for r in self.role_rows)

    def has_role(self, role: str) -> bool:
        return any(row.role == role for row in self.role_rows)  # asked a score of times per page: no set built

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def uses_two_step(self) -> bool:
        return self.totp_secret is not None

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    def get_id(self) -> str:
        return f"{self.id}:{self.session_epoch}"


class AccountToken(db.Model):
    """Single-use link for an invitation or a password reset; only the token's hash is stored."""

    __tablename__ = "account_token"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(lazy="joined")


class LoginAttempt(db.Model):
    """Kept in the database so throttling holds across several worker processes."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_email_at", "email", "at"),
        Index("ix_login_attempt_address_at", "address", "at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)


class UserSession(db.Model):
    """A login on one device. Kept in the database so idle and absolute timeouts, and logging out
    other devices, hold across every worker process."""

    __tablename__ = "user_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(64), default="")
