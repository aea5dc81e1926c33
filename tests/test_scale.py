"""The scale generator (lms/scale): the `small` scale in the test database, its counts, that the same seed gives
the same data, that the rows keep the rules the services keep, and that the app's pages work on it."""
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from lms import models as m
from lms.certification import services as certification
from lms.certification.services import CODE_ALPHABET, CODE_LENGTH, recipient_hash
from lms.extensions import db
from lms.scale import BENCH, BENCH_PASSWORD, BENCH_TOTP_SECRET, SCALES, WRITTEN, generate
from lms.scale.writer import empty_database, is_empty

TODAY = date(2026, 11, 23)


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _user(email: str) -> m.User:
    return db.session.scalar(select(m.User).where(m.User.email == email))


@pytest.fixture
def small(app):
    return generate("small", seed=7, today=TODAY)


def test_small_scale_counts(small):
    scale = SCALES["small"]
    learners = select(m.UserRole.user_id).where(m.UserRole.role == "learner")
    assert _count(m.User, m.User.id.in_(learners)) == scale.learners
    assert _count(m.Cohort) == scale.cohorts == 1
    assert _count(m.Organisation) == scale.organisations
    assert _count(m.Certificate) == scale.certificates
    assert _count(m.User, m.User.id.in_(learners), m.User.organisation_id == small.world.big_organisation_id) \
        == scale.big_organisation
    assert _count(m.Enrolment, m.Enrolment.status.in_(("active", "paused"))) >= scale.learners - 2
    assert _count(m.CohortInstructor) == 2
    assert _count(m.SubmissionVersion) > 2 * scale.learners and _count(m.PracticeEntry) > 5 * scale.learners
    assert small.counts["user_account"] == _count(m.User)


def test_bench_logins_and_roles(small):
    roles = {"learner": "learner", "instructor": "instructor", "contact": "workplace_contact",
             "coordinator": "coordinator"}
    for key, role in roles.items():
        assert _user(BENCH[key]).has_role(role)
    assert _user(BENCH["coordinator"]).totp_secret == BENCH_TOTP_SECRET
    assert all(u.totp_secret for u in db.session.scalars(
        select(m.User).join(m.UserRole).where(m.UserRole.role == "coordinator")))
    contact = _user(BENCH["contact"])
    assert db.session.scalars(select(m.OrganisationContact.organisation_id).where(
        m.OrganisationContact.user_id == contact.id)).all() == [small.world.big_organisation_id]
    for organisation_id in db.session.scalars(select(m.Organisation.id)):  # one or two contacts each
        assert 1 <= _count(m.OrganisationContact, m.OrganisationContact.organisation_id == organisation_id) <= 2
    instructor, learner = _user(BENCH["instructor"]), _user(BENCH["learner"])
    waiting = select(m.Submission.id).where(m.Submission.status.in_(("submitted", "resubmitted")))
    assert db.session.scalar(select(func.count()).select_from(waiting.subquery())) > 0
    from lms.cohorts.services import teaches
    assert teaches(instructor.id, learner.id)


def _dump() -> dict[str, list]:
    dump = {}
    for model in WRITTEN:
        table = model.__table__
        columns = [c for c in table.c if c.name != "password_hash"]  # the one hash is salted at random
        dump[table.name] = sorted(map(tuple, db.session.execute(select(*columns)).all()), key=repr)
    return dump


def test_same_seed_same_data_other_seed_other_data(app):
    generate("small", seed=11, today=TODAY)
    first = _dump()
    empty_database()
    generate("small", seed=11, today=TODAY)
    assert _dump() == first
    empty_database()
    generate("small", seed=12, today=TODAY)
    assert _dump()["user_account"] != first["user_account"]


def test_reflections_keep_the_workflow(small):
    for submission in db.session.scalars(select(m.Submission)):
        numbers = [v.number for v in submission.versions]
        assert numbers == list(range(1, len(numbers) + 1))
        latest = submission.latest_version
        feedback = latest.feedback if latest else None
        if submission.status == "draft":
            assert latest is None and submission.last_submitted_at is None
            continue
        assert latest is not None and submission.last_submitted_at == latest.submitted_at
        assert submission.draft_revision >= len(numbers)
        for version in submission.versions[:-1]:  # every earlier version was sent back with released feedback
            assert version.feedback.released and version.feedback.decision == "revision_requested"
        if submission.status in ("approved", "revision_requested"):
            assert feedback.released and feedback.decision == submission.status
            assert feedback.released_at >= latest.submitted_at
        else:
            assert submission.status == ("submitted" if len(numbers) == 1 else "resubmitted")
            assert feedback is None or not feedback.released
        if submission.shared_version_number is not None:
            assert 1 <= submission.shared_version_number <= len(numbers)


def test_logbook_entries_keep_the_workflow(small):
    for model in (m.PracticeEntry, m.SupervisionEntry):
        for entry in db.session.scalars(select(model)):
            if entry.status == "pending":
                assert entry.decided_by_id is None and entry.decided_at is None
            else:
                assert entry.decided_by_id is not None and entry.decided_at >= entry.created_at
                assert entry.decided_by_id != entry.learner_id
            if entry.status == "returned":
                assert entry.return_comment
            if entry.status == "superseded":
                correction = db.session.scalar(select(model).where(model.corrects_id == entry.id))
                assert correction.status == "confirmed"
            if model is m.SupervisionEntry:
                assert (entry.supervisor_id is None) != (entry.supervisor_name is None)
                if entry.supervisor_id is not None and entry.status == "confirmed":
                    assert entry.decided_by_id == entry.supervisor_id


def test_cohorts_enrolments_and_attendance(small):
    now = small.world.now
    per_learner = Counter(db.session.scalars(select(m.Enrolment.learner_id).where(
        m.Enrolment.status.in_(("active", "paused")))))
    assert set(per_learner.values()) == {1}
    for enrolment in db.session.scalars(select(m.Enrolment)):
        open_pauses = _count(m.EnrolmentPause, m.EnrolmentPause.enrolment_id == enrolment.id,
                             m.EnrolmentPause.ended_at.is_(None))
        assert open_pauses == (1 if enrolment.status == "paused" else 0)
        assert (enrolment.ended_at is None) == (enrolment.status in ("active", "paused"))
    sessions = {s.id: s for s in db.session.scalars(select(m.ClassSession))}
    for attendance in db.session.scalars(select(m.Attendance)):
        assert sessions[attendance.session_id].starts_at <= now and attendance.recorded_by_id is not None


def test_certificates_are_unique_and_agree_with_the_services(small, app):
    certificates = db.session.scalars(select(m.Certificate)).all()
    assert len({c.code for c in certificates}) == len({c.badge_id for c in certificates}) == len(certificates)
    for certificate in certificates:
        holder = db.session.get(m.User, certificate.learner_id)
        assert len(certificate.code) == CODE_LENGTH and set(certificate.code) <= set(CODE_ALPHABET)
        assert certificate.recipient_hash == recipient_hash(holder.email, certificate.recipient_salt)
        assert certificate.snapshot["holder"] == certificate.holder_name == holder.name
        found = certification.find_by_code(certificate.display_code)
        assert (found.holder_name, found.expires_at, found.track_name) == (
            certificate.holder_name, certificate.expires_at, certificate.snapshot["track"]["name"])
        with app.test_request_context():
            status = certification.status_of(holder, small.world.now)
        assert status.checklist.met and status.state in ("holder", "renewal_due", "expired")


def _login(app, login, email, password=BENCH_PASSWORD):
    client = app.test_client()
    login(_user(email), password=password, browser=client)
    return client


def test_pages_work_on_generated_data(small, app, login):
    learner = _login(app, login, BENCH["learner"])
    for path in ("/dashboard", "/modules/intro-peer-support", "/logbook", "/schedule"):
        assert learner.get(path).status_code == 200, path
    instructor = _login(app, login, BENCH["instructor"])
    queue = instructor.get("/grading")
    assert queue.status_code == 200 and "/grading/" in queue.get_data(as_text=True)
    assert instructor.get("/logbook/confirmations").status_code == 200
    coordinator = _login(app, login, BENCH["coordinator"])
    assert coordinator.get("/certification").status_code == 200
    code = db.session.scalar(select(m.Certificate.code).limit(1))
    assert app.test_client().get(f"/verify/{code}").status_code == 200
    if "workplace.overview_page" in app.view_functions:
        contact = _login(app, login, BENCH["contact"])
        organisation = small.world.big_organisation_id
        assert contact.get(f"/workplace/?organisation={organisation}").status_code == 200
        assert contact.get(f"/workplace/export.csv?organisation={organisation}").status_code == 200
        assert coordinator.get("/workplace/").status_code == 200


def test_command_refuses_a_database_with_data(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "--scale", "small", "--seed", "3"])
    assert first.exit_code == 0, first.output
    assert BENCH["coordinator"] in first.output and BENCH_TOTP_SECRET in first.output
    again = runner.invoke(args=["demo", "--scale", "small"])
    assert again.exit_code != 0 and "not empty" in again.output
    forced = runner.invoke(args=["demo", "--scale", "small", "--force"])
    assert forced.exit_code == 0, forced.output
    assert _count(m.Cohort) == 1 and not is_empty()


def test_the_app_adds_rows_after_the_generated_ones(small):
    """Ids were given by the generator: the database's own counters (PostgreSQL sequences) must be past them."""
    from lms.notifications.services import notify
    from lms.reflections.services import save_draft

    learner = _user(BENCH["learner"])
    started = set(db.session.scalars(select(m.Submission.module_id).where(m.Submission.learner_id == learner.id)))
    module_id = next(i for i in ("human-rights", "bridge-regional", "intro-peer-support") if i not in started)
    assert save_draft(learner, module_id, "Ny tekst", 0).id > small.counts["submission"]
    assert notify(learner.id, "certificate_issued").id > small.counts["notification"]
    db.session.commit()
