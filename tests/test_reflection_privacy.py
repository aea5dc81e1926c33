"""Who may read a reflection: its author and the instructors of the author's cohort; fellow cohort
members only what the author shares; nobody else, whichever URL they try."""
import pytest

from lms.extensions import db
from lms.reflections import services

from .factories import make_cohort, make_organisation, make_user

SECRET = "MARKØR-privat-refleksion-7731"
MODULE = "intro-peer-support"


@pytest.fixture
def world():
    organisation = make_organisation()
    author = make_user("learner", track="paid", organisation=organisation)
    fellow = make_user("learner", track="paid", organisation=organisation)
    stranger = make_user("learner", track="paid", organisation=organisation)
    teacher, other_teacher = make_user("instructor"), make_user("instructor")
    cohort = make_cohort(instructors=[teacher], learners=[author, fellow])
    make_cohort(instructors=[other_teacher], learners=[stranger])
    coordinator_teacher = make_user("coordinator", "instructor")
    cohort.instructors.append(coordinator_teacher)
    services.submit(author, MODULE, SECRET, 0)
    db.session.commit()
    submission = services.get_submission(author.id, MODULE)
    return {
        "author": author, "fellow": fellow, "stranger": stranger, "teacher": teacher,
        "other_teacher": other_teacher, "workplace": make_user("workplace_contact", organisation=organisation),
        "coordinator": make_user("coordinator"), "coordinator_teacher": coordinator_teacher,
        "submission": submission, "cohort": cohort,
    }


# who, shared?, expected status for the reflection page, may grade
TABLE = [
    ("author", False, 200, False),
    ("teacher", False, 200, True),
    ("coordinator_teacher", False, 200, True),
    ("fellow", False, 403, False),
    ("fellow", True, 200, False),
    ("stranger", False, 403, False),
    ("stranger", True, 403, False),
    ("other_teacher", False, 403, False),
    ("other_teacher", True, 403, False),
    ("workplace", True, 403, False),
    ("coordinator", False, 403, False),
    ("coordinator", True, 403, False),
]


@pytest.mark.parametrize("who, shared, expected, may_grade", TABLE)
def test_reflection_access_by_direct_url(client, login, world, who, shared, expected, may_grade):
    submission = world["submission"]
    if shared:
        services.set_shared(submission, True)
        db.session.commit()
    login(world[who])
    response = client.get(f"/reflections/{submission.id}")
    assert response.status_code == expected
    assert (SECRET in response.get_data(as_text=True)) == (expected == 200)
    grading = client.get(f"/grading/{submission.id}")
    assert grading.status_code == (200 if may_grade else 403)
    queue = client.get("/grading").get_data(as_text=True) if may_grade or who.endswith("teacher") else ""
    assert (SECRET in queue) is False  # the queue lists, it never shows text


def test_fellow_sees_only_the_shared_version_and_can_comment(client, login, world):
    submission, author = world["submission"], world["author"]
    services.set_shared(submission, True)
    db.session.commit()
    login(world["fellow"])
    page = client.get(f"/reflections/{submission.id}").get_data(as_text=True)
    assert SECRET in page and "Version 1" not in page  # no history, no feedback
    assert client.post(f"/reflections/{submission.id}/comments", data={"text": "Tak for at dele!"}
                       ).status_code == 302
    client.post("/logout")
    login(author)
    assert "Tak for at dele!" in client.get(f"/reflections/{submission.id}").get_data(as_text=True)
    assert client.post(f"/modules/{MODULE}/reflection/share", data={"shared": "0"}).status_code == 302
    client.post("/logout")
    login(world["fellow"])
    assert client.get(f"/reflections/{submission.id}").status_code == 403
    assert client.post(f"/reflections/{submission.id}/comments", data={"text": "x"}).status_code == 403


def test_comments_are_refused_when_not_shared_or_empty(client, login, world):
    login(world["teacher"])
    submission = world["submission"]
    assert client.post(f"/reflections/{submission.id}/comments", data={"text": "x"}).status_code == 403
    services.set_shared(submission, True)
    db.session.commit()
    client.post(f"/reflections/{submission.id}/comments", data={"text": "   "})
    assert services.comments(submission.id) == []


def test_only_the_author_can_share(client, login, world):
    login(world["fellow"])
    client.post(f"/modules/{MODULE}/reflection/share", data={"shared": "1"})
    db.session.expire_all()
    assert world["submission"].shared_version_number is None


def test_coordinator_sees_status_but_not_text_on_cohort_page(client, login, world):
    login(world["coordinator"])
    page = client.get(f"/cohorts/{world['cohort'].id}").get_data(as_text=True)
    assert world["author"].name in page and "Afleveret" in page
    assert SECRET not in page
    assert f"/reflections/{world['submission'].id}" not in page


def test_instructor_of_cohort_gets_links_on_cohort_page(client, login, world):
    login(world["teacher"])
    page = client.get(f"/cohorts/{world['cohort'].id}").get_data(as_text=True)
    assert f"/reflections/{world['submission'].id}" in page
    login_other = world["other_teacher"]
    client.post("/logout")
    login(login_other)
    assert client.get(f"/cohorts/{world['cohort'].id}").status_code == 403


def test_no_private_text_in_mails(world, outbox):
    assert outbox() and not any(SECRET in mail for mail in outbox())


def test_access_is_audited_and_the_learner_sees_it_without_names(client, login, world):
    from sqlalchemy import select

    from lms.audit.models import AuditEvent

    login(world["teacher"])
    client.get(f"/grading/{world['submission'].id}")
    client.get(f"/reflections/{world['submission'].id}")
    events = list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
    assert [(e.action, e.purpose, e.learner_id) for e in events] == [
        ("view", "grading", world["author"].id), ("view", "teaching", world["author"].id)]
    client.post("/logout")
    login(world["author"])
    client.get(f"/reflections/{world['submission'].id}")  # reading one's own text is not logged
    page = client.get("/account/access-log").get_data(as_text=True)
    assert page.count("<tr>") == 3 and world["teacher"].name not in page
    client.post("/logout")
    login(world["coordinator"])
    assert world["teacher"].name in client.get("/admin/audit").get_data(as_text=True)
    event = db.session.scalar(select(AuditEvent))
    event.purpose = "changed"
    with pytest.raises(ValueError):
        db.session.flush()
    db.session.rollback()
