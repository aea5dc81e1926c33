"""In-app notifications. The text is made from the kind when shown, so it follows the reader's language."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow

KINDS = ("reflection_submitted", "feedback_released", "share_comment", "logbook_submitted", "logbook_returned")
# Certification: to the learner (issued, renewal due, expired, revoked) and to coordinators (a renewal is due).
KINDS += ("certificate_issued", "certificate_renewal_due", "certificate_renewal_due_staff", "certificate_expired",
          "certificate_revoked")


class Notification(db.Model):
    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_id_read_at", "user_id", "read_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    # What it is about: the module and, for instructors, the submission to open.
    module_id: Mapped[str | None] = mapped_column(String(80))
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"))
    actor_name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
