"""The written-work cycle: drafts, submissions, versions, sharing with the cohort."""
import functools
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select

from ..auth.models import User
from ..cohorts.models import CURRENT_STATUSES as ENROLLED
from ..cohorts.models import CohortInstructor, Enrolment
from ..extensions import db
from ..notifications.services import notify
from ..sql import read
from ..timeutil import utcnow
from .models import AWAITING_GRADING, ShareComment, Submission, SubmissionVersion

MAX_TEXT_LENGTH = 50_000
MAX_COMMENT_LENGTH = 2_000
EDITABLE = ("draft", "revision_requested")


class ReflectionError(Exception):
    """A refused step, with a message for the person who tried it."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class DraftConflict(Exception):
    """The draft changed since the writer loaded it (another tab or device): nothing is overwritten."""

    current_text: str
    current_revision: int


def get_submission(learner_id: int, module_id: str) -> Submission | None:
    return db.session.scalar(select(Submission).where(Submission.learner_id == learner_id,
                                                      Submission.module_id == module_id))


def check_text(text: str, *, for_submission: bool) -> None:
    if len(text) > MAX_TEXT_LENGTH:
        raise ReflectionError(_l("The text is %(n)s characters long; the limit is %(max)s. Shorten it and save "
                                 "again. Nothing has been thrown away.", n=len(text), max=MAX_TEXT_LENGTH))
    if for_submission and not text.strip():
        raise ReflectionError(_l("Write your reflection before you submit it."))


def save_draft(learner: User, module_id: str, text: str, base_revision: int,
               now: datetime | None = None) -> Submission:
    """Keep the learner's text on the server. Refused for a text that is submitted or approved."""
    text = text.replace("\r\n", "\n")
    check_text(text, for_submission=False)
    submission = get_submission(learner.id, module_id)
    if submission is None:
        if base_revision != 0:
            raise DraftConflict("", 0)
        submission = Submission(learner_id=learner.id, module_id=module_id, status="draft", draft_text="",
                                draft_revision=0)
        db.session.add(submission)
    elif submission.status not in EDITABLE:
        raise ReflectionError(_l("This reflection has been submitted and cannot be changed now."))
    elif submission.draft_revision != base_revision:
        raise DraftConflict(submission.draft_text, submission.draft_revision)
    if submission.draft_text != text or submission.draft_revision == 0:
        submission.draft_text = text
        submission.draft_revision += 1
        submission.draft_saved_at = now or utcnow()
    db.session.flush()
    return submission


def submit(learner: User, module_id: str, text: str, base_revision: int,
           now: datetime | None = None) -> SubmissionVersion:
    """Turn the draft into a new, unchangeable version and tell the learner's instructors."""
    check_text(text, for_submission=True)
    now = now or utcnow()
    submission = save_draft(learner, module_id, text, base_revision, now)
    number = len(submission.versions) + 1
    version = SubmissionVersion(submission_id=submission.id, number=number, text=submission.draft_text,
                                submitted_at=now)
    db.session.add(version)
    submission.status = "submitted" if number == 1 else "resubmitted"
    submission.last_submitted_at = now
    db.session.flush()
    db.session.refresh(submission, ["versions"])
    for instructor_id in instructor_ids_for(learner.id):
        if instructor_id != learner.id:
            notify(instructor_id, "reflection_submitted", module_id=module_id, submission_id=submission.id,
                   actor_name=learner.name)
    return version


def instructor_ids_for(learner_id: int) -> list[int]:
    return list(db.session.scalars(
        select(CohortInstructor.user_id).distinct()
        .join(Enrolment, Enrolment.cohort_id == CohortInstructor.cohort_id)
        .where(Enrolment.learner_id == learner_id, Enrolment.status.in_(ENROLLED))))


def set_shared(submission: Submission, shared: bool) -> None:
    """Share the latest submitted version with the cohort, or withdraw the share."""
    if shared:
        if submission.latest_version is None:
            raise ReflectionError(_l("Only a submitted reflection can be shared."))
        submission.shared_version_number = submission.latest_version.number
    else:
        submission.shared_version_number = None
    db.session.flush()


def add_comment(author: User, submission: Submission, text: str) -> ShareComment:
    text = (text or "").strip()
    if not text:
        raise ReflectionError(_l("Write a comment before you send it."))
    if len(text) > MAX_COMMENT_LENGTH:
        raise ReflectionError(_l("A comment can be at most %(max)s characters.", max=MAX_COMMENT_LENGTH))
    comment = ShareComment(submission_id=submission.id, author_id=author.id, text=text, created_at=utcnow())
    db.session.add(comment)
    db.session.flush()
    if author.id != submission.learner_id:
        notify(submission.learner_id, "share_comment", module_id=submission.module_id,
               submission_id=submission.id, actor_name=author.name)
    return comment


def comments(submission_id: int) -> list[ShareComment]:
    return list(db.session.scalars(select(ShareComment).where(ShareComment.submission_id == submission_id)
                                   .order_by(ShareComment.created_at)))


def submissions_by_module(learner_id: int) -> dict[str, Submission]:
    rows = db.session.scalars(select(Submission).where(Submission.learner_id == learner_id))
    return {s.module_id: s for s in rows}


def is_awaiting_grading(submission: Submission) -> bool:
    return submission.status in AWAITING_GRADING


def submissions_for(learner_ids: list[int]) -> dict[tuple[int, str], Submission]:
    """Every submission of these learners in one query, keyed by (learner, module)."""
    if not learner_ids:
        return {}
    rows = db.session.scalars(select(Submission).where(Submission.learner_id.in_(learner_ids)))
    return {(s.learner_id, s.module_id): s for s in rows}


def reflection_statuses(learner_id: int) -> dict[str, str]:
    """Status per module for the learner's own overview, in one light query."""
    return dict(read(_reflection_statuses(), {"learner_id": learner_id}).all())


@functools.cache
def _reflection_statuses():
    """On every learner page: built once, so only its parameter changes per request."""
    return select(Submission.module_id, Submission.status).where(Submission.learner_id == bindparam("learner_id"))
