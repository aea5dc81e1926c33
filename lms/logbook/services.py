"""The logbook's rules of work: adding, editing and correcting entries, confirming and returning them, totals.

Who may do what is decided in lms/access.py; these functions also refuse what would break the workflow
(changing a confirmed entry, deciding on an entry that is not waiting), whoever calls them. The checks on the
values themselves are in checks.py.
"""
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import lazyload
from sqlalchemy.orm.attributes import set_committed_value

from ..audit import record
from ..auth.models import User, UserRole
from ..cohorts.models import CURRENT_STATUSES, CohortInstructor, Enrolment
from ..extensions import db
from ..notifications.services import notify
from ..timeutil import utcnow
from .checks import MAX_COMMENT, Entry, LogbookError, clean, problems
from .models import EDITABLE, PracticeEntry, SupervisionEntry

PRACTICE_FIELDS = ("worked_on", "hours", "setting", "kind", "private_note")
SUPERVISION_FIELDS = ("held_on", "minutes", "supervision_form", "supervisor_id", "supervisor_name", "topics", "summary",
                      "private_note")
MODELS = {"practice": PracticeEntry, "supervision": SupervisionEntry}


def _checked(entry_type: str, learner: User, values: dict, **context) -> dict:
    values = clean(values)
    found = problems(entry_type, learner, values, **context)
    if found:
        field, message = next(iter(found.items()))
        raise LogbookError(message, field, found)
    return values


# --- The learner's steps ------------------------------------------------------------------------------------

def add_entry(learner: User, entry_type: str, values: dict, corrects: Entry | None = None) -> Entry:
    """A new entry waiting for confirmation; with `corrects`, a correction of a confirmed entry."""
    if corrects is not None:
        if corrects.learner_id != learner.id or corrects.entry_type != entry_type:
            raise LogbookError(_l("Only your own entries can be corrected."))
        if corrects.status != "confirmed":
            raise LogbookError(_l("Only a confirmed entry needs a correction; change this one directly."))
        if open_correction(corrects) is not None:
            raise LogbookError(_l("A correction of this entry is already waiting. Change that one instead."))
    values = _checked(entry_type, learner, values, corrects_id=corrects.id if corrects else None)
    fields = PRACTICE_FIELDS if entry_type == "practice" else SUPERVISION_FIELDS
    now = utcnow()
    entry = MODELS[entry_type](learner_id=learner.id, status="pending", created_at=now, updated_at=now,
                               submitted_at=now, corrects_id=corrects.id if corrects else None,
                               **{k: values[k] for k in fields})
    db.session.add(entry)
    db.session.flush()
    _notify_confirmers(entry, learner)
    return entry


def update_entry(learner: User, entry: Entry, values: dict) -> Entry:
    """Change an entry that is waiting or returned; a returned entry goes back to its confirmer."""
    if entry.learner_id != learner.id:
        raise LogbookError(_l("Only your own entries can be changed."))
    if not entry.editable:
        raise LogbookError(_l("This entry has been confirmed and can no longer be changed. Request a correction "
                              "instead."))
    values = _checked(entry.entry_type, learner, values, entry=entry)
    before = confirmer_ids(entry)
    was_returned = entry.status == "returned"
    for key in PRACTICE_FIELDS if entry.entry_type == "practice" else SUPERVISION_FIELDS:
        setattr(entry, key, values[key])
    now = utcnow()
    entry.status, entry.updated_at = "pending", now
    if was_returned:
        entry.submitted_at = now
    db.session.flush()
    if was_returned or confirmer_ids(entry) != before:
        _notify_confirmers(entry, learner)
    return entry


def delete_entry(learner: User, entry: Entry) -> None:
    if entry.learner_id != learner.id:
        raise LogbookError(_l("Only your own entries can be deleted."))
    if not entry.editable:
        raise LogbookError(_l("This entry has been confirmed and can no longer be deleted. Request a correction "
                              "instead."))
    db.session.delete(entry)
    db.session.flush()


def open_correction(entry: Entry) -> Entry | None:
    model = type(entry)
    return db.session.scalar(select(model).where(model.corrects_id == entry.id, model.status.in_(EDITABLE))
                             .limit(1))


def values_of(entry: Entry) -> dict:
    fields = PRACTICE_FIELDS if entry.entry_type == "practice" else SUPERVISION_FIELDS
    return {key: getattr(entry, key) for key in fields}


# --- The confirmer's steps ----------------------------------------------------------------------------------

def _decide(confirmer: User, entry: Entry) -> None:
    if entry.learner_id == confirmer.id:
        raise LogbookError(_l("You cannot confirm or return your own entry."))
    if entry.status != "pending":
        raise LogbookError(_l("This entry is not waiting for confirmation any more."))
    entry.decided_by_id, entry.decided_at = confirmer.id, utcnow()


def _audit(confirmer: User, entry: Entry, action: str) -> None:
    record(confirmer, action, "logbook_entry", entry.id, entry.learner_id, "confirmation")


def confirm(confirmer: User, entry: Entry) -> None:
    """Confirm an entry; a confirmed correction replaces the entry it corrects, which stops counting."""
    _decide(confirmer, entry)
    entry.status = "confirmed"
    if entry.corrects_id is not None:
        entry.original.status = "superseded"
    db.session.flush()
    _audit(confirmer, entry, "confirm")


def return_entry(confirmer: User, entry: Entry, comment: str) -> None:
    comment = (comment or "").replace("\r\n", "\n").strip()
    if not comment:
        raise LogbookError(_l("Write a comment: the learner needs to know what to change."), "comment")
    if len(comment) > MAX_COMMENT:
        raise LogbookError(_l("At most %(max)s characters.", max=MAX_COMMENT), "comment")
    _decide(confirmer, entry)
    entry.status, entry.return_comment = "returned", comment
    db.session.flush()
    _audit(confirmer, entry, "return")
    notify(entry.learner_id, "logbook_returned", actor_name=confirmer.name)


def _taught_learner_ids(instructor_id: int):
    return (select(Enrolment.learner_id)
            .join(CohortInstructor, CohortInstructor.cohort_id == Enrolment.cohort_id)
            .where(CohortInstructor.user_id == instructor_id, Enrolment.status.in_(CURRENT_STATUSES)))


def instructor_ids_for(learner_id: int) -> list[int]:
    return list(db.session.scalars(
        select(CohortInstructor.user_id).distinct()
        .join(Enrolment, Enrolment.cohort_id == CohortInstructor.cohort_id)
        .where(Enrolment.learner_id == learner_id, Enrolment.status.in_(CURRENT_STATUSES))
        .order_by(CohortInstructor.user_id)))


def confirmer_ids(entry: Entry) -> list[int]:
    """Who is asked to confirm: the named supervisor, otherwise the instructors of the learner's cohort."""
    ids = [entry.supervisor_id] if entry.supervisor_id is not None else instructor_ids_for(entry.learner_id)
    return [i for i in ids if i != entry.learner_id]


def _notify_confirmers(entry: Entry, learner: User) -> None:
    for user_id in confirmer_ids(entry):
        notify(user_id, "logbook_submitted", actor_name=learner.name)


def confirmation_queue(user_id: int) -> tuple[list[PracticeEntry], list[SupervisionEntry]]:
    """Entries waiting for this person, oldest first; the same rule as logbook_entry.confirm, in SQL."""
    taught = _taught_learner_ids(user_id)
    practice = list(db.session.scalars(
        select(PracticeEntry).options(lazyload("*"))
        .where(PracticeEntry.status == "pending", PracticeEntry.learner_id != user_id,
               PracticeEntry.learner_id.in_(taught))
        .order_by(PracticeEntry.submitted_at, PracticeEntry.id)))
    supervision = list(db.session.scalars(
        select(SupervisionEntry).options(lazyload("*"))
        .where(SupervisionEntry.status == "pending", SupervisionEntry.learner_id != user_id,
               or_(SupervisionEntry.supervisor_id == user_id,
                   SupervisionEntry.supervisor_id.is_(None) & SupervisionEntry.learner_id.in_(taught)))
        .order_by(SupervisionEntry.submitted_at, SupervisionEntry.id)))
    for model, entries in ((PracticeEntry, practice), (SupervisionEntry, supervision)):
        originals = {e.id: e for e in _load(model, {e.corrects_id for e in entries})}
        for entry in entries:
            set_committed_value(entry, "original", originals.get(entry.corrects_id))
        _attach_people([*entries, *originals.values()])
    return practice, supervision


def _load(model, ids: set) -> list:
    """Entries by id in one query (always one, so a page costs the same whatever its data)."""
    ids.discard(None)
    return list(db.session.scalars(select(model).options(lazyload("*")).where(model.id.in_(sorted(ids)))))


def _attach_people(entries: list) -> None:
    """Everyone the entries name, in one query, set on entry.learner, .decided_by and .supervisor. Their roles
    are not needed on these pages and are not loaded."""
    ids = {e.learner_id for e in entries} | {e.decided_by_id for e in entries} | {e.supervisor_id for e in entries}
    ids.discard(None)
    people = {u.id: u for u in db.session.scalars(
        select(User).options(lazyload(User.role_rows)).where(User.id.in_(sorted(ids))))}
    for entry in entries:
        set_committed_value(entry, "learner", people.get(entry.learner_id))
        set_committed_value(entry, "decided_by", people.get(entry.decided_by_id))
        if entry.entry_type == "supervision":
            set_committed_value(entry, "supervisor", people.get(entry.supervisor_id))


# --- Reading and totals ---------------------------------------------------------------------------------------

def entries_for(learner_id: int) -> tuple[list[PracticeEntry], list[SupervisionEntry]]:
    """The learner's own entries, newest first (superseded ones too: they are part of the record)."""
    practice = list(db.session.scalars(
        select(PracticeEntry).options(lazyload("*")).where(PracticeEntry.learner_id == learner_id)
        .order_by(PracticeEntry.worked_on.desc(), PracticeEntry.id.desc())))
    supervision = list(db.session.scalars(
        select(SupervisionEntry).options(lazyload("*")).where(SupervisionEntry.learner_id == learner_id)
        .order_by(SupervisionEntry.held_on.desc(), SupervisionEntry.id.desc())))
    _attach_people([*practice, *supervision])
    return practice, supervision


def confirmed_practice_hours(learner_id: int) -> Decimal:
    """Hours of practice that count: confirmed and not superseded by a correction."""
    total = db.session.scalar(select(func.coalesce(func.sum(PracticeEntry.hours), 0)).where(
        PracticeEntry.learner_id == learner_id, PracticeEntry.status == "confirmed"))
    return Decimal(total or 0).quantize(Decimal("0.01"))


def confirmed_supervision_sessions(learner_id: int) -> int:
    """Supervision sessions that count: confirmed and not superseded by a correction."""
    return db.session.scalar(select(func.count()).select_from(SupervisionEntry).where(
        SupervisionEntry.learner_id == learner_id, SupervisionEntry.status == "confirmed")) or 0


def totals_for(learner_ids: list[int]) -> dict[int, dict]:
    """Counts and confirmed totals per learner in two queries, for the overview (no content, only numbers)."""
    totals = {i: {"hours": Decimal("0.00"), "sessions": 0, "pending": 0, "returned": 0} for i in learner_ids}
    if not learner_ids:
        return totals
    for model in (PracticeEntry, SupervisionEntry):
        amount = func.sum(PracticeEntry.hours) if model is PracticeEntry else func.count(model.id)
        rows = db.session.execute(select(model.learner_id, model.status, func.count(), amount)
                                  .where(model.learner_id.in_(learner_ids)).group_by(model.learner_id, model.status))
        for learner_id, status, count, value in rows:
            row = totals[learner_id]
            if status in ("pending", "returned"):
                row[status] += count
            elif status == "confirmed" and model is PracticeEntry:
                row["hours"] = Decimal(value or 0).quantize(Decimal("0.01"))
            elif status == "confirmed":
                row["sessions"] = count
    return totals


def overview_learners(user_id: int, everyone: bool) -> list[User]:
    """Active learners: all of them for a coordinator (everyone=True), otherwise those the user teaches."""
    query = select(User).join(UserRole).where(UserRole.role == "learner", User.active.is_(True))
    if not everyone:
        query = query.where(User.id.in_(_taught_learner_ids(user_id)), User.id != user_id)
    return list(db.session.scalars(query.order_by(User.name)).unique())

