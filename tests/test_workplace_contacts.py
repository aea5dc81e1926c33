"""Coordinators manage which organisations a workplace contact follows; an invited contact follows their own."""
from sqlalchemy import select

from lms.extensions import db
from lms.workplace.models import OrganisationContact

from .factories import make_organisation, make_user


def _followed(user) -> set[int]:
    return set(db.session.scalars(select(OrganisationContact.organisation_id)
                                  .where(OrganisationContact.user_id == user.id)))


def test_coordinator_links_and_unlinks_a_contact(client, login):
    social, employment = make_organisation("Kommunen, Socialforvaltningen"), make_organisation("Kommunen, Jobcenter")
    contact = make_user("workplace_contact", organisation=social, name="Kirsten Kontakt")
    learner = make_user("learner", organisation=employment, name="Jonas Jobcenter")
    login(make_user("coordinator"))
    page = client.get(f"/admin/organisations/{employment.id}").get_data(as_text=True)
    assert "Kirsten Kontakt" in page  # offered as a contact to add
    response = client.post(f"/admin/organisations/{employment.id}/contacts", data={"contact": contact.id})
    assert response.status_code == 302
    assert _followed(contact) == {social.id, employment.id}
    client.post("/logout")
    login(contact)
    assert "Jonas Jobcenter" in client.get("/workplace/").get_data(as_text=True)
    client.post("/logout")
    login(make_user("coordinator"))
    client.post(f"/admin/organisations/{employment.id}/contacts/{contact.id}/remove")
    assert _followed(contact) == {social.id}
    client.post("/logout")
    login(contact)
    assert client.get(f"/workplace/people/{learner.id}").status_code == 403


def test_only_workplace_contacts_can_be_added_and_the_error_is_shown(client, login):
    organisation = make_organisation()
    learner = make_user("learner", organisation=organisation)
    login(make_user("coordinator"))
    response = client.post(f"/admin/organisations/{organisation.id}/contacts", data={"contact": learner.id})
    assert response.status_code == 422
    response = client.post(f"/admin/organisations/{organisation.id}/contacts", data={"contact": "0"})
    assert response.status_code == 422
    assert "Vælg den arbejdspladskontakt, der skal tilføjes." in response.get_data(as_text=True)
    assert client.get("/admin/organisations/999999").status_code == 404


def test_invited_contact_follows_their_organisation(client, login):
    organisation = make_organisation()
    login(make_user("coordinator"))
    response = client.post("/admin/people", data={"name": "Nina Ny", "email": "nina@example.org",
                                                  "roles": ["workplace_contact"], "organisation_id": organisation.id,
                                                  "track": "", "locale": "da"})
    assert response.status_code == 302
    from lms.auth.models import User

    nina = db.session.scalar(select(User).where(User.email == "nina@example.org"))
    assert _followed(nina) == {organisation.id}


def test_a_contact_following_nothing_has_no_overview(client, login):
    contact = make_user("workplace_contact", organisation=make_organisation())
    db.session.execute(OrganisationContact.__table__.delete())
    db.session.commit()
    login(contact)
    assert client.get("/workplace/").status_code == 403
