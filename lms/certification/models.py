"""Certificates (kompetencebeviser) and the learners' acceptance of the declaration.

A certificate is a record: its snapshot of the requirements it was issued under never changes. Renewal makes
a new certificate that points at the one it renews; revocation and expiry only add dates.
"""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow

# What the public may learn about a certificate: exactly these, and nothing else.
PUBLIC_STATUSES = ("valid", "expired", "revoked")


class DeclarationAcceptance(db.Model):
    """A learner accepted the code of ethics and confidentiality in a given version."""

    __tablename__ = "declaration_acceptance"
    __table_args__ = (UniqueConstraint("user_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    version: Mapped[str] = mapped_column(String(20))
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Certificate(db.Model):
    __tablename__ = "certificate"
    # "Does this person hold a valid certificate?" is asked for every person counted on the workplace pages.
    __table_args__ = (Index("ix_certificate_learner_validity", "learner_id", "revoked_at", "expires_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    # Typed by an employer on the verification page: 12 characters without look-alikes (shown in groups of 4).
    code: Mapped[str] = mapped_column(String(16), unique=True)
    # The Open Badges assertion's own id: a different secret, so the public revocation list never leads to a name.
    badge_id: Mapped[str] = mapped_column(String(32), unique=True)
    # The badge recipient: sha256 of the e-mail at issue and this salt; the e-mail itself is not published.
    recipient_salt: Mapped[str] = mapped_column(String(32))
    recipient_hash: Mapped[str] = mapped_column(String(80))
    holder_name: Mapped[str] = mapped_column(String(200))
    track: Mapped[str] = mapped_column(String(20))
    requirements_version: Mapped[int]
    # The requirements and the learner's values when issued (see services.snapshot_for).
    snapshot: Mapped[dict] = mapped_column(JSON)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # The certificate this one renews; a certificate is renewed at most once.
    renews_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id", ondelete="SET NULL"), unique=True)
    # Set by the sweep: when the renewal window opened and the reminder went out (once), when it was marked expired.
    renewal_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # Seen by the holder and coordinators only; never on the public page or in the badge documents.
    revocation_reason: Mapped[str | None] = mapped_column(Text)

    def status(self, now: datetime | None = None) -> str:
        return certificate_status(self.expires_at, self.revoked_at, now)

    @property
    def display_code(self) -> str:
        return format_code(self.code)


def certificate_status(expires_at: datetime, revoked_at: datetime | None, now: datetime | None = None) -> str:
    """valid, expired or revoked, from the dates (so it is right even before the sweep has run)."""
    if revoked_at is not None:
        return "revoked"
    return "expired" if (now or utcnow()) >= expires_at else "valid"


@dataclass(frozen=True)
class PublicCertificate:
    """What the public verification page shows of a certificate, and all it reads: the holder's name, the track's
    name when it was issued, the dates and whether it was revoked (never the reason, the person or the checklist
    kept with it)."""

    holder_name: str
    track_name: dict[str, str]
    issued_at: datetime
    expires_at: datetime
    revoked_at: datetime | None

    def status(self, now: datetime | None = None) -> str:
        return certificate_status(self.expires_at, self.revoked_at, now)


def format_code(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))
