"""Who looked at or changed someone's health data, when and why. Append-only."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow

ACTIONS = ("view", "create", "update", "grade", "release", "confirm", "return", "issue", "revoke", "export",
           "erase")
PURPOSES = ("teaching", "grading", "cohort_share", "confirmation", "certification", "data_request",
            "erasure")


class AuditEvent(db.Model):
    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_learner_id_at", "learner_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(20))
    subject_type: Mapped[str] = mapped_column(String(30))
    subject_id: Mapped[int | None]
    # The person whose data it is; kept as a plain number so the trail outlives an erased account.
    learner_id: Mapped[int | None]
    purpose: Mapped[str] = mapped_column(String(30))


@event.listens_for(AuditEvent, "before_update")
def _no_updates(mapper, connection, target):
    raise ValueError("the audit log is append-only")


@event.listens_for(AuditEvent, "before_delete")
def _no_deletes(mapper, connection, target):
    raise ValueError("the audit log is append-only")
