"""When a self-assessment or the course evaluation is open, and what the learner's dashboard invites them to.

Start: enrolled (active or paused) in a cohort that has not ended. End and course evaluation: from four weeks
before the cohort ends until twelve weeks after. Renewal: the latest certificate is in its renewal window
(certification.yaml's window_days before expiry) and neither revoked nor expired. Everything the dashboard needs
is read in one query (learner_state), so the dashboard costs the same whatever the data.
"""
import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, exists, literal, select
from sqlalchemy.orm import aliased

from ..certification.models import Certificate
from ..cohorts.models import Cohort, Enrolment
from ..extensions import db
from .models import CourseEvaluationReceipt, SelfAssessment

END_OPENS_BEFORE = timedelta(days=28)
END_CLOSES_AFTER = timedelta(days=84)


@dataclass(frozen=True)
class Target:
    """What a self-assessment is about: an enrolment (start, end) or a certificate (renewal)."""

    kind: str
    enrolment_id: int | None = None
    certificate_id: int | None = None


@dataclass(frozen=True)
class LearnerState:
    enrolment_id: int | None = None
    enrolment_status: str | None = None
    cohort_id: int | None = None
    cohort_name: str | None = None
    ends_on: date | None = None
    start: str | None = None  # status of the start record: answered, skipped or None
    end: str | None = None
    course_done: bool = False
    certificate_id: int | None = None
    expires_at: datetime | None = None
    revoked: bool = False
    renewal: str | None = None


def learner_state(user_id: int) -> LearnerState:
    """The learner's latest enrolment and certificate, and what they have answered for them: one query."""
    row = db.session.execute(_learner_state(), {"user_id": user_id}).one()
    return LearnerState(row[0], row[1], row[2], row[3], row[4], row[5], row[6], bool(row[7]) and row[2] is not None,
                        row[8], row[9], row[10] is not None, row[11])


@functools.cache
def _learner_state():
    """Asked on every dashboard: built once, so only its parameter changes per request (see auth.sessions)."""
    user_id = bindparam("user_id")
    latest_enrolment = aliased(Enrolment)
    enrolment_id = select(latest_enrolment.id).where(
        latest_enrolment.learner_id == user_id, latest_enrolment.status.in_(("active", "paused", "completed"))
    ).order_by(latest_enrolment.enrolled_at.desc(), latest_enrolment.id.desc()).limit(1).scalar_subquery()
    held = aliased(Certificate)
    certificate_id = select(held.id).where(held.learner_id == user_id).order_by(
        held.issued_at.desc(), held.id.desc()).limit(1).scalar_subquery()

    def status(kind: str, column, value):
        return select(SelfAssessment.status).where(SelfAssessment.kind == kind, column == value).limit(1) \
            .scalar_subquery()

    done = exists().where(CourseEvaluationReceipt.user_id == user_id, CourseEvaluationReceipt.cohort_id == Cohort.id)
    anchor = select(literal(1).label("one")).subquery()
    return (select(Enrolment.id, Enrolment.status, Cohort.id, Cohort.name, Cohort.ends_on,
                   status("start", SelfAssessment.enrolment_id, Enrolment.id),
                   status("end", SelfAssessment.enrolment_id, Enrolment.id), done,
                   Certificate.id, Certificate.expires_at, Certificate.revoked_at,
                   status("renewal", SelfAssessment.certificate_id, Certificate.id))
            .select_from(anchor).outerjoin(Enrolment, Enrolment.id == enrolment_id)
            .outerjoin(Cohort, Cohort.id == Enrolment.cohort_id)
            .outerjoin(Certificate, Certificate.id == certificate_id))


def end_window_open(ends_on: date | None, today: date) -> bool:
    return ends_on is not None and ends_on - END_OPENS_BEFORE <= today <= ends_on + END_CLOSES_AFTER


def open_targets(state: LearnerState, today: date, now: datetime, window_days: int) -> dict[str, Target]:
    """Every self-assessment the learner may answer now (whether or not it has been answered or skipped)."""
    targets = {}
    if state.enrolment_id is not None:
        if state.enrolment_status in ("active", "paused") and today <= state.ends_on:
            targets["start"] = Target("start", enrolment_id=state.enrolment_id)
        if end_window_open(state.ends_on, today):
            targets["end"] = Target("end", enrolment_id=state.enrolment_id)
    if (state.certificate_id is not None and not state.revoked
            and state.expires_at - timedelta(days=window_days) <= now < state.expires_at):
        targets["renewal"] = Target("renewal", certificate_id=state.certificate_id)
    return targets


def course_evaluation_open(state: LearnerState, today: date) -> bool:
    return state.cohort_id is not None and end_window_open(state.ends_on, today)


def recorded(state: LearnerState, kind: str) -> str | None:
    return {"start": state.start, "end": state.end, "renewal": state.renewal}[kind]


def invitations(state: LearnerState, today: date, now: datetime, window_days: int) -> list[str]:
    """What the dashboard card invites to: open, not yet answered or skipped, at most one of start and end.
    A paused learner is resting and is not asked anything (their own page still lets them answer)."""
    if state.enrolment_status == "paused":
        return []
    targets = open_targets(state, today, now, window_days)
    # Once the end is near, the end is what is asked, even if the start was never answered.
    first = "end" if "end" in targets else "start"
    due = [kind for kind in (first, "renewal") if kind in targets and recorded(state, kind) is None]
    if course_evaluation_open(state, today) and not state.course_done:
        due.append("course")
    return due
