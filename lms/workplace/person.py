"""One person's participation over time, as their workplace may see it: dates, statuses and counts only."""
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select

from ..auth.models import User
from ..certification.models import Certificate
from ..certification.services import LearnerStatus, status_of
from ..certification.status import get_requirements
from ..cohorts.models import Enrolment
from ..cohorts.schedule import paused_during
from ..cohorts.schedule_models import Attendance, ClassSession, EnrolmentPause
from ..extensions import db
from ..logbook.models import PracticeEntry, SupervisionEntry
from ..reflections.models import Feedback, Submission, SubmissionVersion
from ..timeutil import utcnow


@dataclass(frozen=True)
class SessionLine:
    starts_at: datetime
    cohort_name: str
    attendance: str  # present, absent, excused, paused or not_registered


@dataclass(frozen=True)
class MonthLine:
    month: date  # the first day of the month
    practice_hours: Decimal
    supervision_sessions: int


@dataclass(frozen=True)
class PersonFacts:
    person: User
    enrolments: list[Enrolment]
    sessions: list[SessionLine]
    modules: list[tuple[str, datetime | None]]  # the track's modules, with when each was approved
    months: list[MonthLine]
    learner_status: LearnerStatus | None
    certificates: list[Certificate]


def _sessions(enrolments: list[Enrolment], learner_id: int, now: datetime) -> list[SessionLine]:
    cohort_ids = [e.cohort_id for e in enrolments]
    if not cohort_ids:
        return []
    pauses = list(db.session.scalars(select(EnrolmentPause).join(Enrolment).where(Enrolment.learner_id == learner_id)))
    rows = db.session.execute(
        select(ClassSession.starts_at, ClassSession.cohort_id, Attendance.status)
        .outerjoin(Attendance, (Attendance.session_id == ClassSession.id) & (Attendance.learner_id == learner_id))
        .where(ClassSession.cohort_id.in_(cohort_ids), ClassSession.starts_at <= now)
        .order_by(ClassSession.starts_at.desc()))
    names = {e.cohort_id: e.cohort.name for e in enrolments}
    return [SessionLine(starts_at, names[cohort_id],
                        "paused" if paused_during(pauses, starts_at) else (status or "not_registered"))
            for starts_at, cohort_id, status in rows]


def _approved_at(learner_id: int) -> dict[str, datetime | None]:
    return dict(db.session.execute(
        select(Submission.module_id, func.max(func.coalesce(Feedback.released_at, Feedback.updated_at)))
        .join(SubmissionVersion, SubmissionVersion.submission_id == Submission.id)
        .join(Feedback, Feedback.version_id == SubmissionVersion.id)
        .where(Submission.learner_id == learner_id, Submission.status == "approved", Feedback.decision == "approved")
        .group_by(Submission.module_id)).all())


def _months(learner_id: int) -> list[MonthLine]:
    hours: dict[date, Decimal] = {}
    sessions: dict[date, int] = {}
    for worked_on, entry_hours in db.session.execute(
            select(PracticeEntry.worked_on, PracticeEntry.hours)
            .where(PracticeEntry.learner_id == learner_id, PracticeEntry.status == "confirmed")):
        month = worked_on.replace(day=1)
        hours[month] = hours.get(month, Decimal(0)) + Decimal(str(entry_hours))
    for (held_on,) in db.session.execute(
            select(SupervisionEntry.held_on)
            .where(SupervisionEntry.learner_id == learner_id, SupervisionEntry.status == "confirmed")):
        month = held_on.replace(day=1)
        sessions[month] = sessions.get(month, 0) + 1
    return [MonthLine(m, hours.get(m, Decimal(0)), sessions.get(m, 0))
            for m in sorted(set(hours) | set(sessions), reverse=True)]


def person_facts(person: User, now: datetime | None = None) -> PersonFacts:
    now = now or utcnow()
    enrolments = list(db.session.scalars(select(Enrolment).where(Enrolment.learner_id == person.id)
                                         .order_by(Enrolment.enrolled_at.desc(), Enrolment.id.desc())))
    track = get_requirements().tracks.get(person.track) if person.track else None
    approved = _approved_at(person.id)
    modules = [(m, approved.get(m)) for m in (track.module_ids if track else ())]
    certificates = list(db.session.scalars(select(Certificate).where(Certificate.learner_id == person.id)
                                           .order_by(Certificate.issued_at.desc(), Certificate.id.desc())))
    return PersonFacts(person, enrolments, _sessions(enrolments, person.id, now), modules, _months(person.id),
                       status_of(person, now) if track else None, certificates)
