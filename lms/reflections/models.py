"""Reflections: a learner's written work on a module, its submitted versions and the feedback on them.

A submitted version is never changed; the draft is the only text a learner edits.
"""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, event, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..extensions import db
from ..timeutil import UTCDateTime, utcnow

# not started (no row) -> draft -> submitted -> approved | revision_requested -> resubmitted -> ...
STATUSES = ("draft", "submitted", "revision_requested", "resubmitted", "approved")
AWAITING_GRADING = ("submitted", "resubmitted")
DECISIONS = ("approved", "revision_requested")
MARKS = ("met", "partly", "not_yet")


class Submission(db.Model):
    __tablename__ = "submission"
    # The grading queue counts and lists a teacher's learners' submissions by status: this index answers both
    # without reading the rows (which hold the draft text).
    # The grading queue reads by learner, status and submission time; the workplace counts approved modules by
    # learner, status and module, from the index alone.
    __table_args__ = (UniqueConstraint("learner_id", "module_id"),
                      Index("ix_submission_learner_id_status", "learner_id", "status", "last_submitted_at",
                            "module_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[str] = mapped_column(String(80), index=True)
    status: Mapped[str] = mapped_column(String(30), default="draft")
    draft_text: Mapped[str] = mapped_column(Text, default="")
    # Raised on every save: a save based on an older revision is a conflict, never an overwrite.
    draft_revision: Mapped[int] = mapped_column(default=0)
    draft_saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # The version the learner shares with their cohort (by number); None when not shared.
    shared_version_number: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    learner: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    versions: Mapped[list["SubmissionVersion"]] = relationship(
        lazy="selectin", order_by="SubmissionVersion.number", foreign_keys="SubmissionVersion.submission_id",
        back_populates="submission")

    @property
    def latest_version(self) -> "SubmissionVersion | None":
        return self.versions[-1] if self.versions else None

    @property
    def shared_version(self) -> "SubmissionVersion | None":
        return next((v for v in self.versions if v.number == self.shared_version_number), None)


class SubmissionVersion(db.Model):
    __tablename__ = "submission_version"
    __table_args__ = (UniqueConstraint("submission_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    submission: Mapped[Submission] = relationship(foreign_keys=[submission_id], back_populates="versions")
    feedback: Mapped["Feedback | None"] = relationship(lazy="selectin", uselist=False,
                                                      back_populates="version")


class Feedback(db.Model):
    """An instructor's decision on one version; a draft until released to the learner."""

    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("submission_version.id", ondelete="CASCADE"), unique=True)
    decision: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    version: Mapped[SubmissionVersion] = relationship(back_populates="feedback")
    marks: Mapped[list["CriterionMark"]] = relationship(lazy="selectin", cascade="all, delete-orphan",
                                                        order_by="CriterionMark.position")

    @property
    def released(self) -> bool:
        return self.released_at is not None


class CriterionMark(db.Model):
    """The mark for one of the module's criteria (by its position in the module's front matter)."""

    __tablename__ = "criterion_mark"
    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    mark: Mapped[str] = mapped_column(String(20))


class ShareComment(db.Model):
    """A short comment from a cohort member on a reflection its author shared with the cohort."""

    __tablename__ = "share_comment"
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    author: Mapped[User] = relationship(lazy="joined", innerjoin=True)


@event.listens_for(SubmissionVersion, "before_update")
def _versions_are_final(mapper, connection, target):
    """A submitted version is a record of what the learner handed in; it is never rewritten."""
    state = inspect(target)
    if any(state.attrs[column].history.has_changes() for column in ("text", "number", "submitted_at",
                                                                     "submission_id")):
        raise ValueError("a submitted version cannot be changed")
