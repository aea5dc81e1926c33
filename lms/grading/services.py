"""Grading: the instructor's queue and feedback on a submitted version."""
import functools
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select

from ..auth.models import User
from ..cohorts.models import CURRENT_STATUSES, CohortInstructor, Enrolment
from ..extensions import db
from ..notifications.services import notify
from ..reflections.models import (
    AWAITING_GRADING,
    DECISIONS,
    MARKS,
    CriterionMark,
    Feedback,
    Submission,
    SubmissionVersion,
)
from ..reflections.services import ReflectionError
from ..sql import read
from ..timeutil import utcnow

MAX_FEEDBACK_LENGTH = 20_000


@dataclass(frozen=True)
class QueueFilters:
    cohort_id: int | None = None
    module_id: str | None = None
    learner_id: int | None = None
    status: str | None = "awaiting"  # "awaiting" = submitted or resubmitted; None = every status


def _taught_learners(by_cohort: bool):
    """The learners (ids) now in the instructor's cohorts (`instructor_id`), or in one of them (`cohort_id`)."""
    query = (select(Enrolment.learner_id)
             .join(CohortInstructor, CohortInstructor.cohort_id == Enrolment.cohort_id)
             .where(CohortInstructor.user_id == bindparam("instructor_id"), Enrolment.status.in_(CURRENT_STATUSES),
                    Enrolment.learner_id != bindparam("instructor_id")))
    if by_cohort:
        query = query.where(Enrolment.cohort_id == bindparam("cohort_id"))
    return query


@dataclass(frozen=True)
class QueueRow:
    """One line of the queue: what the list shows, without the texts of the versions."""

    id: int
    learner_id: int
    learner_name: str
    module_id: str
    status: str
    versions: int
    last_submitted_at: datetime
    feedback_draft: bool  # the latest version has feedback that is not released yet


@functools.cache
def _queue_statements(by_cohort: bool, by_module: bool, by_learner: bool, status: str | None):
    """The counts per status and the rows, for one combination of filters (built once: every queue asks)."""
    base = [Submission.learner_id.in_(_taught_learners(by_cohort)), Submission.last_submitted_at.is_not(None)]
    if by_module:
        base.append(Submission.module_id == bindparam("module_id"))
    if by_learner:
        base.append(Submission.learner_id == bindparam("learner_id"))
    counts = select(Submission.status, func.count()).where(*base).group_by(Submission.status)
    where = list(base)
    if status == "awaiting":
        where.append(Submission.status.in_(AWAITING_GRADING))
    elif status:
        where.append(Submission.status == bindparam("status"))
    versions = (select(func.count(SubmissionVersion.id)).where(SubmissionVersion.submission_id == Submission.id)
                .correlate(Submission).scalar_subquery())
    draft = (select(Feedback.id).join(SubmissionVersion, SubmissionVersion.id == Feedback.version_id)
             .where(SubmissionVersion.submission_id == Submission.id, SubmissionVersion.number == versions,
                    Feedback.released_at.is_(None)).correlate(Submission).exists())
    rows = (select(Submission.id, Submission.learner_id, User.name, Submission.module_id, Submission.status, versions,
                   Submission.last_submitted_at, draft)
            .join(User, User.id == Submission.learner_id).where(*where)
            .order_by(Submission.last_submitted_at, Submission.id))
    return counts, rows


def grading_queue(instructor_id: int, filters: QueueFilters) -> tuple[list[QueueRow], dict[str, int]]:
    """Submissions from the instructor's own cohorts, oldest first, and counts per status (two queries)."""
    status = filters.status if filters.status in (None, "awaiting") else "one"
    counts, rows = _queue_statements(bool(filters.cohort_id), bool(filters.module_id), bool(filters.learner_id),
                                     status)
    params = {"instructor_id": instructor_id, "cohort_id": filters.cohort_id, "module_id": filters.module_id,
              "learner_id": filters.learner_id, "status": filters.status}
    return ([QueueRow(*row) for row in read(rows, params)],
            dict(read(counts, params).all()))


def taught_learners(instructor_id: int) -> list[tuple[int, str]]:
    """(id, name) of the instructor's learners, by name: the queue's filter needs no more."""
    return list(read(_taught_learner_names(), {"instructor_id": instructor_id}).all())


@functools.cache
def _taught_learner_names():
    return select(User.id, User.name).where(User.id.in_(_taught_learners(False))).order_by(User.name, User.id)


def _check_feedback(decision: str, text: str, marks: dict[int, str], criteria_count: int) -> None:
    if decision not in DECISIONS:
        raise ReflectionError(_l("Choose a decision."))
    if len(text) > MAX_FEEDBACK_LENGTH:
        raise ReflectionError(_l("Feedback can be at most %(max)s characters.", max=MAX_FEEDBACK_LENGTH))
    if decision == "revision_requested" and not text.strip():
        raise ReflectionError(_l("Say what the learner should elaborate on when you ask for a revision."))
    for position, mark in marks.items():
        if not 0 <= position < criteria_count or mark not in MARKS:
            raise ReflectionError(_l("A criterion mark is not valid."))


def save_feedback(instructor: User, submission: Submission, *, decision: str, text: str, marks: dict[int, str],
                  criteria_count: int, release: bool) -> Feedback:
    """Draft or release feedback on the latest version. Released feedback is final."""
    if instructor.id == submission.learner_id:
        raise ReflectionError(_l("You cannot grade your own work."))
    version = submission.latest_version
    if version is None or submission.status not in AWAITING_GRADING:
        raise ReflectionError(_l("There is no submitted version waiting for feedback."))
    text = (text or "").replace("\r\n", "\n")
    _check_feedback(decision, text, marks, criteria_count)
    feedback = version.feedback
    if feedback is None:
        feedback = Feedback(version_id=version.id, author_id=instructor.id)
        db.session.add(feedback)
        version.feedback = feedback
    elif feedback.released:
        raise ReflectionError(_l("This feedback has already been released."))
    feedback.decision, feedback.text, feedback.edited_by_id = decision, text, instructor.id
    feedback.updated_at = utcnow()
    feedback.marks = [CriterionMark(position=p, mark=m) for p, m in sorted(marks.items())]
    db.session.flush()
    if release:
        release_feedback(instructor, submission)
    return feedback


def release_feedback(instructor: User, submission: Submission) -> Feedback:
    feedback = submission.latest_version.feedback if submission.latest_version else None
    if feedback is None or feedback.released or submission.status not in AWAITING_GRADING:
        raise ReflectionError(_l("There is no feedback draft to release."))
    if instructor.id == submission.learner_id:
        raise ReflectionError(_l("You cannot grade your own work."))
    feedback.released_at, feedback.released_by_id = utcnow(), instructor.id
    submission.status = feedback.decision
    db.session.flush()
    notify(submission.learner_id, "feedback_released", module_id=submission.module_id,
           submission_id=submission.id)
    return feedback
