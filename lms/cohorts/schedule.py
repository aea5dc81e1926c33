"""Class sessions, attendance, pauses and the calendar feed."""
import functools
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, delete, select

from ..extensions import db
from ..sql import ids_param, now_param
from ..timeutil import utcnow
from .models import Cohort, Enrolment
from .schedule_models import ATTENDANCE, Attendance, CalendarToken, ClassSession, ClassSessionModule, EnrolmentPause

LOCAL = ZoneInfo("Europe/Copenhagen")


class ScheduleError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def local_to_utc(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=LOCAL).astimezone(ZoneInfo("UTC"))


def save_session(session: ClassSession | None, cohort: Cohort, *, day: date, starts: time, ends: time,
                 place: str, module_ids: list[str]) -> ClassSession:
    if ends <= starts:
        raise ScheduleError(_l("The session must end after it starts."))
    if session is None:
        session = ClassSession(cohort_id=cohort.id)
        db.session.add(session)
    session.starts_at, session.ends_at = local_to_utc(day, starts), local_to_utc(day, ends)
    session.place = place.strip()
    session.module_rows = [ClassSessionModule(module_id=m) for m in dict.fromkeys(module_ids)]
    db.session.flush()
    return session


def delete_session(session: ClassSession) -> None:
    db.session.delete(session)
    db.session.flush()


def cohort_sessions(cohort_id: int) -> list[ClassSession]:
    return list(db.session.scalars(select(ClassSession).where(ClassSession.cohort_id == cohort_id)
                                   .order_by(ClassSession.starts_at)))


def sessions_for_cohorts(cohort_ids) -> list[ClassSession]:
    if not cohort_ids:
        return []
    return list(db.session.scalars(select(ClassSession).where(ClassSession.cohort_id.in_(cohort_ids))
                                   .order_by(ClassSession.starts_at)))


# --- attendance -------------------------------------------------------------------------------

def attendance_for(session_id: int) -> dict[int, str]:
    return dict(db.session.execute(select(Attendance.learner_id, Attendance.status)
                                   .where(Attendance.session_id == session_id)).all())


def register_attendance(session: ClassSession, marks: dict[int, str], recorded_by_id: int,
                        allowed_learner_ids: set[int]) -> None:
    """Store present/absent/excused for each learner in one go; a blank mark clears it."""
    for learner_id, status in marks.items():
        if learner_id not in allowed_learner_ids:
            raise ScheduleError(_l("A learner in the form is not in this cohort."))
        if status and status not in ATTENDANCE:
            raise ScheduleError(_l("Choose present, absent or excused."))
    existing = {a.learner_id: a for a in db.session.scalars(
        select(Attendance).where(Attendance.session_id == session.id))}
    for learner_id, status in marks.items():
        row = existing.get(learner_id)
        if not status:
            if row is not None:
                db.session.delete(row)
        elif row is None:
            db.session.add(Attendance(session_id=session.id, learner_id=learner_id, status=status,
                                      recorded_by_id=recorded_by_id, recorded_at=utcnow()))
        elif row.status != status:
            row.status, row.recorded_by_id, row.recorded_at = status, recorded_by_id, utcnow()
    db.session.flush()


@dataclass(frozen=True)
class AttendanceRate:
    present: int
    counted: int  # registered sessions, not excused and not during a pause

    @property
    def percent(self) -> float | None:
        return round(100 * self.present / self.counted, 1) if self.counted else None


def paused_during(pauses: list[EnrolmentPause], moment: datetime) -> bool:
    return any(p.started_at <= moment and (p.ended_at is None or moment < p.ended_at) for p in pauses)


def attendance_rates(learner_ids: list[int], now: datetime | None = None) -> dict[int, AttendanceRate]:
    """Rate per learner over past sessions with attendance registered; excused absences and sessions
    during a pause do not count against anyone. Three queries, whatever the number of learners."""
    now = now or utcnow()
    if not learner_ids:
        return {}
    statements = _attendance_statements()
    rows = db.session.execute(statements[0], {"ids": list(learner_ids), "now": now}).all()
    pauses: dict[int, list[EnrolmentPause]] = {}
    for pause, learner_id in db.session.execute(statements[1], {"ids": list(learner_ids)}).all():
        pauses.setdefault(learner_id, []).append(pause)
    present = dict.fromkeys(learner_ids, 0)
    counted = dict.fromkeys(learner_ids, 0)
    for learner_id, status, starts_at in rows:
        if status == "excused" or paused_during(pauses.get(learner_id, []), starts_at):
            continue
        counted[learner_id] += 1
        present[learner_id] += status == "present"
    return {i: AttendanceRate(present[i], counted[i]) for i in learner_ids}


# --- pause and resume -------------------------------------------------------------------------

def open_pause(enrolment_id: int) -> EnrolmentPause | None:
    return db.session.scalar(select(EnrolmentPause).where(EnrolmentPause.enrolment_id == enrolment_id,
                                                          EnrolmentPause.ended_at.is_(None)))


def pause(enrolment: Enrolment, now: datetime | None = None) -> EnrolmentPause:
    if enrolment.status != "active":
        raise ScheduleError(_l("Only an active enrolment can be paused."))
    enrolment.status = "paused"
    rest = EnrolmentPause(enrolment_id=enrolment.id, started_at=now or utcnow())
    db.session.add(rest)
    db.session.flush()
    return rest


def resume(enrolment: Enrolment, now: datetime | None = None) -> None:
    if enrolment.status != "paused":
        raise ScheduleError(_l("The enrolment is not paused."))
    enrolment.status = "active"
    rest = open_pause(enrolment.id)
    if rest is not None:
        rest.ended_at = now or utcnow()
    db.session.flush()


def end_open_pause(enrolment: Enrolment, now: datetime | None = None) -> None:
    """Called when a paused learner moves to a later cohort: the pause ends there."""
    rest = open_pause(enrolment.id)
    if rest is not None:
        rest.ended_at = now or utcnow()


@functools.cache
def _attendance_statements():
    """Built once (every dashboard asks): the marks of past sessions, and the pauses, of the learners `ids`."""
    ids = ids_param()
    marks = (select(Attendance.learner_id, Attendance.status, ClassSession.starts_at)
             .join(ClassSession, ClassSession.id == Attendance.session_id)
             .where(Attendance.learner_id.in_(ids), ClassSession.starts_at <= now_param()))
    pauses = (select(EnrolmentPause, Enrolment.learner_id).join(Enrolment, Enrolment.id == EnrolmentPause.enrolment_id)
              .where(Enrolment.learner_id.in_(ids)))
    return marks, pauses


def paused_days(enrolment_id: int, now: datetime | None = None) -> int:
    now = now or utcnow()
    total = timedelta()
    for rest in db.session.scalars(_pauses_of(), {"enrolment_id": enrolment_id}):
        total += (rest.ended_at or now) - rest.started_at
    return total.days


@functools.cache
def _pauses_of():
    return select(EnrolmentPause).where(EnrolmentPause.enrolment_id == bindparam("enrolment_id"))


def personal_end_date(enrolment: Enrolment, now: datetime | None = None) -> date:
    """The cohort's end date moved by the time the learner has paused: deadlines move with a pause."""
    return enrolment.cohort.ends_on + timedelta(days=paused_days(enrolment.id, now))


# --- calendar feed ----------------------------------------------------------------------------

def calendar_token(user_id: int) -> str:
    row = db.session.get(CalendarToken, user_id)
    if row is None:
        row = CalendarToken(user_id=user_id, token=secrets.token_urlsafe(24), created_at=utcnow())
        db.session.add(row)
        db.session.flush()
    return row.token


def reset_calendar_token(user_id: int) -> str:
    db.session.execute(delete(CalendarToken).where(CalendarToken.user_id == user_id))
    db.session.flush()
    return calendar_token(user_id)


def user_for_calendar_token(token: str):
    from ..auth.models import User

    row = db.session.scalar(select(CalendarToken).where(CalendarToken.token == token))
    user = db.session.get(User, row.user_id) if row else None
    return user if user is not None and user.active else None


@dataclass(frozen=True)
class LocalTimes:
    starts: datetime
    ends: datetime


def as_local(session: ClassSession) -> LocalTimes:
    return LocalTimes(session.starts_at.astimezone(LOCAL), session.ends_at.astimezone(LOCAL))


def schedule_cohort_ids(user) -> set[int]:
    """The cohorts whose sessions are in a person's schedule: those they learn in or teach."""
    from .services import taught_cohort_ids

    learning = set(db.session.scalars(select(Enrolment.cohort_id).where(
        Enrolment.learner_id == user.id, Enrolment.status.in_(("active", "paused")))))
    return learning | set(taught_cohort_ids(user.id))
