"""The learner's logbook: practice hours and supervision sessions, each confirmed by someone else.

pending -> confirmed | returned; a returned entry is edited and goes back to pending. A confirmed entry is
never changed: a correction is a new entry (corrects_id) that needs its own confirmation; once that is
confirmed, the original is superseded and no longer counts. The private note is the learner's alone.
"""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from ..auth.models import User
from ..extensions import db
from ..timeutil import UTCDateTime, utcnow

STATUSES = ("pending", "returned", "confirmed", "superseded")
EDITABLE = ("pending", "returned")
PRACTICE_KINDS = ("one_to_one", "group", "bridge_building", "teaching")
SUPERVISION_FORMS = ("individual", "group", "erfa_group", "network_meeting", "follow_up_visit")
ENTRY_TYPES = ("practice", "supervision")


class _Confirmable:
    """Columns every logbook entry has: its learner, its place in the confirmation workflow, the private note."""

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    # Health data: shown to the learner and nobody else, on every page and in every mail.
    private_note: Mapped[str] = mapped_column(Text, default="")
    # The latest decision: who confirmed or returned it, when, and the comment on a return.
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    return_comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When it last went to the confirmer: the queue shows the oldest first.
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @declared_attr.directive
    def __table_args__(cls):
        # Totals and certification facts ask "this learner's confirmed entries": without this index SQLite picks the
        # status index and reads every confirmed entry of everyone. For practice it also holds the hours to sum.
        extra = ("hours",) if cls.__tablename__ == "practice_entry" else ()
        return (Index(f"ix_{cls.__tablename__}_learner_id_status", "learner_id", "status", *extra),)

    @declared_attr
    def corrects_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey(f"{cls.__tablename__}.id", ondelete="CASCADE"), index=True)

    @declared_attr
    def learner(cls) -> Mapped[User]:
        return relationship(foreign_keys=f"{cls.__name__}.learner_id", lazy="joined", innerjoin=True)

    @declared_attr
    def decided_by(cls) -> Mapped[User | None]:
        return relationship(foreign_keys=f"{cls.__name__}.decided_by_id", lazy="joined")

    @declared_attr
    def original(cls):
        name = cls.__name__
        return relationship(name, remote_side=f"{name}.id", foreign_keys=f"{name}.corrects_id", lazy="select")

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def counts(self) -> bool:
        return self.status == "confirmed"


class PracticeEntry(_Confirmable, db.Model):
    __tablename__ = "practice_entry"
    entry_type = "practice"
    supervisor_id = None  # practice is always confirmed by an instructor of the learner's cohort

    worked_on: Mapped[date] = mapped_column(Date)
    hours: Mapped[Decimal] = mapped_column(Numeric(4, 2))
    setting: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))

    @property
    def entry_date(self) -> date:
        return self.worked_on


class SupervisionEntry(_Confirmable, db.Model):
    __tablename__ = "supervision_entry"
    entry_type = "supervision"

    held_on: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int]
    supervision_form: Mapped[str] = mapped_column(String(20))
    # Either a user of the system (who confirms) or a named external person (an instructor confirms).
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"),
                                                      index=True)
    supervisor_name: Mapped[str | None] = mapped_column(String(200))
    topics: Mapped[str] = mapped_column(String(300))
    # Seen by the supervisor or instructor who confirms; unlike the private note.
    summary: Mapped[str] = mapped_column(Text, default="")

    supervisor: Mapped[User | None] = relationship(foreign_keys=[supervisor_id], lazy="joined")

    @property
    def entry_date(self) -> date:
        return self.held_on

    @property
    def supervisor_label(self) -> str:
        return self.supervisor.name if self.supervisor is not None else (self.supervisor_name or "")
