"""The participation facts of many people at once, aggregated in SQL: a fixed number of queries per batch and
one small row per person, so a page of fifty and an export of ten thousand cost the same per person.

The numbers are the certification's (lms.certification.status): the checklist is made by the same
requirement_status(), from the same kinds of records, so "met" means the same here as on the learner's own page.
"""
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import and_, bindparam, case, exists, func, or_, select
from sqlalchemy.orm import aliased

from ..auth.models import Organisation, User
from ..certification.models import Certificate, DeclarationAcceptance, certificate_status
from ..certification.status import Checklist, Facts, get_requirements, requirement_status
from ..cohorts.models import Cohort, Enrolment
from ..cohorts.schedule import AttendanceRate
from ..cohorts.schedule_models import Attendance, ClassSession, EnrolmentPause
from ..logbook.models import PracticeEntry, SupervisionEntry
from ..reflections.models import Submission
from ..sql import ids_param, now_param, prepared, read

HUNDREDTH = Decimal("0.01")
NO_FACTS = Facts(approved_required=0)  # nothing approved, attended, logged or declared


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    organisation: str
    track: str | None
    cohort: str | None
    status: str  # the current enrolment's status, or not_enrolled


@dataclass(frozen=True)
class HeldCertificate:
    """The latest certificate: only what the workplace may know (the public verification page shows as much)."""

    expires_at: datetime
    revoked_at: datetime | None

    def status(self, now: datetime) -> str:
        return certificate_status(self.expires_at, self.revoked_at, now)


# The checklist items with a number done and a number required, in the overview's and the exports' column order.
PROGRESS_ITEMS = ("attendance", "modules", "practice_hours", "supervision_sessions")


@dataclass(frozen=True)
class Row:
    person: Person
    checklist: Checklist | None
    certificate: HeldCertificate | None
    now: datetime

    @property
    def status(self) -> str:
        return self.person.status

    def item(self, key: str):
        return self.checklist.item(key) if self.checklist else None

    @property
    def certificate_state(self) -> str:
        return self.certificate.status(self.now) if self.certificate else "none"


def current_enrolment():
    """The join condition for the person's current enrolment: the newest one that was not left for another cohort.
    Written as "no newer one exists" rather than "the id is the largest": PostgreSQL cannot join on a correlated
    maximum without hashing every enrolment first, and both databases answer this one from the learner index."""
    newer = aliased(Enrolment)
    return and_(Enrolment.learner_id == User.id, Enrolment.status != "moved",
                ~exists().where(newer.learner_id == Enrolment.learner_id, newer.status != "moved",
                                newer.id > Enrolment.id))


def current_enrolment_status():
    """The status of the person's current enrolment (as current_enrolment()), as a value per person: counting an
    organisation's people with it, PostgreSQL reads each one's enrolments by index instead of hashing everyone's
    (18 ms to 7 ms for 1,000 of 10,000 people); SQLite takes the same time either way."""
    return (select(Enrolment.status).where(Enrolment.learner_id == User.id, Enrolment.status != "moved")
            .order_by(Enrolment.id.desc()).limit(1).correlate(User).scalar_subquery())


def paused_at_session():
    """True when the attendance row's session fell in a pause of one of the learner's enrolments (as
    cohorts.schedule.paused_during)."""
    enrolment = aliased(Enrolment)
    return exists().where(EnrolmentPause.enrolment_id == enrolment.id, enrolment.learner_id == Attendance.learner_id,
                          EnrolmentPause.started_at <= ClassSession.starts_at,
                          or_(EnrolmentPause.ended_at.is_(None), EnrolmentPause.ended_at > ClassSession.starts_at))


def past_attendance(now):
    """The attendance rows of past sessions that were not excused (pauses not yet taken off); `now` is a moment
    or a bound parameter."""
    return (select().select_from(Attendance).join(ClassSession, ClassSession.id == Attendance.session_id)
            .where(ClassSession.starts_at <= now, Attendance.status != "excused"))


def counted_attendance(now: datetime):
    """The attendance rows that count: past sessions, not excused, not during a pause."""
    return past_attendance(now).where(~paused_at_session())


def required_module_condition():
    return or_(*(and_(User.track == track_id, Submission.module_id.in_(track.module_ids))
                 for track_id, track in get_requirements().tracks.items() if track.module_ids))


def _people_statement(learners):
    return (select(User.id, User.name, Organisation.name, User.track, Enrolment.status, Cohort.name)
            .outerjoin(Organisation, Organisation.id == User.organisation_id)
            .outerjoin(Enrolment, current_enrolment())
            .outerjoin(Cohort, Cohort.id == Enrolment.cohort_id)
            .where(User.id.in_(learners)))


def _attendance_statements(learners):
    """What counted_attendance() counts, per person. Pauses are rare: the past_attendance() counts come from one
    grouped query and the rows that fell in a pause are taken off with a second, small one (testing every row
    against the pauses took longer than the rest of a national export)."""
    def grouped(*conditions):
        return (past_attendance(now_param()).add_columns(
            Attendance.learner_id, func.sum(case((Attendance.status == "present", 1), else_=0)), func.count())
            .where(Attendance.learner_id.in_(learners), *conditions).group_by(Attendance.learner_id))

    # Of these people, those who ever paused: found from their own enrolments (by index), not from every pause.
    ever_paused = (select(Enrolment.learner_id).join(EnrolmentPause, EnrolmentPause.enrolment_id == Enrolment.id)
                   .where(Enrolment.learner_id.in_(learners)))
    return grouped(), grouped(Attendance.learner_id.in_(ever_paused), paused_at_session())


def _fact_statements(learners) -> dict:
    """The queries behind the facts, for `learners`: a list of ids given at execution (a page, a chunk) or a query
    of ids (a whole export's scope, read in one pass)."""
    attendance, paused = _attendance_statements(learners)
    return {
        "people": _people_statement(learners),
        # The approved modules of each person's track, counted in SQL: one number per person. (As a CASE in the
        # sum, not a WHERE: SQLite then reads the rows in index order instead of testing the condition by module.)
        "approved": select(Submission.learner_id, func.sum(case((required_module_condition(), 1), else_=0)))
        .join(User, User.id == Submission.learner_id)
        # The people's ids on both sides: PostgreSQL then reads only their user rows instead of hashing them all.
        .where(Submission.learner_id.in_(learners), User.id.in_(learners), Submission.status == "approved")
        .group_by(Submission.learner_id),
        "attendance": attendance,
        "paused": paused,
        "hours": select(PracticeEntry.learner_id, func.sum(PracticeEntry.hours))
        .where(PracticeEntry.learner_id.in_(learners), PracticeEntry.status == "confirmed")
        .group_by(PracticeEntry.learner_id),
        "sessions": select(SupervisionEntry.learner_id, func.count())
        .where(SupervisionEntry.learner_id.in_(learners), SupervisionEntry.status == "confirmed")
        .group_by(SupervisionEntry.learner_id),
        "declared": select(DeclarationAcceptance.user_id, DeclarationAcceptance.accepted_at)
        .where(DeclarationAcceptance.user_id.in_(learners), DeclarationAcceptance.version == bindparam("version")),
        "certificates": select(Certificate.learner_id, Certificate.expires_at, Certificate.revoked_at)
        .where(Certificate.learner_id.in_(learners)).order_by(Certificate.issued_at, Certificate.id),
    }


def _attendance(statements: dict, params: dict) -> dict[int, AttendanceRate]:
    counts = {learner_id: [int(present or 0), counted]
              for learner_id, present, counted in read(statements["attendance"], params)}
    for learner_id, present, counted in read(statements["paused"], params):
        counts[learner_id][0] -= int(present or 0)
        counts[learner_id][1] -= counted
    return {learner_id: AttendanceRate(present, counted) for learner_id, (present, counted) in counts.items()}


def _facts(statements: dict, params: dict) -> dict[int, Facts]:
    approved = dict(read(statements["approved"], params).all())
    attendance = _attendance(statements, params)
    hours = dict(read(statements["hours"], params).all())
    sessions = dict(read(statements["sessions"], params).all())
    declared = dict(read(statements["declared"], params).all())
    # Only people with some fact get an entry; the others have NO_FACTS.
    ids = set(approved) | set(attendance) | set(hours) | set(sessions) | set(declared)
    return {i: Facts({}, attendance.get(i, AttendanceRate(0, 0)), Decimal(str(hours.get(i) or 0)).quantize(HUNDREDTH),
                     sessions.get(i, 0), declared.get(i), approved_required=approved.get(i, 0))
            for i in ids}


def _certificates(statements: dict, params: dict) -> dict[int, HeldCertificate]:
    latest: dict[int, HeldCertificate] = {}
    for learner_id, expires_at, revoked_at in read(statements["certificates"], params):
        latest[learner_id] = HeldCertificate(expires_at, revoked_at)
    return latest


@dataclass(frozen=True)
class ScopeFacts:
    """Who the people are, their facts and latest certificates, for a list of ids or a whole scope, read once;
    the rows are then made a chunk at a time."""

    people: dict[int, Person]
    facts: dict[int, Facts]
    certificates: dict[int, HeldCertificate]

    @classmethod
    def read(cls, learners, now: datetime) -> "ScopeFacts":
        """`learners`: a list of ids (statements built once per app) or a query of ids (built for this read)."""
        params = {"now": now, "version": get_requirements().declaration_version}
        if isinstance(learners, list | tuple | set | frozenset):
            statements = prepared("workplace.facts", lambda: _fact_statements(ids_param()))
            params["ids"] = list(learners)
        else:
            statements = _fact_statements(learners)
        people = {i: Person(i, name, organisation or "", track, cohort, status or "not_enrolled")
                  for i, name, organisation, track, status, cohort in read(statements["people"], params)}
        return cls(people, _facts(statements, params), _certificates(statements, params))


def participation_rows(ids: list[int], now: datetime, scope: ScopeFacts | None = None) -> list[Row]:
    """The rows of these people, in this order: eight queries, or none when `scope` already holds them."""
    if not ids:
        return []
    requirements = get_requirements()
    scope = scope or ScopeFacts.read(ids, now)
    rows = []
    for i in ids:
        person = scope.people.get(i)
        if person is None:
            continue
        track = requirements.tracks.get(person.track)
        checklist = requirement_status(track, scope.facts.get(i, NO_FACTS)) if track else None
        rows.append(Row(person, checklist, scope.certificates.get(i), now))
    return rows
