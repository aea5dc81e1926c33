"""The learner's steps: answering or skipping a self-assessment, evaluating the course; and their own picture.

Who may do what is decided in lms/access.py; these functions refuse what the rules of evaluation do not allow
(answering twice, answering what is not open), whoever calls them. They flush; the view commits.
"""
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..certification.status import get_requirements, local_date
from ..extensions import db
from ..timeutil import utcnow
from .invitations import LearnerState, Target, course_evaluation_open, invitations, learner_state, open_targets
from .models import (
    KINDS,
    CourseEvaluation,
    CourseEvaluationReceipt,
    CourseEvaluationScore,
    SelfAssessment,
    SelfAssessmentAnswer,
)
from .questions import MAX_TEXT, SCALE, Question


class EvaluationError(Exception):
    """A refused step, with a message for the person who tried it."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message, self.field = message, field


def today_and_now(now: datetime | None = None) -> tuple[date, datetime]:
    now = now or utcnow()
    return local_date(now), now


def window_days() -> int:
    """How long before expiry a certificate's renewal window opens (certification.yaml)."""
    return get_requirements().renewal.window_days if "certification" in current_app.extensions else 90


def targets_for(user_id: int, now: datetime | None = None) -> tuple[LearnerState, dict[str, Target]]:
    today, now = today_and_now(now)
    state = learner_state(user_id)
    return state, open_targets(state, today, now, window_days())


def invitations_for(user_id: int, now: datetime | None = None) -> list[tuple[str, int | None]]:
    """What the dashboard invites the learner to, as (kind, cohort id): one query."""
    today, now = today_and_now(now)
    state = learner_state(user_id)
    return [(kind, state.cohort_id) for kind in invitations(state, today, now, window_days())]


def target_or_none(user_id: int, kind: str, now: datetime | None = None) -> Target | None:
    return targets_for(user_id, now)[1].get(kind) if kind in KINDS else None


def record_for(user_id: int, target: Target) -> SelfAssessment | None:
    column, value = ((SelfAssessment.enrolment_id, target.enrolment_id) if target.enrolment_id is not None
                     else (SelfAssessment.certificate_id, target.certificate_id))
    return db.session.scalar(select(SelfAssessment).where(
        SelfAssessment.user_id == user_id, SelfAssessment.kind == target.kind, column == value))


def _clean_text(text: str | None, field: str) -> str | None:
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_TEXT:
        raise EvaluationError(_l("At most %(max)s characters.", max=MAX_TEXT), field)
    return text or None


def _clean_values(questions: list[Question], values: dict) -> dict[str, int | None]:
    """Every question gets a row: its value 1-5, or None (missing) when it was skipped. Never 0."""
    clean = {}
    for question in questions:
        value = values.get(question.id)
        if value is not None and value not in SCALE:
            raise EvaluationError(_l("Choose one of the options, or skip the question."), question.field)
        clean[question.id] = value
    return clean


def save_self_assessment(user_id: int, target: Target, questions: list[Question], values: dict,
                         comment: str | None, now: datetime | None = None) -> SelfAssessment:
    """Store the answers; a skipped assessment may still be answered later, an answered one is not changed."""
    values, comment = _clean_values(questions, values), _clean_text(comment, "comment")
    record = record_for(user_id, target)
    if record is not None and record.status == "answered":
        raise EvaluationError(_l("You have already answered this self-assessment."))
    if record is None:
        record = SelfAssessment(user_id=user_id, kind=target.kind, enrolment_id=target.enrolment_id,
                                certificate_id=target.certificate_id)
        db.session.add(record)
    record.status, record.comment, record.recorded_at = "answered", comment, now or utcnow()
    record.answers = [SelfAssessmentAnswer(question_id=q, value=v) for q, v in values.items()]
    db.session.flush()
    return record


def skip_self_assessment(user_id: int, target: Target, now: datetime | None = None) -> SelfAssessment:
    """Record that the learner does not want to answer this one, so it is not asked again."""
    record = record_for(user_id, target)
    if record is not None and record.status == "answered":
        raise EvaluationError(_l("You have already answered this self-assessment."))
    if record is None:
        record = SelfAssessment(user_id=user_id, kind=target.kind, enrolment_id=target.enrolment_id,
                                certificate_id=target.certificate_id, status="skipped", recorded_at=now or utcnow())
        db.session.add(record)
        db.session.flush()
    return record


# --- The course evaluation ------------------------------------------------------------------------------------

def course_evaluated(user_id: int, cohort_id: int) -> bool:
    return db.session.get(CourseEvaluationReceipt, (user_id, cohort_id)) is not None


def course_open(user_id: int, cohort_id: int, now: datetime | None = None) -> bool:
    """Open for the cohort of the learner's latest enrolment, around its end."""
    today, now = today_and_now(now)
    state = learner_state(user_id)
    return state.cohort_id == cohort_id and course_evaluation_open(state, today)


def submit_course_evaluation(user_id: int, cohort_id: int, questions: list[Question], values: dict,
                             texts: dict, now: datetime | None = None) -> None:
    """Store the receipt and, separately, the anonymous answer: nothing links the two."""
    values = _clean_values(questions, values)
    texts = {key: _clean_text(texts.get(key), key) for key in ("worked_well", "to_change")}
    if not course_open(user_id, cohort_id, now):
        raise EvaluationError(_l("The course evaluation is not open for you right now."))
    if course_evaluated(user_id, cohort_id):
        raise EvaluationError(_l("You have already evaluated this course. Thank you!"))
    try:  # two submissions at once: the receipt's primary key lets only one through
        with db.session.begin_nested():
            db.session.add(CourseEvaluationReceipt(user_id=user_id, cohort_id=cohort_id))
    except IntegrityError:
        raise EvaluationError(_l("You have already evaluated this course. Thank you!")) from None
    answer = CourseEvaluation(id=secrets.token_hex(16), cohort_id=cohort_id, **texts)
    answer.scores = [CourseEvaluationScore(question_id=q, value=v) for q, v in values.items()]
    db.session.add(answer)
    db.session.flush()


# --- The learner's own picture --------------------------------------------------------------------------------

@dataclass(frozen=True)
class OwnPicture:
    assessments: list[SelfAssessment]  # every record, newest first
    compared: dict[str, SelfAssessment]  # kind -> the latest answered one


def own_picture(user_id: int) -> OwnPicture:
    records = list(db.session.scalars(select(SelfAssessment).where(SelfAssessment.user_id == user_id)
                                      .order_by(SelfAssessment.recorded_at.desc(), SelfAssessment.id.desc())))
    compared: dict[str, SelfAssessment] = {}
    for record in records:
        if record.status == "answered":
            compared.setdefault(record.kind, record)
    return OwnPicture(records, compared)
