"""The logbook's checks on what a learner enters, shared by the forms, the services and the demo data.

problems() gives every problem by field name, so a form can show each one next to its field.
"""
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..auth.models import User, UserRole
from ..extensions import db
from ..timeutil import utcnow
from .models import EDITABLE, PRACTICE_KINDS, SUPERVISION_FORMS, PracticeEntry, SupervisionEntry

EARLIEST_DATE = date(2000, 1, 1)
MAX_HOURS_PER_DAY = Decimal(24)
MAX_SUPERVISION_MINUTES = 600
MAX_SHORT_TEXT = 200
MAX_TOPICS = 300
MAX_SUMMARY = 2_000
MAX_NOTE = 5_000
MAX_COMMENT = 2_000

Entry = PracticeEntry | SupervisionEntry


class LogbookError(Exception):
    """A refused step, with a message for the person who tried it and, for bad values, the problem per field."""

    def __init__(self, message, field: str | None = None, problems: dict | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.problems = problems or ({field: message} if field else {})


def local_today() -> date:
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Europe/Copenhagen")
    return utcnow().astimezone(zone).date()


def date_problem(value: date | None):
    if value is None:
        return _l("Enter the date.")
    if value < EARLIEST_DATE:
        return _l("The date cannot be before 2000.")
    if value > local_today() + timedelta(days=1):
        return _l("The date cannot be in the future. Log what has happened.")
    return None


def hours_problem(value: Decimal | None):
    if value is None or not value.is_finite():
        return _l("Enter the number of hours, for example 2.5.")
    if value <= 0:
        return _l("The hours must be more than 0.")
    if value > MAX_HOURS_PER_DAY:
        return _l("A day has at most 24 hours.")
    if value != value.quantize(Decimal("0.01")):
        return _l("Use at most two decimals, for example 2.25.")
    return None


def minutes_problem(value: int | None):
    if value is None:
        return _l("Enter the duration in whole minutes, for example 90.")
    if value <= 0:
        return _l("The duration must be more than 0 minutes.")
    if value > MAX_SUPERVISION_MINUTES:
        return _l("A supervision session can be at most 600 minutes (10 hours).")
    return None


def clean(values: dict) -> dict:
    values = dict(values)
    if values.get("hours") is not None and not isinstance(values["hours"], Decimal):
        values["hours"] = Decimal(str(values["hours"]))
    for key in ("setting", "topics", "summary", "private_note", "supervisor_name"):
        if key in values:
            values[key] = (values[key] or "").replace("\r\n", "\n").strip()
    values["private_note"] = values.get("private_note") or ""
    if "supervisor_id" in values or "supervisor_name" in values:
        values["supervisor_id"] = values.get("supervisor_id") or None
        values["supervisor_name"] = values.get("supervisor_name") or None
    return values


def _too_long(value: str | None, limit: int):
    return _l("At most %(max)s characters.", max=limit) if len(value or "") > limit else None


def problems(entry_type: str, learner: User, values: dict, *, entry: Entry | None = None,
             corrects_id: int | None = None) -> dict:
    """Every problem with the values, by field name (the forms show each next to its field)."""
    values = clean(values)
    found: dict = {}

    def check(field: str, problem) -> None:
        if problem and field not in found:
            found[field] = problem

    if entry_type == "practice":
        check("worked_on", date_problem(values.get("worked_on")))
        check("hours", hours_problem(values.get("hours")))
        check("setting", None if values.get("setting") else _l("Write where you worked."))
        check("setting", _too_long(values.get("setting"), MAX_SHORT_TEXT))
        check("kind", None if values.get("kind") in PRACTICE_KINDS else _l("Choose the kind of work."))
        if not found.keys() & {"worked_on", "hours"}:
            check("hours", _day_total_problem(learner.id, values["worked_on"], values["hours"], entry, corrects_id))
    else:
        check("held_on", date_problem(values.get("held_on")))
        check("minutes", minutes_problem(values.get("minutes")))
        check("supervision_form", None if values.get("supervision_form") in SUPERVISION_FORMS
              else _l("Choose the form of supervision."))
        check("supervisor_id", _supervisor_problem(learner, values.get("supervisor_id"),
                                                   values.get("supervisor_name")))
        check("supervisor_name", _too_long(values.get("supervisor_name"), MAX_SHORT_TEXT))
        check("topics", None if values.get("topics") else _l("Write the topics in a few words."))
        check("topics", _too_long(values.get("topics"), MAX_TOPICS))
        check("summary", _too_long(values.get("summary"), MAX_SUMMARY))
    check("private_note", _too_long(values.get("private_note"), MAX_NOTE))
    return found


def _supervisor_problem(learner: User, supervisor_id: int | None, name: str | None):
    if supervisor_id and name:
        return _l("Choose a supervisor from the list or write the name of an external supervisor, not both.")
    if not supervisor_id and not name:
        return _l("Choose your supervisor from the list, or write the name of an external supervisor.")
    if supervisor_id and supervisor_id not in {u.id for u in supervisor_choices(learner.id)}:
        return _l("Choose a supervisor from the list.")
    return None


def supervisor_choices(learner_id: int) -> list[User]:
    """Any active user with the instructor role, except the learner themself."""
    return list(db.session.scalars(
        select(User).join(UserRole).where(UserRole.role == "instructor", User.active.is_(True),
                                          User.id != learner_id).order_by(User.name)))


def _day_total_problem(learner_id: int, worked_on: date, hours: Decimal, entry: Entry | None,
                       corrects_id: int | None):
    """All the learner's practice on one day together cannot be more than 24 hours."""
    same_day = list(db.session.scalars(select(PracticeEntry).where(
        PracticeEntry.learner_id == learner_id, PracticeEntry.worked_on == worked_on,
        PracticeEntry.status != "superseded")))
    # An entry being corrected is replaced by its correction, so only one of the two is counted.
    replaced = {e.corrects_id for e in same_day if e.corrects_id and e.status in EDITABLE}
    skip = {entry.id if entry else None, entry.corrects_id if entry else None, corrects_id} | replaced
    total = hours + sum((e.hours for e in same_day if e.id not in skip), Decimal(0))
    if total > MAX_HOURS_PER_DAY:
        return _l("Together with your other entries on this day that makes %(total)s hours; a day has at most 24.",
                  total=format_decimal(total.normalize()))
    return None
