"""The participation overview: which of an organisation's people take part and how far they have come.

Facts only (enrolment status, attendance, approved modules, confirmed hours and sessions, certificates):
never a reflection, a feedback comment, a supervision summary or a note. Filtering, sorting and paging
happen in SQL, so a page costs the same number of queries for ten people or ten thousand; the facts shown
come from workplace.facts, which checks them with the certification's own requirement_status().
"""
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, bindparam, case, exists, func, literal, select
from sqlalchemy.orm import aliased

from ..auth.models import Organisation, User, UserRole
from ..certification.models import Certificate
from ..certification.status import get_requirements
from ..cohorts.models import Cohort, Enrolment
from ..cohorts.schedule_models import Attendance
from ..extensions import db
from ..logbook.models import PracticeEntry, SupervisionEntry
from ..reflections.models import Submission
from ..sql import ids_param, now_param, read
from ..timeutil import utcnow
from .facts import (
    Row,
    ScopeFacts,
    counted_attendance,
    current_enrolment,
    current_enrolment_status,
    participation_rows,
    required_module_condition,
)

PER_PAGE = 50
STATUSES = ("active", "paused", "completed", "withdrawn", "not_enrolled")
CERTIFICATE_STATES = ("valid", "expired", "revoked", "none")
SORTS = ("name", "organisation", "track", "cohort", "status", "attendance", "modules", "practice_hours",
         "supervision_sessions", "certificate")


@dataclass(frozen=True)
class Filters:
    """What the viewer asked for. `organisation_ids` is the viewer's scope (None: every organisation)."""

    organisation_ids: frozenset[int] | None
    organisation_id: int | None = None
    cohort_id: int | None = None
    track: str | None = None
    status: str | None = None
    certificate: str | None = None
    sort: str = "name"
    descending: bool = False


@dataclass
class Page:
    rows: list[Row]
    total: int
    number: int
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.total, self.number * self.per_page)


@dataclass
class Totals:
    """Head counts by enrolment status and valid certificates, for one organisation or track."""

    people: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    certified: int = 0

    def add(self, status: str, certified: bool, count: int) -> None:
        self.people += count
        self.by_status[status] += count
        self.certified += count if certified else 0

    @property
    def taking_part(self) -> int:
        return self.people - self.by_status["not_enrolled"]


# --- The SQL pieces ---------------------------------------------------------------------------------------

def _latest_certificate_id():
    held = aliased(Certificate)
    return (select(held.id).where(held.learner_id == User.id)
            .order_by(held.issued_at.desc(), held.id.desc()).limit(1).correlate(User).scalar_subquery())


def _status_expr():
    return func.coalesce(Enrolment.status, literal("not_enrolled"))


def _learners(*columns):
    return (select(*columns).select_from(User)
            .join(UserRole, and_(UserRole.user_id == User.id, UserRole.role == "learner"))
            .where(User.active.is_(True), User.organisation_id.is_not(None)))


def _in_scope(query, filters: Filters):
    if filters.organisation_ids is not None:
        query = query.where(User.organisation_id.in_(sorted(filters.organisation_ids)))
    if filters.organisation_id is not None:
        query = query.where(User.organisation_id == filters.organisation_id)
    return query


def _people(filters: Filters, now: datetime, *columns):
    """The people in scope after the filters: learners of the organisations, with their current enrolment
    and latest certificate joined (either may be missing) when a filter or the sort needs them. Selects
    `columns` (the person's id by default)."""
    query = _in_scope(_learners(*(columns or (User.id,))), filters)
    if filters.cohort_id is not None or filters.status or filters.sort in ("cohort", "status"):
        query = query.outerjoin(Enrolment, current_enrolment())
    if filters.certificate or filters.sort == "certificate":
        query = query.outerjoin(Certificate, Certificate.id == _latest_certificate_id())
    if filters.cohort_id is not None:
        query = query.where(Enrolment.cohort_id == filters.cohort_id)
    if filters.track:
        query = query.where(User.track == filters.track)
    if filters.status:
        query = query.where(_status_expr() == filters.status)
    if filters.certificate == "none":
        query = query.where(Certificate.id.is_(None))
    elif filters.certificate == "revoked":
        query = query.where(Certificate.revoked_at.is_not(None))
    elif filters.certificate in ("valid", "expired"):
        current = Certificate.expires_at > now if filters.certificate == "valid" else Certificate.expires_at <= now
        query = query.where(Certificate.revoked_at.is_(None), current)
    return query


def _sort_key(sort: str, now: datetime):
    """The SQL expression to sort by (None: by name). Only the one asked for is built: each costs Python time."""
    tracks = list(get_requirements().tracks)
    keys = {
        "name": lambda: None,
        "organisation": lambda: select(Organisation.name).where(Organisation.id == User.organisation_id)
        .correlate(User).scalar_subquery(),
        "track": lambda: case({t: i for i, t in enumerate(tracks)}, value=User.track, else_=len(tracks)),
        "cohort": lambda: select(Cohort.starts_on).where(Cohort.id == Enrolment.cohort_id).scalar_subquery(),
        "status": lambda: case({s: i for i, s in enumerate(STATUSES)}, value=_status_expr(), else_=len(STATUSES)),
        "attendance": lambda: _attendance_rate(now),
        "modules": lambda: select(func.count(Submission.id)).where(
            Submission.learner_id == User.id, Submission.status == "approved", required_module_condition())
        .correlate(User).scalar_subquery(),
        "practice_hours": lambda: select(func.coalesce(func.sum(PracticeEntry.hours), 0)).where(
            PracticeEntry.learner_id == User.id, PracticeEntry.status == "confirmed").correlate(User)
        .scalar_subquery(),
        "supervision_sessions": lambda: select(func.count(SupervisionEntry.id)).where(
            SupervisionEntry.learner_id == User.id, SupervisionEntry.status == "confirmed").correlate(User)
        .scalar_subquery(),
        "certificate": lambda: Certificate.expires_at,
    }
    return keys[sort]()


def _ordered(query, filters: Filters, now: datetime):
    key = _sort_key(filters.sort, now)
    order = []
    if key is not None:
        order.append((key.desc() if filters.descending else key.asc()).nulls_last())
    name_order = [User.name.desc(), User.id.desc()] if filters.descending and key is None else [User.name, User.id]
    return query.order_by(*order, *name_order)


def _attendance_rate(now: datetime):
    """Present over counted, as the facts count them; None when nothing counts yet."""
    def count(*conditions):
        return (counted_attendance(now).add_columns(func.count())
                .where(Attendance.learner_id == User.id, *conditions).correlate(User).scalar_subquery())

    return count(Attendance.status == "present") * 1.0 / func.nullif(count(), 0)


# --- What the pages and exports ask for ---------------------------------------------------------------------

def participation_page(filters: Filters, number: int = 1, now: datetime | None = None) -> Page:
    now = now or utcnow()
    people = _people(filters, now)
    total = db.session.scalar(select(func.count()).select_from(people.subquery()))
    number = min(max(1, number), max(1, -(-total // PER_PAGE)))
    ids = list(db.session.scalars(_ordered(people, filters, now).limit(PER_PAGE).offset((number - 1) * PER_PAGE)))
    return Page(participation_rows(ids, now), total, number)


def export_rows(filters: Filters, now: datetime | None = None, chunk: int = 1000) -> Iterator[Row]:
    """Every row for an export, in the screen's order. The facts (a few numbers per person) are read for the whole
    scope in one pass per table, which is much faster than asking by lists of ids; the rows, the bulky part, are
    made a chunk at a time, so memory stays flat."""
    now = now or utcnow()
    people = _people(filters, now)
    ids = list(db.session.scalars(_ordered(people, filters, now)))
    scope = ScopeFacts.read(ids if len(ids) <= chunk else people, now)
    for start in range(0, len(ids), chunk):
        yield from participation_rows(ids[start:start + chunk], now, scope)


@functools.cache
def _totals_statement(scoped: bool, one_organisation: bool):
    """Built once per kind of scope (it reads no app settings): every contact's overview asks."""
    held = aliased(Certificate)
    certified = exists().where(held.learner_id == User.id, held.revoked_at.is_(None), held.expires_at > now_param())
    status = func.coalesce(current_enrolment_status(), literal("not_enrolled"))
    person = _learners(User.organisation_id.label("organisation_id"), User.track.label("track"),
                       status.label("status"), certified.label("certified"))
    if scoped:
        person = person.where(User.organisation_id.in_(ids_param("scope")))
    if one_organisation:
        person = person.where(User.organisation_id == bindparam("organisation_id"))
    person = person.subquery()
    # Grouped outside: the grouping never repeats an expression with parameters.
    return (select(person.c.organisation_id, person.c.track, person.c.status, person.c.certified, func.count())
            .group_by(person.c.organisation_id, person.c.track, person.c.status, person.c.certified))


def totals(filters: Filters, now: datetime | None = None) -> tuple[dict[int, Totals], dict[str, Totals], Totals]:
    """Head counts per organisation, per track and overall, for the viewer's scope (other filters ignored)."""
    scoped, one = filters.organisation_ids is not None, filters.organisation_id is not None
    query = _totals_statement(scoped, one)
    params = {"now": now or utcnow(), "scope": sorted(filters.organisation_ids or ()),
              "organisation_id": filters.organisation_id}
    per_organisation: dict[int, Totals] = {}
    per_track: dict[str, Totals] = {track: Totals() for track in get_requirements().tracks}
    overall = Totals()
    for organisation_id, track, status, is_certified, count in read(query, params):
        status = status if status in STATUSES else "not_enrolled"
        for bucket in (per_organisation.setdefault(organisation_id, Totals()),
                       per_track.setdefault(track, Totals()), overall):
            bucket.add(status, bool(is_certified), count)
    return per_organisation, per_track, overall


def cohorts_in_scope(organisation_ids) -> list[tuple[int, str]]:
    """(id, name) of the cohorts the viewer's people are (or were) enrolled in, newest first, for the filter."""
    enrolled = select(Enrolment.cohort_id)
    if organisation_ids is not None:
        enrolled = enrolled.join(User, User.id == Enrolment.learner_id).where(
            User.organisation_id.in_(sorted(organisation_ids)))
    return [tuple(row) for row in read(
        select(Cohort.id, Cohort.name).where(Cohort.id.in_(enrolled)).order_by(Cohort.starts_on.desc(), Cohort.name))]
