"""Cohorts (hold), their instructors and the learners enrolled in them."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..extensions import db
from ..timeutil import UTCDateTime, utcnow

ENROLMENT_STATUSES = ("active", "paused", "withdrawn", "completed", "moved")
# Enrolments that tie a learner to the cohort's instructors and fellow learners.
CURRENT_STATUSES = ("active", "paused", "completed")


class CohortInstructor(db.Model):
    __tablename__ = "cohort_instructor"
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True,
                                         index=True)


class Cohort(db.Model):
    __tablename__ = "cohort"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    instructors: Mapped[list[User]] = relationship(secondary="cohort_instructor", lazy="selectin",
                                                   order_by=User.name)


class Enrolment(db.Model):
    __tablename__ = "enrolment"
    # A person's current enrolment (its status and cohort) is looked up for every person on the workplace pages.
    __table_args__ = (Index("ix_enrolment_learner_status", "learner_id", "status", "cohort_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), default="active")
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)

    learner: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    cohort: Mapped[Cohort] = relationship(lazy="joined", innerjoin=True)
