"""Coordinator work: organisations and the people in the programme."""
from sqlalchemy import func, select

from ..auth.models import Organisation, User
from ..extensions import db


def list_organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def organisation_name_taken(name: str) -> bool:
    return db.session.scalar(select(func.count()).where(
        func.lower(Organisation.name) == name.strip().lower()).select_from(Organisation)) > 0


def create_organisation(name: str, kind: str) -> Organisation:
    organisation = Organisation(name=name.strip(), kind=kind)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def list_people() -> list[User]:
    # Roles load in one extra query (selectin) and the organisation by join: a fixed query count.
    return list(db.session.scalars(select(User).order_by(User.name)).unique())


def people_per_organisation() -> dict[int, int]:
    rows = db.session.execute(select(User.organisation_id, func.count()).group_by(User.organisation_id))
    return {org_id: count for org_id, count in rows if org_id is not None}
