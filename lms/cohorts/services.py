"""Cohorts: who teaches whom, who learns beside whom."""
import functools
from datetime import date

from flask import g, has_request_context
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload, lazyload

from ..auth.models import User, UserRole
from ..extensions import db
from ..timeutil import utcnow
from .models import CURRENT_STATUSES, Cohort, CohortInstructor, Enrolment


def _per_request(key: str, compute):
    """Membership is asked many times per page; look it up once per request."""
    if not has_request_context():
        return compute()
    cache = g.setdefault("_cohort_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def taught_cohort_ids(user_id: int) -> frozenset[int]:
    return _per_request(f"taught:{user_id}", lambda: frozenset(db.session.scalars(
        select(CohortInstructor.cohort_id).where(CohortInstructor.user_id == user_id))))


def learner_cohort_ids(learner_id: int) -> frozenset[int]:
    return _per_request(f"learns:{learner_id}", lambda: frozenset(db.session.scalars(
        select(Enrolment.cohort_id).where(Enrolment.learner_id == learner_id,
                                          Enrolment.status.in_(CURRENT_STATUSES)))))


def teaches(instructor_id: int, learner_id: int) -> bool:
    return bool(taught_cohort_ids(instructor_id) & learner_cohort_ids(learner_id))


def share_a_cohort(user_id: int, other_id: int) -> bool:
    return bool(learner_cohort_ids(user_id) & learner_cohort_ids(other_id))


def taught_cohorts(user_id: int) -> list[tuple[int, str]]:
    """(id, name) of the cohorts the user teaches, newest first (as list_cohorts orders them)."""
    return list(db.session.execute(
        select(Cohort.id, Cohort.name).join(CohortInstructor, CohortInstructor.cohort_id == Cohort.id)
        .where(CohortInstructor.user_id == user_id).order_by(Cohort.starts_on.desc(), Cohort.name)).all())


def list_cohorts() -> list[Cohort]:
    return list(db.session.scalars(select(Cohort).order_by(Cohort.starts_on.desc(), Cohort.name)))


def people_with_role(role: str) -> list[User]:
    return list(db.session.scalars(
        select(User).join(UserRole).where(UserRole.role == role, User.active.is_(True)).order_by(User.name)))


def save_cohort(cohort: Cohort | None, *, name: str, starts_on: date, ends_on: date,
                instructor_ids: list[int]) -> Cohort:
    if cohort is None:
        cohort = Cohort()
        db.session.add(cohort)
    cohort.name, cohort.starts_on, cohort.ends_on = name.strip(), starts_on, ends_on
    cohort.instructors = list(db.session.scalars(select(User).where(User.id.in_(instructor_ids))))
    db.session.flush()
    return cohort


def enrolments(cohort_id: int) -> list[Enrolment]:
    return list(db.session.scalars(select(Enrolment).where(Enrolment.cohort_id == cohort_id)
                                   .join(Enrolment.learner).order_by(User.name)))


def current_enrolment(learner_id: int) -> Enrolment | None:
    return db.session.scalar(_current_enrolment(), {"learner_id": learner_id})


@functools.cache
def _current_enrolment():
    """On every dashboard: built once; the cohort comes along, its instructors (and the learner, who is the one
    asking) only if someone asks for them."""
    return (select(Enrolment)
            .options(lazyload(Enrolment.learner), joinedload(Enrolment.cohort).lazyload(Cohort.instructors))
            .where(Enrolment.learner_id == bindparam("learner_id"), Enrolment.status.in_(("active", "paused")))
            .order_by(Enrolment.enrolled_at.desc()).limit(1))


def enrol(cohort: Cohort, learner_ids: list[int]) -> list[Enrolment]:
    """Enrol learners; a learner enrolled elsewhere is moved (the old enrolment ends, nothing is lost)."""
    added = []
    for learner_id in learner_ids:
        existing = current_enrolment(learner_id)
        if existing is not None and existing.cohort_id == cohort.id:
            continue
        if existing is not None:
            if existing.status == "paused":  # resuming in a later cohort ends the pause there
                from .schedule import end_open_pause

                end_open_pause(existing)
            existing.status, existing.ended_at = "moved", utcnow()
        enrolment = Enrolment(cohort_id=cohort.id, learner_id=learner_id, status="active", enrolled_at=utcnow())
        db.session.add(enrolment)
        added.append(enrolment)
    db.session.flush()
    return added


def withdraw(enrolment: Enrolment, reason: str) -> None:
    enrolment.status, enrolment.ended_at, enrolment.withdrawal_reason = "withdrawn", utcnow(), reason.strip()
    db.session.flush()


def cohort_name_taken(name: str, exclude_id: int | None = None) -> bool:
    query = select(Cohort.id).where(func.lower(Cohort.name) == name.strip().lower())
    if exclude_id:
        query = query.where(Cohort.id != exclude_id)
    return db.session.scalar(query.limit(1)) is not None


def learners_to_enrol(cohort_id: int) -> list[User]:
    """Learners who are not already in this cohort (moving from another cohort is allowed)."""
    here = select(Enrolment.learner_id).where(Enrolment.cohort_id == cohort_id,
                                              Enrolment.status.in_(("active", "paused")))
    already = set(db.session.scalars(here))
    return [u for u in people_with_role("learner") if u.id not in already]


def learner_counts() -> dict[int, int]:
    rows = db.session.execute(select(Enrolment.cohort_id, func.count()).where(
        Enrolment.status.in_(("active", "paused", "completed"))).group_by(Enrolment.cohort_id))
    return dict(rows.all())
