"""A learner's requirement status: the facts gathered in a fixed number of queries, then one pure function
that turns them into a checklist with progress values (requirement_status)."""
import calendar
import functools
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import bindparam, func, literal, select
from sqlalchemy.orm import aliased

from ..cohorts.schedule import AttendanceRate, attendance_rates
from ..curriculum import Curriculum
from ..extensions import db
from ..logbook.models import PracticeEntry, SupervisionEntry
from ..reflections.models import Submission
from .models import Certificate, DeclarationAcceptance
from .requirements import RenewalRequirements, Requirements, TrackRequirements

LOCAL = ZoneInfo("Europe/Copenhagen")
HUNDREDTH = Decimal("0.01")


def get_requirements() -> Requirements:
    return current_app.extensions["certification"]


def local_date(moment: datetime) -> date:
    return moment.astimezone(LOCAL).date()


def add_months(moment: datetime, months: int) -> datetime:
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Facts:
    """What counts towards certification for one learner, read from the reflections, attendance and logbook."""

    approved: dict[str, datetime | None] = field(default_factory=dict)  # module id -> when it was submitted
    attendance: AttendanceRate = AttendanceRate(0, 0)
    practice_hours: Decimal = Decimal("0.00")
    supervision_sessions: int = 0
    declared_at: datetime | None = None
    # Confirmed supervision entries (held on, minutes, form), for the renewal's continuing education.
    supervision: tuple[tuple[date, int, str], ...] = ()
    # Lists of thousands (the workplace's) count each learner's approved modules of their track as they read
    # them and keep only the number: then `approved` is empty and which modules are missing is not known.
    approved_required: int | None = None


class Item(NamedTuple):
    """One line of the checklist. `required` and `actual` are numbers (True/False for the declaration). Immutable
    like the rest of the checklist; a named tuple because an export of ten thousand people makes fifty thousand, and
    a frozen dataclass is slow to make."""

    key: str
    required: Decimal | int | bool
    actual: Decimal | int | bool | None
    met: bool
    missing: tuple[str, ...] = ()  # the modules still to be approved (when the module ids were kept)

    @property
    def progress(self) -> tuple[float, float]:
        """(value, maximum) for a progress bar; the value never passes the maximum."""
        if isinstance(self.required, bool):
            return (1.0 if self.met else 0.0), 1.0
        maximum = float(self.required) or 1.0
        return min(float(self.actual or 0), maximum), maximum

    @property
    def percent(self) -> int:
        value, maximum = self.progress
        return 100 if self.met else min(99, int(100 * value / maximum))


@dataclass(frozen=True)
class Checklist:
    items: tuple[Item, ...]

    @property
    def met(self) -> bool:
        return all(item.met for item in self.items)

    @property
    def missing(self) -> list[Item]:
        return [item for item in self.items if not item.met]

    def item(self, key: str) -> Item | None:
        return next((i for i in self.items if i.key == key), None)


def requirement_status(track: TrackRequirements, facts: Facts) -> Checklist:
    """The one place that decides whether a learner meets their track's requirements."""
    items = []
    if track.module_ids:
        required = len(track.module_ids)
        if facts.approved_required is None:
            missing = tuple(m for m in track.module_ids if m not in facts.approved)
            done = required - len(missing)
        else:
            missing, done = (), facts.approved_required
        items.append(Item("modules", required, done, done >= required, missing))
    if track.attendance_percent is not None:
        rate = facts.attendance
        # Compared exactly (no rounding): 8 of 10 is 80 %. No registered session means the minimum is not met.
        met = track.attendance_percent == 0 or (
            rate.counted > 0 and Decimal(100 * rate.present) >= track.attendance_percent * rate.counted)
        actual = (Decimal(100 * rate.present) / rate.counted).quantize(Decimal("0.1")) if rate.counted else None
        items.append(Item("attendance", track.attendance_percent, actual, met))
    if track.practice_hours is not None:
        items.append(Item("practice_hours", track.practice_hours, facts.practice_hours,
                          facts.practice_hours >= track.practice_hours))
    if track.supervision_sessions is not None:
        items.append(Item("supervision_sessions", track.supervision_sessions, facts.supervision_sessions,
                          facts.supervision_sessions >= track.supervision_sessions))
    if track.declaration:
        items.append(Item("declaration", True, facts.declared_at is not None, facts.declared_at is not None))
    return Checklist(tuple(items))


def renewal_status(renewal: RenewalRequirements, curriculum: Curriculum, facts: Facts, since: datetime) -> Checklist:
    """Continuing education logged since `since` (the certificate's issue): activity hours and supervision."""
    first_day = local_date(since)
    in_period = [(minutes, form) for held_on, minutes, form in facts.supervision if held_on >= first_day]
    hours = Decimal(sum(m for m, form in in_period if form in renewal.activity_forms)) / 60
    if renewal.further_modules:
        hours += sum((Decimal(str(curriculum.modules[m].hours)) for m, at in facts.approved.items()
                      if at is not None and at >= since and m in curriculum.modules), Decimal(0))
    hours = hours.quantize(HUNDREDTH)
    return Checklist((
        Item("activity_hours", renewal.activity_hours, hours, hours >= renewal.activity_hours),
        Item("renewal_supervision", renewal.supervision_sessions, len(in_period),
             len(in_period) >= renewal.supervision_sessions),
    ))


def gather_facts(learner_ids: list[int], declaration_version: str, now: datetime | None = None) -> dict[int, Facts]:
    """The facts of many learners in six queries, whatever their number."""
    if not learner_ids:
        return {}
    approved: dict[int, dict] = {i: {} for i in learner_ids}
    for learner_id, module_id, submitted_at in db.session.execute(
            select(Submission.learner_id, Submission.module_id, Submission.last_submitted_at)
            .where(Submission.learner_id.in_(learner_ids), Submission.status == "approved")):
        approved[learner_id][module_id] = submitted_at
    rates = attendance_rates(learner_ids, now)
    hours = dict(db.session.execute(
        select(PracticeEntry.learner_id, func.sum(PracticeEntry.hours))
        .where(PracticeEntry.learner_id.in_(learner_ids), PracticeEntry.status == "confirmed")
        .group_by(PracticeEntry.learner_id)).all())
    supervision: dict[int, list] = {i: [] for i in learner_ids}
    for learner_id, held_on, minutes, form in db.session.execute(
            select(SupervisionEntry.learner_id, SupervisionEntry.held_on, SupervisionEntry.minutes,
                   SupervisionEntry.supervision_form)
            .where(SupervisionEntry.learner_id.in_(learner_ids), SupervisionEntry.status == "confirmed")):
        supervision[learner_id].append((held_on, minutes, form))
    declared = dict(db.session.execute(
        select(DeclarationAcceptance.user_id, DeclarationAcceptance.accepted_at)
        .where(DeclarationAcceptance.user_id.in_(learner_ids),
               DeclarationAcceptance.version == declaration_version)).all())
    return {i: Facts(approved[i], rates[i], _hours(hours.get(i)), len(supervision[i]), declared.get(i),
                     tuple(supervision[i])) for i in learner_ids}


def _hours(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(HUNDREDTH)


def dashboard_facts(learner_id: int, reflections: dict[str, str], attendance: AttendanceRate,
                    declaration_version: str) -> tuple[Facts, Certificate | None]:
    """For the learner's dashboard, which already has the reflection statuses and the attendance rate: the rest
    (hours, sessions, declaration and the latest certificate) in one query."""
    row = db.session.execute(_dashboard_facts(), {"learner_id": learner_id, "version": declaration_version}).one()
    approved = {m: None for m, status in reflections.items() if status == "approved"}
    return Facts(approved, attendance, _hours(row.hours), row.sessions or 0, row.declared), row.Certificate


@functools.cache
def _dashboard_facts():
    """Built once (it is asked on every dashboard), with the learner and the declaration version as parameters."""
    learner_id, version = bindparam("learner_id"), bindparam("version")
    hours = select(func.sum(PracticeEntry.hours)).where(
        PracticeEntry.learner_id == learner_id, PracticeEntry.status == "confirmed").scalar_subquery()
    sessions = select(func.count(SupervisionEntry.id)).where(
        SupervisionEntry.learner_id == learner_id, SupervisionEntry.status == "confirmed").scalar_subquery()
    declared = select(DeclarationAcceptance.accepted_at).where(
        DeclarationAcceptance.user_id == learner_id, DeclarationAcceptance.version == version
    ).limit(1).scalar_subquery()
    held = aliased(Certificate)  # a separate name, so the subquery never correlates with the outer certificate
    latest = select(held.id).where(held.learner_id == learner_id).order_by(
        held.issued_at.desc(), held.id.desc()).limit(1).scalar_subquery()
    anchor = select(literal(1).label("one")).subquery()
    return (select(hours.label("hours"), sessions.label("sessions"), declared.label("declared"), Certificate)
            .select_from(anchor).outerjoin(Certificate, Certificate.id == latest))
