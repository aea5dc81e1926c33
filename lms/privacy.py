"""A person's data: everything we hold about them, as a download, and erasure.

PERSONAL_DATA names every table that holds data about a person and how each is exported and erased.
tests/test_privacy.py checks that every table referring to a person is listed here (or in NOT_PERSONAL
with the reason), so a new feature cannot quietly add personal data that export and erasure miss.
"""
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import delete, inspect, select, update

from .auth.models import AccountToken, User, UserRole, UserSession
from .certification.models import Certificate, DeclarationAcceptance
from .cohorts.models import CohortInstructor, Enrolment
from .cohorts.schedule_models import Attendance, CalendarToken, EnrolmentPause
from .evaluation.models import CourseEvaluationReceipt, SelfAssessment
from .extensions import db
from .learning.models import ModuleProgress
from .logbook.models import PracticeEntry, SupervisionEntry
from .notifications.models import Notification
from .reflections.models import ShareComment, Submission
from .workplace.models import OrganisationContact

SECRET_COLUMNS = {"password_hash", "token_hash", "totp_secret", "totp_last_step", "token", "session_epoch"}


@dataclass(frozen=True)
class Holding:
    """One table's share of a person's data: how to find their rows, and what erasure does with them."""

    model: type
    owner: str  # column naming the person
    erase: str  # "delete" the rows, or "keep" them (participation records without personal content)


PERSONAL_DATA: dict[str, Holding] = {h.model.__tablename__: h for h in (
    Holding(User, "id", "anonymise"),
    Holding(UserRole, "user_id", "delete"),
    Holding(AccountToken, "user_id", "delete"),
    Holding(UserSession, "user_id", "delete"),
    Holding(CalendarToken, "user_id", "delete"),
    Holding(Notification, "user_id", "delete"),
    Holding(ModuleProgress, "user_id", "keep"),
    Holding(Enrolment, "learner_id", "keep"),
    Holding(Attendance, "learner_id", "keep"),
    Holding(CohortInstructor, "user_id", "delete"),
    Holding(Submission, "learner_id", "delete"),  # versions, feedback, marks and comments go with it
    Holding(ShareComment, "author_id", "delete"),
    Holding(PracticeEntry, "learner_id", "delete"),
    Holding(SupervisionEntry, "learner_id", "delete"),
    # Certification: issued certificates are kept (employers verify them); the declaration's acceptance is a dated
    # record without content.
    Holding(Certificate, "learner_id", "keep"),
    Holding(DeclarationAcceptance, "user_id", "keep"),
    Holding(OrganisationContact, "user_id", "delete"),
    # Evaluation: self-assessments are the learner's own health-related answers (their answers go with them); the
    # receipt only says that the course was evaluated (the anonymous answer itself names nobody and stays).
    Holding(SelfAssessment, "user_id", "delete"),
    Holding(CourseEvaluationReceipt, "user_id", "delete"),
)}

# Tables that refer to a person without holding data about them, and why.
NOT_PERSONAL = {
    "login_attempt": "keyed by the typed e-mail, not the account; purged with the throttling window",
    "audit_event": "the accountability trail must outlive the account: ids, purposes and who acted, no texts",
    "submission_version": "exported and erased with its submission",
    "feedback": "exported and erased with its submission version",
    "criterion_mark": "exported and erased with its feedback",
    "enrolment_pause": "exported and kept with its enrolment (dates only, no reason is ever stored)",
}


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(obj) -> dict:
    return {c.key: _plain(getattr(obj, c.key)) for c in inspect(obj).mapper.column_attrs
            if c.key not in SECRET_COLUMNS}


def _rows(holding: Holding, user_id: int) -> list:
    return list(db.session.scalars(select(holding.model).where(getattr(holding.model, holding.owner) == user_id)))


def export_zip(user: User) -> bytes:
    """Everything held about the person: data.json with every table, and their own texts as Markdown."""
    data = {name: [_row(obj) for obj in _rows(holding, user.id)] for name, holding in PERSONAL_DATA.items()}
    submissions = _rows(PERSONAL_DATA["submission"], user.id)
    data["submission_version"] = [_row(v) for s in submissions for v in s.versions]
    data["feedback"] = [_row(v.feedback) for s in submissions for v in s.versions
                        if v.feedback and v.feedback.released]
    data["self_assessment_answer"] = [_row(a) for s in _rows(PERSONAL_DATA["self_assessment"], user.id)
                                      for a in s.answers]
    data["enrolment_pause"] = [_row(p) for p in db.session.scalars(select(EnrolmentPause).join(
        Enrolment, Enrolment.id == EnrolmentPause.enrolment_id).where(Enrolment.learner_id == user.id))]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        for submission in submissions:
            folder = f"reflections/{submission.module_id}"
            if submission.draft_text:
                archive.writestr(f"{folder}/draft.md", submission.draft_text)
            for version in submission.versions:
                archive.writestr(f"{folder}/version-{version.number}.md", version.text)
                if version.feedback and version.feedback.released:
                    archive.writestr(f"{folder}/feedback-on-version-{version.number}.md", version.feedback.text)
        for entry in data["practice_entry"] + data["supervision_entry"]:
            kind = "practice" if "worked_on" in entry else "supervision"
            if entry.get("private_note"):
                archive.writestr(f"logbook/{kind}-{entry['id']}-private-note.md", entry["private_note"])
    return buffer.getvalue()


def erase_person(user: User) -> None:
    """Delete the person's texts and private notes; keep participation records without personal content."""
    for holding in PERSONAL_DATA.values():
        if holding.erase == "delete":
            db.session.execute(delete(holding.model).where(getattr(holding.model, holding.owner) == user.id))
    # Entries of other learners that this person confirmed or supervised stay, without the link to them.
    for model in (PracticeEntry, SupervisionEntry):
        db.session.execute(update(model).where(model.decided_by_id == user.id).values(decided_by_id=None))
    db.session.execute(update(SupervisionEntry).where(SupervisionEntry.supervisor_id == user.id)
                       .values(supervisor_id=None))
    # Issued certificates stay as records of what was issued, without the person's name or e-mail hash.
    db.session.execute(update(Certificate).where(Certificate.learner_id == user.id)
                       .values(holder_name="—", recipient_hash=""))
    user.name, user.email = "—", f"erased-{user.id}@invalid"
    user.password_hash = user.totp_secret = user.locale = None
    user.active = False
    user.session_epoch += 1
    db.session.flush()
    db.session.expire_all()


def apply_retention(now: datetime, years: int) -> int:
    """Delete reflections and logbook texts of people who completed or left more than `years` ago.

    Someone counts as gone when none of their enrolments is active or paused and the latest one ended
    before the cut-off. Running it again finds nothing more to do. Returns how many people were cleared.
    """
    from sqlalchemy import func

    cutoff = now - timedelta(days=365 * years)
    ongoing = select(Enrolment.learner_id).where(Enrolment.status.in_(("active", "paused")))
    gone = list(db.session.scalars(
        select(Enrolment.learner_id).where(Enrolment.learner_id.not_in(ongoing))
        .group_by(Enrolment.learner_id).having(func.max(Enrolment.ended_at) < cutoff)))
    cleared = 0
    for learner_id in gone:
        found = False
        for model, owner in ((Submission, "learner_id"), (ShareComment, "author_id"), (PracticeEntry, "learner_id"),
                             (SupervisionEntry, "learner_id")):
            result = db.session.execute(delete(model).where(getattr(model, owner) == learner_id))
            found = found or result.rowcount > 0
        cleared += found
    db.session.flush()
    return cleared
