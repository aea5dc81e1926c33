"""Class sessions of a cohort, who attended them, and pauses of an enrolment."""
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow

ATTENDANCE = ("present", "absent", "excused")


class ClassSession(db.Model):
    __tablename__ = "class_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    place: Mapped[str] = mapped_column(String(200))

    module_rows: Mapped[list["ClassSessionModule"]] = relationship(lazy="selectin", cascade="all, delete-orphan")

    @property
    def module_ids(self) -> list[str]:
        return [row.module_id for row in self.module_rows]


class ClassSessionModule(db.Model):
    __tablename__ = "class_session_module"
    session_id: Mapped[int] = mapped_column(ForeignKey("class_session.id", ondelete="CASCADE"), primary_key=True)
    module_id: Mapped[str] = mapped_column(String(80), primary_key=True)


class Attendance(db.Model):
    __tablename__ = "attendance"
    session_id: Mapped[int] = mapped_column(ForeignKey("class_session.id", ondelete="CASCADE"), primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True,
                                            index=True)
    status: Mapped[str] = mapped_column(String(20))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class EnrolmentPause(db.Model):
    """A period in which the enrolment rests. No reason is asked for or stored."""

    __tablename__ = "enrolment_pause"
    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolment.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CalendarToken(db.Model):
    """The secret in a person's calendar feed address; resetting it replaces the row."""

    __tablename__ = "calendar_token"
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
