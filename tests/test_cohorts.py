"""Coordinators run cohorts: create and edit them, choose instructors, enrol, move and withdraw learners."""
import pytest
from flask import g
from sqlalchemy import select

from lms.cohorts.models import Cohort, Enrolment
from lms.cohorts.services import teaches
from lms.extensions import db

from .factories import make_cohort, make_user


@pytest.fixture
def coordinator(login):
    user = make_user("coordinator")
    login(user)
    return user


def test_create_cohort_with_instructor_pair(client, coordinator):
    peer, professional = make_user("instructor"), make_user("instructor")
    response = client.post("/cohorts", data={"name": "Hold 2027-1", "starts_on": "2027-02-01",
                                             "ends_on": "2027-05-01", "instructors": [peer.id, professional.id]})
    assert response.status_code == 302
    cohort = db.session.scalar(select(Cohort))
    assert {u.id for u in cohort.instructors} == {peer.id, professional.id}
    assert "Hold 2027-1" in client.get("/cohorts").get_data(as_text=True)


def test_bad_cohort_input_is_explained_and_kept(client, coordinator):
    make_cohort(name="Hold A")
    response = client.post("/cohorts", data={"name": "hold a", "starts_on": "2027-05-01", "ends_on": "2027-02-01"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="hold a"' in page and 'value="2027-05-01"' in page
    assert page.count('class="error"') >= 2
    response = client.post("/cohorts", data={"name": "Hold B", "starts_on": "not a date", "ends_on": ""})
    assert response.status_code == 422 and 'value="not a date"' in response.get_data(as_text=True)
    assert db.session.scalar(select(Cohort.name).where(Cohort.name == "Hold B")) is None


def test_edit_cohort(client, coordinator):
    cohort = make_cohort(name="Gammelt navn")
    teacher = make_user("instructor")
    response = client.post(f"/cohorts/{cohort.id}", data={"name": "Nyt navn", "starts_on": "2026-09-01",
                                                          "ends_on": "2026-12-01", "instructors": [teacher.id]})
    assert response.status_code == 302
    db.session.expire_all()
    assert cohort.name == "Nyt navn" and [u.id for u in cohort.instructors] == [teacher.id]


def test_enrol_move_and_withdraw(client, coordinator):
    learner = make_user("learner")
    first, second = make_cohort(name="Første"), make_cohort(name="Andet")
    assert client.post(f"/cohorts/{first.id}/enrolments", data={"learners": [learner.id]}).status_code == 302
    assert client.post(f"/cohorts/{second.id}/enrolments", data={"learners": [learner.id]}).status_code == 302
    statuses = dict(db.session.execute(select(Enrolment.cohort_id, Enrolment.status)).all())
    assert statuses == {first.id: "moved", second.id: "active"}
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.cohort_id == second.id))
    response = client.post(f"/enrolments/{enrolment.id}/withdraw", data={"reason": ""})
    assert response.status_code == 422
    assert client.post(f"/enrolments/{enrolment.id}/withdraw", data={"reason": "Flyttet til Jylland"}
                       ).status_code == 302
    db.session.expire_all()
    assert enrolment.status == "withdrawn" and enrolment.withdrawal_reason == "Flyttet til Jylland"


def test_instructor_link_follows_enrolment(app):
    learner, teacher = make_user("learner"), make_user("instructor")
    cohort = make_cohort(instructors=[teacher], learners=[learner])
    assert teaches(teacher.id, learner.id)
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.cohort_id == cohort.id))
    enrolment.status = "withdrawn"
    db.session.commit()
    g.pop("_cohort_cache", None)  # membership is cached per request; the test runs inside one
    assert not teaches(teacher.id, learner.id)


@pytest.mark.parametrize("role, status", [("learner", 403), ("workplace_contact", 403), ("instructor", 200)])
def test_who_sees_the_cohort_list(client, login, role, status):
    login(make_user(role))
    assert client.get("/cohorts").status_code == status
    assert client.post("/cohorts", data={"name": "X", "starts_on": "2027-01-01", "ends_on": "2027-02-01"}
                       ).status_code == 403


def test_instructor_sees_only_own_cohorts(client, login):
    teacher = make_user("instructor")
    mine, other = make_cohort(name="Mit hold", instructors=[teacher]), make_cohort(name="Andres hold")
    login(teacher)
    page = client.get("/cohorts").get_data(as_text=True)
    assert "Mit hold" in page and "Andres hold" not in page
    assert client.get(f"/cohorts/{mine.id}").status_code == 200
    assert client.get(f"/cohorts/{other.id}").status_code == 403
    assert client.post(f"/cohorts/{mine.id}/enrolments", data={"learners": []}).status_code == 403


def test_cohort_page_query_count_is_fixed(client, coordinator, count_queries):
    cohort = make_cohort(learners=[make_user("learner"), make_user("learner")])
    make_user("learner")  # one who could be enrolled
    url = f"/cohorts/{cohort.id}"  # read before counting: only the page's own queries count
    client.get(url)
    with count_queries() as few:
        client.get(url)
    from lms.cohorts.services import enrol

    enrol(cohort, [make_user("learner").id for _ in range(10)])
    for _ in range(5):
        make_user("learner")
    db.session.commit()
    with count_queries() as many:
        client.get(url)
    assert few() == many(), (few, many)


def test_cohort_page_shows_track_mix(client, coordinator):
    cohort = make_cohort(learners=[make_user("learner", track="paid"), make_user("learner", track="volunteer"),
                                   make_user("learner", track="volunteer")])
    page = client.get(f"/cohorts/{cohort.id}").get_data(as_text=True)
    assert "Lønnet peer-støttemedarbejder: 1" in page and "Frivillig peer-støtte: 2" in page
    assert "Kollega til peers: 0" in page
