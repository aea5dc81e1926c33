"""Every route of the app × every kind of person, with the expected outcome.

The routes come from the app's URL map, so a new route without a row here fails the suite.
"allowed" means the request reached the feature (any answer but 401/403/404 or a trip to the login
page); "denied" means exactly that refusal. The world is built once and its SQLite file restored before
each case, so a state change made by one request never leaks into the next. (Access rules do not depend on
the database engine, so this table runs on SQLite only; the feature tests run on both.)
"""
import os
from datetime import date, timedelta

import pytest

from lms.auth import services as accounts
from lms.auth import sessions
from lms.certification import services as certification
from lms.cohorts import schedule
from lms.cohorts.models import Enrolment
from lms.extensions import db
from lms.logbook import services as logbook
from lms.notifications.models import Notification
from lms.reflections import services as reflections

from .conftest import IsolatedClient, _config
from .factories import make_cohort, make_organisation, make_user

pytestmark = pytest.mark.skipif(bool(os.environ.get("LMS_TEST_DATABASE_URL")),
                                reason="the access table runs on its own SQLite file")

ROLES = ("anonymous", "learner", "fellow", "other_learner", "teacher", "other_teacher", "workplace_same",
         "workplace_other", "coordinator")
LEARNERS = {"learner", "fellow", "other_learner"}
INSTRUCTORS = {"teacher", "other_teacher"}
WORKPLACE = {"workplace_same", "workplace_other"}
SIGNED_IN = set(ROLES) - {"anonymous"}
PUBLIC = set(ROLES)
MODULE = "intro-peer-support"

# endpoint: (method, url template filled from the world, roles allowed)
MATRIX = {
    "accessibility.statement": ("GET", "/accessibility", PUBLIC),
    "admin.invite": ("POST", "/admin/people", {"coordinator"}),
    "admin.organisations": ("GET", "/admin/organisations", {"coordinator"}),
    "admin.organisation": ("GET", "/admin/organisations/{home}", {"coordinator"}),
    "admin.add_contact": ("POST", "/admin/organisations/{home}/contacts", {"coordinator"}),
    "admin.remove_contact": ("POST", "/admin/organisations/{home}/contacts/{workplace_same_id}/remove",
                             {"coordinator"}),
    "admin.people": ("GET", "/admin/people", {"coordinator"}),
    "admin.resend_invitation": ("POST", "/admin/people/{invited}/invitation", {"coordinator"}),
    "audit.log": ("GET", "/admin/audit", {"coordinator"}),
    "audit.own": ("GET", "/account/access-log", LEARNERS),
    "auth.accept_invitation": ("GET", "/invitation/{invitation_token}", PUBLIC),
    "auth.account_sessions": ("GET", "/account/sessions", SIGNED_IN),
    "auth.erase_person": ("GET", "/admin/people/{invited}/erase", {"coordinator"}),
    "auth.export_data": ("POST", "/account/export", SIGNED_IN),
    "auth.end_other_sessions": ("POST", "/account/sessions/end-others", SIGNED_IN),
    "auth.end_session": ("POST", "/account/sessions/{learner_session}/end", {"learner"}),
    "auth.forgot_password": ("GET", "/password/forgot", PUBLIC),
    "auth.login": ("GET", "/login", PUBLIC),
    "auth.login_code": ("GET", "/login/code", PUBLIC),
    "auth.logout": ("POST", "/logout", SIGNED_IN),
    "auth.reset_password": ("GET", "/password/reset/{reset_token}", PUBLIC),
    "auth.set_language": ("POST", "/language", PUBLIC),
    "auth.two_step_disable": ("POST", "/account/two-step/disable", SIGNED_IN - {"coordinator"}),
    "auth.two_step_setup": ("GET", "/account/two-step", SIGNED_IN),
    "certification.badge_assertion": ("GET", "/badges/assertions/{badge_id}.json", PUBLIC),
    "certification.badge_class": ("GET", "/badges/classes/paid.json", PUBLIC),
    "certification.badge_issuer": ("GET", "/badges/issuer.json", PUBLIC),
    "certification.badge_revocations": ("GET", "/badges/revocations.json", PUBLIC),
    "certification.declaration": ("GET", "/certification/declaration", LEARNERS),
    "certification.issue": ("POST", "/certification/learners/{learner_id}/issue", {"coordinator"}),
    "certification.learner": ("GET", "/certification/learners/{learner_id}", {"learner", "teacher", "coordinator"}),
    "certification.overview": ("GET", "/certification", INSTRUCTORS | {"coordinator"}),
    "certification.pdf": ("GET", "/certification/certificates/{certificate}.pdf",
                          {"learner", "teacher", "coordinator"}),
    "certification.renew": ("POST", "/certification/certificates/{certificate}/renew", {"coordinator"}),
    "certification.revoke": ("POST", "/certification/certificates/{certificate}/revoke", {"coordinator"}),
    "certification.verify": ("GET", "/verify/{certificate_code}", PUBLIC),
    "certification.verify_form": ("GET", "/verify", PUBLIC),
    "cohorts.add_session": ("POST", "/cohorts/{cohort}/sessions", {"coordinator"}),
    "cohorts.attendance": ("GET", "/sessions/{class_session}/attendance", {"teacher", "coordinator"}),
    "cohorts.calendar_feed": ("GET", "/calendar/{calendar_token}.ics", PUBLIC),
    "cohorts.delete_session": ("POST", "/sessions/{class_session}/delete", {"coordinator"}),
    "cohorts.edit_session": ("GET", "/sessions/{class_session}/edit", {"coordinator"}),
    "cohorts.enrol": ("POST", "/cohorts/{cohort}/enrolments", {"coordinator"}),
    "cohorts.index": ("GET", "/cohorts", INSTRUCTORS | {"coordinator"}),
    "cohorts.my_schedule": ("GET", "/schedule", LEARNERS | INSTRUCTORS),
    "cohorts.pause": ("POST", "/enrolments/{enrolment}/pause", {"learner", "coordinator"}),
    "cohorts.reset_calendar": ("POST", "/schedule/calendar/reset", LEARNERS | INSTRUCTORS),
    "cohorts.resume": ("POST", "/enrolments/{enrolment}/resume", {"learner", "coordinator"}),
    "cohorts.show": ("GET", "/cohorts/{cohort}", {"teacher", "coordinator"}),
    "cohorts.update": ("POST", "/cohorts/{cohort}", {"coordinator"}),
    "cohorts.withdraw": ("POST", "/enrolments/{enrolment}/withdraw", {"coordinator"}),
    "evaluation.course": ("GET", "/course-evaluation/{cohort}", {"learner", "fellow"}),
    "evaluation.mine": ("GET", "/self-assessment", LEARNERS),
    "evaluation.reports_csv": ("GET", "/evaluation/reports.csv", {"coordinator"}),
    "evaluation.reports_page": ("GET", "/evaluation/reports", {"coordinator"}),
    "evaluation.self_assessment": ("GET", "/self-assessment/start", LEARNERS),
    "evaluation.skip": ("POST", "/self-assessment/start/skip", LEARNERS),
    "grading.grade": ("GET", "/grading/{submission}", {"teacher"}),
    "grading.queue": ("GET", "/grading", INSTRUCTORS),
    "grading.release": ("POST", "/grading/{submission}/release", {"teacher"}),
    "healthz": ("GET", "/healthz", PUBLIC),
    "workplace.overview_page": ("GET", "/workplace/", WORKPLACE | {"coordinator"}),
    "workplace.export_overview": ("GET", "/workplace/export.csv", WORKPLACE | {"coordinator"}),
    "workplace.person": ("GET", "/workplace/people/{learner_id}", {"workplace_same", "coordinator"}),
    "workplace.totals_page": ("GET", "/workplace/totals", {"coordinator"}),
    "learning.curriculum": ("GET", "/curriculum", INSTRUCTORS | WORKPLACE | {"coordinator"}),
    "learning.dashboard": ("GET", "/dashboard", LEARNERS),
    "learning.home": ("GET", "/", SIGNED_IN),
    "learning.mark_read": ("POST", f"/modules/{MODULE}/read", LEARNERS),
    "learning.module": ("GET", f"/modules/{MODULE}", SIGNED_IN),
    "logbook.add": ("POST", "/logbook/practice", LEARNERS),
    "logbook.confirm": ("POST", "/logbook/practice/{pending_practice}/confirm", {"teacher"}),
    "logbook.confirmations": ("GET", "/logbook/confirmations", INSTRUCTORS),
    "logbook.correct": ("GET", "/logbook/practice/{confirmed_practice}/correction", {"learner"}),
    "logbook.delete": ("POST", "/logbook/practice/{pending_practice}/delete", {"learner"}),
    "logbook.edit": ("GET", "/logbook/practice/{pending_practice}/edit", {"learner"}),
    "logbook.index": ("GET", "/logbook", LEARNERS),
    "logbook.overview": ("GET", "/logbook/overview", INSTRUCTORS | {"coordinator"}),
    "logbook.return_entry": ("POST", "/logbook/practice/{pending_practice}/return", {"teacher"}),
    "notifications.index": ("GET", "/notifications", SIGNED_IN),
    "notifications.mark_all_read": ("POST", "/notifications/read", SIGNED_IN),
    "notifications.open_notification": ("POST", "/notifications/{teacher_notification}", {"teacher"}),
    "reflections.autosave": ("POST", f"/modules/{MODULE}/reflection/autosave", LEARNERS),
    "reflections.comment": ("POST", "/reflections/{submission}/comments", {"learner", "fellow", "teacher"}),
    "reflections.edit": ("GET", f"/modules/{MODULE}/reflection", LEARNERS),
    "reflections.relogin": ("POST", f"/modules/{MODULE}/reflection/relogin", PUBLIC),
    "reflections.save": ("POST", f"/modules/{MODULE}/reflection", LEARNERS),
    "reflections.share": ("POST", f"/modules/{MODULE}/reflection/share", {"learner"}),
    "reflections.view": ("GET", "/reflections/{submission}", {"learner", "fellow", "teacher"}),
    "static": ("GET", "/static/css/app.css", PUBLIC),
}


def test_every_route_has_a_row(matrix_world):
    app = matrix_world[0]
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(MATRIX) == set(), "add the new route to MATRIX with who may use it"
    assert set(MATRIX) - endpoints == set(), "MATRIX names a route that no longer exists"


def _build_world():
    home, away = make_organisation("Hjemkommune"), make_organisation("Anden kommune")
    people = {
        "learner": make_user("learner", track="paid", organisation=home),
        "fellow": make_user("learner", track="paid", organisation=home),
        "other_learner": make_user("learner", track="paid", organisation=away),
        "teacher": make_user("instructor"), "other_teacher": make_user("instructor"),
        "workplace_same": make_user("workplace_contact", organisation=home),
        "workplace_other": make_user("workplace_contact", organisation=away),
        "coordinator": make_user("coordinator"),
    }
    learner = people["learner"]
    cohort = make_cohort(instructors=[people["teacher"]], learners=[learner, people["fellow"]])
    make_cohort(instructors=[people["other_teacher"]], learners=[people["other_learner"]])
    reflections.submit(learner, MODULE, "Privat tekst", 0)
    submission = reflections.get_submission(learner.id, MODULE)
    reflections.set_shared(submission, True)
    moment = date.today() + timedelta(days=2)
    class_session = schedule.save_session(None, cohort, day=moment, starts=schedule.time(9), ends=schedule.time(12),
                                          place="Lokale 1", module_ids=[MODULE])
    practice = {"worked_on": date.today() - timedelta(days=1), "hours": "3", "setting": "Værested",
                "kind": "one_to_one", "private_note": "Privat note"}
    confirmed = logbook.add_entry(learner, "practice", practice)
    logbook.confirm(people["teacher"], confirmed)
    pending = logbook.add_entry(learner, "practice", practice)
    invited = make_user("instructor", password=None)
    values = {
        "cohort": cohort.id, "submission": submission.id, "class_session": class_session.id,
        "enrolment": db.session.scalar(db.select(Enrolment.id).where(Enrolment.learner_id == learner.id)),
        "pending_practice": pending.id, "confirmed_practice": confirmed.id, "invited": invited.id,
        "home": home.id, "workplace_same_id": people["workplace_same"].id,
        "invitation_token": accounts.issue_token(invited, accounts.INVITE),
        "reset_token": accounts.issue_token(people["fellow"], accounts.RESET),
        "calendar_token": schedule.calendar_token(learner.id),
        "learner_session": db.session.scalar(db.select(sessions.UserSession.id)) or
        _session_id(learner.id),
        "teacher_notification": db.session.scalar(db.select(Notification.id).where(
            Notification.user_id == people["teacher"].id)),
        **_certificate_values(learner, people["coordinator"]),
    }
    db.session.commit()
    return {role: user.id for role, user in people.items()}, values


def _certificate_values(learner, coordinator) -> dict:
    """A certificate held by the learner (made directly: the world's learner does not meet the requirements)."""
    status = certification.status_of(learner)
    certificate = certification.create_certificate(learner, issued_by=coordinator, snapshot=certification.snapshot_for(
        learner, learner.track, status, status.facts, kind="issue"))
    return {"learner_id": learner.id, "certificate": certificate.id, "certificate_code": certificate.display_code,
            "badge_id": certificate.badge_id}


@pytest.fixture(scope="module")
def matrix_world(tmp_path_factory):
    from lms import create_app

    folder = tmp_path_factory.mktemp("matrix")
    path = folder / "world.sqlite3"
    app = create_app({**_config(folder), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    app.test_client_class = IsolatedClient
    with app.test_request_context():
        db.create_all()
        people, values = _build_world()
        db.session.remove()
        db.engine.dispose()  # closes the file, so the snapshot is complete
    return app, path, path.read_bytes(), people, values


@pytest.fixture
def world(matrix_world):
    app, path, snapshot, people, values = matrix_world
    with app.app_context():
        db.engine.dispose()
        for suffix in ("-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        path.write_bytes(snapshot)
        yield app, people, values
        db.session.remove()
        db.engine.dispose()


def _session_id(user_id: int) -> int:
    sessions.open_session(user_id, "Anden browser", "127.0.0.1")
    return db.session.scalar(db.select(sessions.UserSession.id).where(sessions.UserSession.user_id == user_id))


def _sign_in(client, user_id: int) -> None:
    """Straight into a server-side session; the login form itself is tested elsewhere."""
    from lms.auth.models import User

    user = db.session.get(User, user_id)
    raw = sessions.open_session(user.id, "matrix", "127.0.0.1")
    db.session.commit()
    with client.session_transaction() as session:
        session["sid"], session["_user_id"], session["_fresh"] = raw, user.get_id(), True


def _refused(response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    location = response.headers.get("Location", "")
    return response.status_code == 302 and location.startswith("/login?next=")  # sent to log in first


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_access(world, endpoint, role):
    app, people, values = world
    client = app.test_client()
    method, template, allowed = MATRIX[endpoint]
    if role != "anonymous":
        _sign_in(client, people[role])
    response = client.open(template.format(**values), method=method)
    assert response.status_code < 500
    if role in allowed:
        assert not _refused(response), (response.status_code, response.location)
    else:
        assert _refused(response), (response.status_code, response.location)
