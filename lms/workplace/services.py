"""Organisations' contacts: who follows which organisation."""
from sqlalchemy import delete, select

from ..auth.models import Organisation, User, UserRole
from ..extensions import db
from .models import OrganisationContact


class ContactError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def contact_organisation_ids(user_id: int) -> list[int]:
    return list(db.session.scalars(select(OrganisationContact.organisation_id)
                                   .where(OrganisationContact.user_id == user_id)))


def followed_organisations(organisation_ids) -> list[Organisation]:
    query = select(Organisation).order_by(Organisation.name)
    if organisation_ids is not None:
        query = query.where(Organisation.id.in_(list(organisation_ids)))
    return list(db.session.scalars(query))


def contacts_of(organisation_id: int) -> list[User]:
    return list(db.session.scalars(
        select(User).join(OrganisationContact, OrganisationContact.user_id == User.id)
        .where(OrganisationContact.organisation_id == organisation_id).order_by(User.name, User.id)))


def possible_contacts(organisation_id: int) -> list[User]:
    """Active workplace contacts who do not follow the organisation yet."""
    following = select(OrganisationContact.user_id).where(OrganisationContact.organisation_id == organisation_id)
    return list(db.session.scalars(
        select(User).join(UserRole).where(UserRole.role == "workplace_contact", User.active.is_(True),
                                          User.id.not_in(following)).order_by(User.name, User.id)))


def link_contact(organisation: Organisation, person: User) -> OrganisationContact:
    from flask_babel import lazy_gettext as _l

    if not person.has_role("workplace_contact") or not person.active:
        raise ContactError(_l("Only an active workplace contact can follow an organisation."))
    link = db.session.get(OrganisationContact, (person.id, organisation.id))
    if link is None:
        link = OrganisationContact(user_id=person.id, organisation_id=organisation.id)
        db.session.add(link)
        db.session.flush()
    return link


def unlink_contact(organisation: Organisation, person: User) -> bool:
    result = db.session.execute(delete(OrganisationContact).where(
        OrganisationContact.organisation_id == organisation.id, OrganisationContact.user_id == person.id))
    db.session.flush()
    return bool(result.rowcount)
