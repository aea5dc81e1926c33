"""Coordinators invite people and manage organisations; bad input is explained and kept."""
import pytest
from sqlalchemy import func, select

from lms.auth.models import Organisation, User
from lms.extensions import db

from .factories import make_organisation, make_user


@pytest.fixture
def coordinator(login):
    user = make_user("coordinator")
    login(user)
    return user


def _invite(client, **overrides):
    data = {"name": "Per Person", "email": "per@example.org", "roles": ["learner"], "organisation_id": 0,
            "track": "paid", "locale": "da"}
    data.update(overrides)
    return client.post("/admin/people", data=data)


def test_invite_learner_needs_track_and_organisation_and_keeps_input(client, coordinator):
    response = _invite(client, track="")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "En deltager skal have et forløb" in page
    assert "Deltagere og arbejdspladskontakter hører til en organisation" in page
    assert 'value="Per Person"' in page and 'value="per@example.org"' in page
    assert 'aria-describedby="track-hint track-error"' in page
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_invite_refuses_existing_email(client, coordinator):
    organisation = make_organisation()
    existing = make_user("learner")
    response = _invite(client, email=existing.email.upper(), organisation_id=organisation.id)
    assert response.status_code == 422
    assert "har allerede en konto" in response.get_data(as_text=True)


def test_invite_instructor_without_track(client, coordinator, outbox):
    response = _invite(client, roles=["instructor", "coordinator"], track="", email="ida@example.org")
    assert response.status_code == 302
    ida = db.session.scalar(select(User).where(User.email == "ida@example.org"))
    assert ida.roles == {"instructor", "coordinator"} and ida.password_hash is None
    assert len(outbox()) == 1
    page = client.get("/admin/people").get_data(as_text=True)
    assert "Inviteret" in page and "Send en ny invitation" in page


def test_track_only_for_learners(client, coordinator):
    response = _invite(client, roles=["instructor"], track="paid")
    assert response.status_code == 422


def test_resend_invitation(client, coordinator, outbox):
    invited = make_user("instructor", password=None)
    assert client.post(f"/admin/people/{invited.id}/invitation").status_code == 302
    assert client.post(f"/admin/people/{invited.id}/invitation").status_code == 302
    assert len(outbox()) == 2
    active = make_user("instructor")
    assert client.post(f"/admin/people/{active.id}/invitation").status_code == 400
    assert client.post("/admin/people/99999/invitation").status_code == 404


def test_invitation_mail_is_in_the_invitees_language(client, coordinator, outbox):
    _invite(client, roles=["instructor"], track="", email="en@example.org", locale="en")
    assert "You have been invited" in outbox()[-1]


def test_create_organisation_and_refuse_duplicate(client, coordinator):
    assert client.post("/admin/organisations", data={"name": "Helsingør Kommune", "kind": "municipality"}
                       ).status_code == 302
    response = client.post("/admin/organisations", data={"name": "helsingør kommune", "kind": "municipality"})
    assert response.status_code == 422 and "findes allerede" in response.get_data(as_text=True)
    response = client.post("/admin/organisations", data={"name": "", "kind": "municipality"})
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 1


@pytest.mark.parametrize("role", ["learner", "instructor", "workplace_contact"])
def test_only_coordinators_manage(client, login, role):
    login(make_user(role))
    assert _invite(client, email="x@example.org").status_code == 403
    assert client.post("/admin/organisations", data={"name": "X", "kind": "other"}).status_code == 403


def test_people_list_query_count_is_fixed(client, coordinator, count_queries):
    client.get("/admin/people")
    with count_queries() as few:
        client.get("/admin/people")
    for _ in range(15):
        make_user("learner")
    with count_queries() as many:
        client.get("/admin/people")
    assert few() == many()
