"""Instructor grading: the queue, feedback drafts and release, and every refused step."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.grading.services import QueueFilters, grading_queue, release_feedback, save_feedback
from lms.notifications.models import Notification
from lms.reflections import services
from lms.reflections.models import Submission
from lms.reflections.services import ReflectionError
from lms.timeutil import utcnow

from .factories import make_cohort, make_user

MODULE = "intro-peer-support"


@pytest.fixture
def setup():
    learner = make_user("learner", track="paid", name="Lærke Deltager")
    peer_teacher, professional = make_user("instructor"), make_user("instructor")
    cohort = make_cohort(instructors=[peer_teacher, professional], learners=[learner])
    services.submit(learner, MODULE, "Min første refleksion", 0)
    db.session.commit()
    submission = db.session.scalar(select(Submission))
    return {"learner": learner, "peer": peer_teacher, "professional": professional, "cohort": cohort,
            "submission": submission}


def _grade(client, submission, **data):
    return client.post(f"/grading/{submission.id}", data=data)


def test_full_cycle_revision_then_approval(client, login, setup, outbox):
    learner, submission = setup["learner"], setup["submission"]
    login(setup["peer"])
    assert "Lærke Deltager" in client.get("/grading").get_data(as_text=True)
    criteria = {f"criterion_{i}": "partly" for i in range(3)}
    response = _grade(client, submission, decision="revision_requested", text="Uddyb med et **eksempel**.",
                      action="release", **criteria)
    assert response.status_code == 302
    db.session.expire_all()
    assert submission.status == "revision_requested"
    assert any(learner.email in mail for mail in outbox())
    client.post("/logout")

    login(learner)
    page = client.get(f"/modules/{MODULE}/reflection").get_data(as_text=True)
    assert "Uddyb med et <strong>eksempel</strong>." in page
    assert "Delvist" in page or "Partly" in page  # the criterion marks are shown to the learner
    assert client.post(f"/modules/{MODULE}/reflection", data={
        "text": "Min uddybede refleksion", "revision": submission.draft_revision, "action": "submit"}
    ).status_code == 302
    client.post("/logout")

    login(setup["professional"])
    assert _grade(client, submission, decision="approved", text="Fint.", action="release").status_code == 302
    db.session.expire_all()
    assert submission.status == "approved"
    assert [v.text for v in submission.versions] == ["Min første refleksion", "Min uddybede refleksion"]
    assert submission.versions[0].feedback.decision == "revision_requested"


def test_co_teachers_one_drafts_the_other_releases(client, login, setup):
    submission, learner = setup["submission"], setup["learner"]
    login(setup["peer"])
    assert _grade(client, submission, decision="approved", text="Udkast", action="draft").status_code == 302
    client.post("/logout")
    login(learner)
    page = client.get(f"/modules/{MODULE}/reflection").get_data(as_text=True)
    assert "Udkast" not in page  # a draft is not shown to the learner
    client.post("/logout")
    login(setup["professional"])
    assert "Udkast" in client.get(f"/grading/{submission.id}").get_data(as_text=True)
    assert client.post(f"/grading/{submission.id}/release").status_code == 302
    db.session.expire_all()
    feedback = submission.versions[0].feedback
    assert submission.status == "approved" and feedback.author_id == setup["peer"].id
    assert feedback.released_by_id == setup["professional"].id


def test_released_feedback_is_final(app, setup):
    submission = setup["submission"]
    save_feedback(setup["peer"], submission, decision="approved", text="", marks={}, criteria_count=0, release=True)
    with pytest.raises(ReflectionError):
        save_feedback(setup["professional"], submission, decision="revision_requested", text="x", marks={},
                      criteria_count=0, release=True)
    with pytest.raises(ReflectionError):
        release_feedback(setup["professional"], submission)


def test_revision_needs_feedback_text_and_a_decision(client, login, setup):
    login(setup["peer"])
    response = _grade(client, setup["submission"], decision="revision_requested", text="", action="release")
    assert response.status_code == 422
    response = _grade(client, setup["submission"], text="Godt", action="release")
    assert response.status_code == 422
    response = _grade(client, setup["submission"], decision="approved", criterion_0="brilliant", action="release")
    assert response.status_code == 422
    db.session.expire_all()
    assert setup["submission"].status == "submitted"


def test_cannot_grade_own_work(client, login):
    instructor_learner = make_user("learner", "instructor", track="paid")
    make_cohort(instructors=[instructor_learner], learners=[instructor_learner])
    services.submit(instructor_learner, MODULE, "Egen tekst", 0)
    db.session.commit()
    submission = db.session.scalar(select(Submission))
    with pytest.raises(ReflectionError):
        save_feedback(instructor_learner, submission, decision="approved", text="", marks={}, criteria_count=0,
                      release=True)
    db.session.rollback()
    login(instructor_learner)
    assert client.get(f"/grading/{submission.id}").status_code == 403
    assert _grade(client, submission, decision="approved", action="release").status_code == 403
    assert "Egen tekst" not in client.get("/grading").get_data(as_text=True)


def test_cannot_grade_outside_own_cohort(client, login, setup):
    outsider = make_user("instructor")
    make_cohort(instructors=[outsider], learners=[make_user("learner")])
    login(outsider)
    assert client.get(f"/grading/{setup['submission'].id}").status_code == 403
    assert _grade(client, setup["submission"], decision="approved", action="release").status_code == 403
    assert client.post(f"/grading/{setup['submission'].id}/release").status_code == 403
    assert "Lærke Deltager" not in client.get("/grading").get_data(as_text=True)


def test_cannot_grade_a_draft(app, setup):
    learner = setup["learner"]
    services.save_draft(learner, "experiential-competence", "kun kladde", 0)
    draft = services.get_submission(learner.id, "experiential-competence")
    with pytest.raises(ReflectionError):
        save_feedback(setup["peer"], draft, decision="approved", text="", marks={}, criteria_count=0, release=True)


def test_queue_oldest_first_with_filters_and_counts(app, setup):
    learner, peer = setup["learner"], setup["peer"]
    other = make_user("learner", track="paid", name="Anden Deltager")
    make_cohort(instructors=[peer], learners=[other])
    services.submit(other, MODULE, "Senere", 0, now=utcnow() + timedelta(minutes=5))
    services.submit(learner, "experiential-competence", "Endnu senere", 0, now=utcnow() + timedelta(minutes=9))
    db.session.commit()
    rows, counts = grading_queue(peer.id, QueueFilters())
    assert [(r.learner_id, r.module_id) for r in rows] == [
        (learner.id, MODULE), (other.id, MODULE), (learner.id, "experiential-competence")]
    assert counts == {"submitted": 3}
    rows, _ = grading_queue(peer.id, QueueFilters(learner_id=other.id))
    assert [r.learner_id for r in rows] == [other.id]
    rows, _ = grading_queue(peer.id, QueueFilters(module_id="experiential-competence"))
    assert len(rows) == 1
    rows, _ = grading_queue(peer.id, QueueFilters(cohort_id=setup["cohort"].id))
    assert {r.learner_id for r in rows} == {learner.id}
    rows, _ = grading_queue(peer.id, QueueFilters(status="approved"))
    assert rows == []
    rows, _ = grading_queue(peer.id, QueueFilters(status="submitted"))
    assert len(rows) == 3
    rows, counts = grading_queue(peer.id, QueueFilters(cohort_id=setup["cohort"].id, module_id=MODULE, status=None))
    assert [(r.learner_id, r.module_id) for r in rows] == [(learner.id, MODULE)] and counts == {"submitted": 1}
    rows, _ = grading_queue(other.id, QueueFilters())  # a learner teaches nobody
    assert rows == []


def test_queue_page_filters_and_query_count(client, login, setup, count_queries):
    login(setup["peer"])
    assert client.get(f"/grading?module={MODULE}&status=").status_code == 200
    with count_queries() as few:
        client.get("/grading")
    for _ in range(6):
        learner = make_user("learner", track="paid")
        make_cohort(instructors=[setup["peer"]], learners=[learner])
        services.submit(learner, MODULE, "Tekst", 0)
        services.submit(learner, "own-story", "Tekst", 0)
    db.session.commit()
    with count_queries() as many:
        page = client.get("/grading").get_data(as_text=True)
    assert page.count("/grading/") >= 13
    assert few() == many()


def test_notifications_for_submit_and_release(client, login, setup):
    assert db.session.scalar(select(Notification.kind).where(Notification.user_id == setup["peer"].id)) == \
        "reflection_submitted"
    login(setup["peer"])
    page = client.get("/notifications").get_data(as_text=True)
    assert "Lærke Deltager" in page and 'class="badge"' in page
    notification_id = db.session.scalar(select(Notification.id).where(Notification.user_id == setup["peer"].id))
    response = client.post(f"/notifications/{notification_id}")
    assert response.headers["Location"].endswith(f"/grading/{setup['submission'].id}")
    assert 'class="badge"' not in client.get("/notifications").get_data(as_text=True)
    _grade(client, setup["submission"], decision="approved", action="release")
    kinds = db.session.scalars(select(Notification.kind).where(Notification.user_id == setup["learner"].id))
    assert list(kinds) == ["feedback_released"]


def test_cannot_open_someone_elses_notification(client, login, setup):
    notification_id = db.session.scalar(select(Notification.id))
    login(setup["learner"])
    assert client.post(f"/notifications/{notification_id}").status_code == 404
