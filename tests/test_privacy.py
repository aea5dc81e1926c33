"""Export and erasure cover every table that holds data about a person."""
import io
import json
import zipfile
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from lms import privacy
from lms.auth import sessions
from lms.auth.models import User
from lms.cohorts import schedule
from lms.extensions import db
from lms.learning.services import set_module_read
from lms.logbook import services as logbook
from lms.reflections import services as reflections

from .factories import make_cohort, make_user

MARK = "PRIVAT-MARKØR-4242"


def test_every_table_that_refers_to_a_person_is_covered():
    tables = set(db.metadata.tables)
    referring = {t.name for t in db.metadata.sorted_tables
                 if any(fk.column.table.name == "user_account" for fk in t.foreign_keys)} | {"user_account"}
    covered = set(privacy.PERSONAL_DATA) | set(privacy.NOT_PERSONAL)
    assert referring - covered == set(), "list the new table in lms/privacy.py"
    assert covered - tables == set()


@pytest.fixture
def rich(app):
    """A learner with a row in every table the programme keeps about a person."""
    learner, teacher, fellow = make_user("learner", track="paid"), make_user("instructor"), make_user("learner")
    cohort = make_cohort(instructors=[teacher], learners=[learner, fellow])
    set_module_read(learner.id, "intro-peer-support", True)
    reflections.submit(learner, "intro-peer-support", f"Refleksion {MARK}", 0)
    submission = reflections.get_submission(learner.id, "intro-peer-support")
    from lms.grading.services import save_feedback

    save_feedback(teacher, submission, decision="revision_requested", text=f"Feedback {MARK}", marks={},
                  criteria_count=0, release=True)
    reflections.save_draft(learner, "intro-peer-support", f"Kladde {MARK}", submission.draft_revision)
    reflections.set_shared(submission, True)
    reflections.add_comment(learner, submission, f"Kommentar {MARK}")
    fellow_submission = reflections.submit(fellow, "intro-peer-support", "Holdkammeratens tekst", 0).submission
    reflections.set_shared(fellow_submission, True)
    reflections.add_comment(learner, fellow_submission, f"Min kommentar hos en anden {MARK}")
    values = {"worked_on": date.today() - timedelta(days=1), "hours": "2", "setting": "Værested",
              "kind": "group", "private_note": f"Note {MARK}"}
    logbook.add_entry(learner, "practice", values)
    logbook.add_entry(learner, "supervision", {"held_on": date.today() - timedelta(days=2), "minutes": 60,
                                               "supervision_form": "individual", "supervisor_id": teacher.id,
                                               "supervisor_name": None, "topics": "Grænser",
                                               "summary": f"Resumé {MARK}", "private_note": f"Note {MARK}"})
    session = schedule.save_session(None, cohort, day=date.today(), starts=schedule.time(9), ends=schedule.time(12),
                                    place="Lokale", module_ids=[])
    schedule.register_attendance(session, {learner.id: "present"}, teacher.id, {learner.id})
    schedule.calendar_token(learner.id)
    sessions.open_session(learner.id, "browser", "127.0.0.1")
    from lms.auth.services import INVITE, issue_token

    issue_token(learner, INVITE)
    from lms.certification import services as certification

    certification.accept_declaration(learner)
    status = certification.status_of(learner)
    certification.create_certificate(learner, issued_by=None, snapshot=certification.snapshot_for(
        learner, learner.track, status, status.facts, kind="issue"))
    from lms.evaluation.models import CourseEvaluationReceipt, SelfAssessment, SelfAssessmentAnswer

    db.session.add(SelfAssessment(user_id=learner.id, kind="renewal", status="answered", comment=f"Min vej {MARK}",
                                  answers=[SelfAssessmentAnswer(question_id="chime.hope", value=4)]))
    db.session.add(CourseEvaluationReceipt(user_id=learner.id, cohort_id=cohort.id))
    db.session.commit()
    return learner, fellow


def test_export_holds_every_table_and_the_texts(client, login, rich):
    learner, _ = rich
    login(learner)
    response = client.post("/account/export")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("data.json"))
    for table in set(privacy.PERSONAL_DATA) - {"cohort_instructor", "organisation_contact"}:  # staff only
        assert data[table], f"{table} is missing from the export"
    names = archive.namelist()
    assert "reflections/intro-peer-support/version-1.md" in names
    assert "reflections/intro-peer-support/draft.md" in names
    assert "reflections/intro-peer-support/feedback-on-version-1.md" in names
    assert any(n.startswith("logbook/") for n in names)
    dump = archive.read("data.json").decode()
    assert "password_hash" not in dump and "token_hash" not in dump and "totp_secret" not in dump


def _all_text() -> str:
    """Every value in every table, to search for what must be gone."""
    chunks = []
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            for row in connection.execute(text(f'SELECT * FROM "{table.name}"')):
                chunks.append(" ".join(str(v) for v in row))
    return "\n".join(chunks)


def test_erasure_deletes_texts_and_keeps_participation(client, login, rich):
    learner, fellow = rich
    login(make_user("coordinator"))
    assert client.post(f"/admin/people/{learner.id}/erase").status_code == 200  # not confirmed
    assert client.post(f"/admin/people/{learner.id}/erase", data={"confirm": "yes"}).status_code == 302
    db.session.expire_all()
    for name, holding in privacy.PERSONAL_DATA.items():
        rows = privacy._rows(holding, learner.id)
        if holding.erase == "delete":
            assert rows == [], name
        elif holding.erase == "keep":
            assert rows, name
    assert MARK not in _all_text()
    person = db.session.get(User, learner.id)
    assert not person.active and person.email.endswith("@invalid") and person.password_hash is None
    from lms.certification.models import Certificate

    certificates = list(db.session.scalars(select(Certificate).where(Certificate.learner_id == learner.id)))
    assert certificates and all(c.holder_name == "—" and not c.recipient_hash for c in certificates)
    assert reflections.get_submission(fellow.id, "intro-peer-support").versions[0].text == "Holdkammeratens tekst"


def test_a_coordinator_cannot_erase_themselves(client, login):
    coordinator = make_user("coordinator")
    login(coordinator)
    assert client.post(f"/admin/people/{coordinator.id}/erase", data={"confirm": "yes"}).status_code == 403


def test_export_is_audited(client, login, rich):
    from lms.audit.models import AuditEvent

    learner, _ = rich
    login(learner)
    client.post("/account/export")
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.learner_id == learner.id)) == "export"


def test_retention_deletes_texts_two_years_after_leaving_and_is_idempotent(app):
    from lms.cohorts.models import Enrolment
    from lms.timeutil import utcnow

    gone, recent, active = (make_user("learner", track="paid") for _ in range(3))
    make_cohort(learners=[gone, recent, active])
    for person in (gone, recent, active):
        reflections.submit(person, "intro-peer-support", f"Tekst {MARK}", 0)
    now = utcnow()
    for person, ended in ((gone, now - timedelta(days=2 * 365 + 1)), (recent, now - timedelta(days=300))):
        enrolment = db.session.scalar(select(Enrolment).where(Enrolment.learner_id == person.id))
        enrolment.status, enrolment.ended_at = "completed", ended
    db.session.commit()
    assert privacy.apply_retention(now, app.config["RETENTION_YEARS"]) == 1
    assert privacy.apply_retention(now, app.config["RETENTION_YEARS"]) == 0
    assert reflections.get_submission(gone.id, "intro-peer-support") is None
    assert reflections.get_submission(recent.id, "intro-peer-support") is not None
    assert reflections.get_submission(active.id, "intro-peer-support") is not None


def test_logbook_decisions_and_certificates_are_audited(app):
    from lms.audit.models import AuditEvent
    from lms.certification.models import Certificate
    from lms.certification.services import create_certificate, revoke_certificate

    learner, teacher = make_user("learner", track="paid"), make_user("instructor")
    make_cohort(instructors=[teacher], learners=[learner])
    values = {"worked_on": date.today() - timedelta(days=1), "hours": "2", "setting": "Værested", "kind": "group",
              "private_note": ""}
    logbook.confirm(teacher, logbook.add_entry(learner, "practice", values))
    logbook.return_entry(teacher, logbook.add_entry(learner, "practice", values), "Ret timetallet")
    coordinator = make_user("coordinator")
    certificate = create_certificate(learner, issued_by=coordinator, snapshot={})
    revoke_certificate(certificate, coordinator, "Fejl i udstedelsen")
    db.session.commit()
    events = [(e.action, e.subject_type, e.learner_id) for e in db.session.scalars(
        select(AuditEvent).order_by(AuditEvent.id))]
    assert events == [("confirm", "logbook_entry", learner.id), ("return", "logbook_entry", learner.id),
                      ("issue", "certificate", learner.id), ("revoke", "certificate", learner.id)]
    assert db.session.scalar(select(Certificate.id)) == certificate.id
