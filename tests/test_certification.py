"""Certification: the requirement checklist per track (with borderline values), the declaration, issuing, the stored
snapshot, the coordinator's list and its fixed number of queries. The helpers here are shared by the other
tests/test_certification_*.py files."""
import dataclasses
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from flask import current_app
from sqlalchemy import func, select

from lms.certification import services
from lms.certification.forms import ITEM_LABELS
from lms.certification.models import Certificate, DeclarationAcceptance
from lms.certification.status import get_requirements
from lms.cohorts.schedule_models import Attendance, ClassSession
from lms.extensions import db
from lms.logbook.models import PracticeEntry, SupervisionEntry
from lms.reflections.models import Submission

from .factories import make_cohort, make_user

LONG_AGO = datetime(2020, 1, 6, 8, 0, tzinfo=UTC)


# --- helpers: the records that count, written directly ------------------------------------------------------

def approve(learner, module_ids=None, at=LONG_AGO):
    for module_id in module_ids if module_ids is not None else get_requirements().tracks[learner.track].module_ids:
        db.session.add(Submission(learner_id=learner.id, module_id=module_id, status="approved", draft_text="",
                                  last_submitted_at=at))
    db.session.commit()


def attend(learner, present: int, absent: int = 0, excused: int = 0, cohort=None):
    cohort = cohort or make_cohort(learners=[learner])
    marks = ["present"] * present + ["absent"] * absent + ["excused"] * excused
    for i, status in enumerate(marks):
        session = ClassSession(cohort_id=cohort.id, starts_at=LONG_AGO + timedelta(days=i),
                               ends_at=LONG_AGO + timedelta(days=i, hours=3), place="Lokale 1")
        db.session.add(session)
        db.session.flush()
        db.session.add(Attendance(session_id=session.id, learner_id=learner.id, status=status, recorded_at=LONG_AGO))
    db.session.commit()
    return cohort


def log_practice(learner, hours, status="confirmed", worked_on=date(2020, 1, 6)):
    db.session.add(PracticeEntry(learner_id=learner.id, status=status, worked_on=worked_on, hours=Decimal(str(hours)),
                                 setting="Værested", kind="one_to_one"))
    db.session.commit()


def log_supervision(learner, count=1, form="individual", minutes=60, held_on=date(2020, 1, 6), status="confirmed"):
    for _ in range(count):
        db.session.add(SupervisionEntry(learner_id=learner.id, status=status, held_on=held_on, minutes=minutes,
                                        supervision_form=form, supervisor_name="Hanne", topics="Grænser"))
    db.session.commit()


def declare(learner):
    services.accept_declaration(learner, now=LONG_AGO)
    db.session.commit()


def make_ready(track="paid", **kwargs):
    """A learner who meets every requirement of the track's defaults."""
    learner = make_user("learner", track=track, **kwargs)
    approve(learner)
    attend(learner, 8, 2)
    if track != "colleague":
        log_practice(learner, {"paid": 78, "volunteer": 20}[track])
        log_supervision(learner, {"paid": 4, "volunteer": 2}[track])
        declare(learner)
    return learner


def checklist(learner):
    db.session.expire_all()
    return services.status_of(learner).checklist


def set_requirements(**changes):
    current_app.extensions["certification"] = dataclasses.replace(get_requirements(), **changes)


@pytest.fixture
def coordinator():
    return make_user("coordinator", name="Karen Koordinator")


# --- the requirement computation ------------------------------------------------------------------------------

def test_paid_track_met_with_every_item(app):
    result = checklist(make_ready("paid"))
    assert [i.key for i in result.items] == ["modules", "attendance", "practice_hours", "supervision_sessions",
                                             "declaration"]
    assert result.met and all(i.met for i in result.items)
    assert result.item("modules").actual == result.item("modules").required == 17
    assert result.item("attendance").actual == Decimal("80.0")


def test_exactly_80_percent_attendance_passes_and_just_below_does_not(app):
    learner = make_user("learner", track="colleague")
    approve(learner)
    cohort = attend(learner, 8, 2)  # 8 of 10 = exactly 80 %
    assert checklist(learner).item("attendance").met and checklist(learner).met
    attend(learner, 0, 1, cohort=cohort)  # 8 of 11 = 72.7 %
    item = checklist(learner).item("attendance")
    assert not item.met and item.actual == Decimal("72.7")


def test_excused_absence_does_not_count_against_attendance(app):
    learner = make_user("learner", track="colleague")
    attend(learner, 4, 1, excused=5)
    assert checklist(learner).item("attendance").met  # 4 of 5 counted


def test_no_registered_sessions_does_not_meet_the_attendance_minimum(app):
    learner = make_user("learner", track="colleague")
    approve(learner)
    item = checklist(learner).item("attendance")
    assert not item.met and item.actual is None and item.progress == (0.0, 80.0)


def test_77_9_practice_hours_of_78_do_not_pass(app):
    learner = make_user("learner", track="paid")
    log_practice(learner, "70")
    log_practice(learner, "7.9")
    item = checklist(learner).item("practice_hours")
    assert not item.met and item.actual == Decimal("77.90") and item.percent == 99
    log_practice(learner, "0.1")
    assert checklist(learner).item("practice_hours").met


def test_only_confirmed_entries_count(app):
    learner = make_user("learner", track="volunteer")
    log_practice(learner, 20, status="pending")
    log_practice(learner, 20, status="superseded")
    log_supervision(learner, 2, status="returned")
    result = checklist(learner)
    assert result.item("practice_hours").actual == 0 and result.item("supervision_sessions").actual == 0
    log_practice(learner, 20)
    log_supervision(learner, 2)
    assert checklist(learner).item("practice_hours").met and checklist(learner).item("supervision_sessions").met


def test_volunteer_track_borderlines(app):
    learner = make_ready("volunteer")
    assert checklist(learner).met
    db.session.execute(PracticeEntry.__table__.update().values(hours=Decimal("19.99")))
    db.session.commit()
    assert [i.key for i in checklist(learner).missing] == ["practice_hours"]


def test_volunteer_needs_two_supervision_sessions(app):
    learner = make_user("learner", track="volunteer")
    log_supervision(learner, 1)
    assert not checklist(learner).item("supervision_sessions").met
    log_supervision(learner, 1)
    assert checklist(learner).item("supervision_sessions").met


def test_colleague_track_needs_only_modules_and_attendance(app):
    learner = make_ready("colleague")
    result = checklist(learner)
    assert [i.key for i in result.items] == ["modules", "attendance"] and result.met


def test_missing_modules_are_named(app):
    learner = make_user("learner", track="colleague")
    modules = get_requirements().tracks["colleague"].module_ids
    approve(learner, modules[:-2])
    db.session.add(Submission(learner_id=learner.id, module_id=modules[-1], status="submitted", draft_text=""))
    db.session.commit()
    item = checklist(learner).item("modules")
    assert not item.met and item.actual == len(modules) - 2 and item.missing == modules[-2:]


# --- the declaration -------------------------------------------------------------------------------------------

def test_declaration_is_read_and_accepted_with_version_and_time(client, login):
    learner = make_user("learner", track="paid", locale="en")
    login(learner)
    page = client.get("/certification/declaration").get_data(as_text=True)
    assert "Code of ethics and confidentiality" in page and "duty of confidentiality" in page
    refused = client.post("/certification/declaration", data={})
    assert refused.status_code == 422 and "Tick the box" in refused.get_data(as_text=True)
    assert client.post("/certification/declaration", data={"accept": "y"}).status_code == 302
    assert client.post("/certification/declaration", data={"accept": "y"}).status_code == 302  # twice: one record
    rows = list(db.session.scalars(select(DeclarationAcceptance)))
    assert [(r.user_id, r.version) for r in rows] == [(learner.id, "2026-1")]
    assert rows[0].accepted_at.tzinfo is not None
    assert checklist(learner).item("declaration").met
    assert "You accepted this declaration" in client.get("/certification/declaration").get_data(as_text=True)


def test_a_new_declaration_version_must_be_accepted_again(app):
    learner = make_ready("paid")
    set_requirements(declaration_version="2027-1")
    assert [i.key for i in checklist(learner).missing] == ["declaration"]


# --- the learner's dashboard ---------------------------------------------------------------------------------

def test_dashboard_shows_what_is_missing_with_progress_bars(client, login):
    learner = make_user("learner", track="paid", locale="en")
    log_practice(learner, "77.9")
    login(learner)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Your certificate" in page and "77.9 of 78 hours confirmed" in page
    assert 'aria-labelledby="dashboard-requirement-practice_hours"' in page and "<progress" in page
    assert "No class sessions registered yet" in page
    assert 'href="/certification/declaration"' in page


def test_dashboard_query_count_does_not_depend_on_a_certificate(client, login, count_queries, coordinator):
    learner = make_ready("paid")
    login(learner)
    client.get("/dashboard")
    with count_queries() as without:
        client.get("/dashboard")
    services.issue_certificate(learner, coordinator)
    db.session.commit()
    with count_queries() as with_certificate:
        page = client.get("/dashboard").get_data(as_text=True)
    assert "/certification/certificates/" in page and ".pdf" in page
    assert without() == with_certificate(), with_certificate


# --- issuing ---------------------------------------------------------------------------------------------------

def test_issuing_is_refused_while_anything_is_missing(client, login, coordinator):
    learner = make_ready("paid")
    db.session.execute(PracticeEntry.__table__.update().values(hours=Decimal("77.9")))
    db.session.commit()
    with pytest.raises(services.CertificationError) as refused:
        services.issue_certificate(learner, coordinator)
    message = str(refused.value.message)
    assert str(ITEM_LABELS["practice_hours"]) in message and str(ITEM_LABELS["modules"]) not in message
    db.session.rollback()
    login(coordinator)
    response = client.post(f"/certification/learners/{learner.id}/issue")
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 0
    page = client.get(f"/certification/learners/{learner.id}").get_data(as_text=True)
    assert "Issue the certificate" not in page


def test_coordinator_issues_with_one_click_and_the_snapshot_is_stored(client, login, coordinator, outbox):
    learner = make_ready("paid", name="Lene Ærø Peer")
    login(coordinator)
    page = client.get(f"/certification/learners/{learner.id}").get_data(as_text=True)
    assert f'action="/certification/learners/{learner.id}/issue"' in page
    assert client.post(f"/certification/learners/{learner.id}/issue").status_code == 302
    certificate = db.session.scalar(select(Certificate))
    assert certificate.learner_id == learner.id and certificate.track == "paid"
    assert certificate.issued_by_id == coordinator.id and certificate.requirements_version == 1
    assert certificate.expires_at.date() == certificate.issued_at.date().replace(year=certificate.issued_at.year + 2)
    snapshot = certificate.snapshot
    assert snapshot["holder"] == "Lene Ærø Peer" and snapshot["track"]["id"] == "paid"
    assert {i["key"]: i["met"] for i in snapshot["requirements"]} == {
        "modules": True, "attendance": True, "practice_hours": True, "supervision_sessions": True, "declaration": True}
    assert snapshot["practice_hours"] == "78.00" and snapshot["supervision_sessions"] == 4
    assert len(snapshot["modules"]) == 17 and len(snapshot["themes"]) == 6
    assert any(learner.email in mail for mail in outbox())  # the learner is told
    # A later change of rules or records does not change what was issued.
    set_requirements(version=2, tracks={**get_requirements().tracks, "paid": dataclasses.replace(
        get_requirements().tracks["paid"], practice_hours=Decimal(500))})
    db.session.execute(PracticeEntry.__table__.delete())
    db.session.commit()
    db.session.expire_all()
    kept = db.session.get(Certificate, certificate.id)
    assert kept.snapshot == snapshot and kept.requirements_version == 1


def test_a_second_certificate_is_refused_while_one_is_held(app, coordinator):
    learner = make_ready("volunteer")
    services.issue_certificate(learner, coordinator)
    db.session.commit()
    with pytest.raises(services.CertificationError):
        services.issue_certificate(learner, coordinator)


def test_after_revocation_a_new_certificate_can_be_issued(app, coordinator):
    learner = make_ready("colleague")
    first = services.issue_certificate(learner, coordinator)
    services.revoke_certificate(first, coordinator, "Udstedt ved en fejl")
    assert services.status_of(learner).state == "ready"
    second = services.issue_certificate(learner, coordinator)
    assert second.code != first.code and second.renews_id is None


def test_instructors_issue_only_when_the_programme_allows_it(client, login):
    learner = make_ready("paid")
    teacher, other = make_user("instructor"), make_user("instructor")
    make_cohort(instructors=[teacher], learners=[learner])
    make_cohort(instructors=[other])
    login(teacher)
    assert client.get(f"/certification/learners/{learner.id}").status_code == 200
    assert client.post(f"/certification/learners/{learner.id}/issue").status_code == 403
    set_requirements(instructors_may_issue=True)
    assert client.post(f"/certification/learners/{learner.id}/issue").status_code == 302
    assert db.session.scalar(select(Certificate.issued_by_id)) == teacher.id
    browser = client.application.test_client()
    login(other, browser=browser)
    assert browser.get(f"/certification/learners/{learner.id}").status_code == 403
    assert browser.post(f"/certification/learners/{learner.id}/issue").status_code == 403


# --- the coordinator's list -----------------------------------------------------------------------------------

def test_overview_shows_who_is_ready_and_who_is_missing_what(client, login, coordinator):
    ready = make_ready("paid", name="Rikke Klar")
    waiting = make_user("learner", track="volunteer", name="Vagn Venter", locale="en")
    log_practice(waiting, 5)
    coordinator.locale = "en"
    db.session.commit()
    login(coordinator)
    page = client.get("/certification").get_data(as_text=True)
    ready_part, _, rest = page.partition('id="renewal-heading"')
    assert "Rikke Klar" in ready_part and f"/certification/learners/{ready.id}/issue" in ready_part
    missing_part = rest.partition('id="missing-heading"')[2]
    assert "Vagn Venter" in missing_part and "5 of 20 hours confirmed" in missing_part
    assert "Vagn Venter" not in ready_part


def test_overview_query_count_is_fixed(client, login, coordinator, count_queries):
    for track in ("paid", "volunteer"):
        make_ready(track)
    login(coordinator)
    client.get("/certification")
    with count_queries() as few:
        assert client.get("/certification").status_code == 200
    for track in ("paid", "volunteer", "colleague", "paid"):
        learner = make_ready(track)
        services.issue_certificate(learner, coordinator)
    make_user("learner", track="colleague")
    db.session.commit()
    with count_queries() as many:
        page = client.get("/certification").get_data(as_text=True)
    assert page.count("/certification/learners/") >= 7
    assert few() == many(), many


def test_dashboard_shows_the_latest_of_several_certificates(client, login, coordinator):
    learner = make_ready("colleague")
    first = services.issue_certificate(learner, coordinator)
    services.revoke_certificate(first, coordinator, "Fejl")
    second = services.issue_certificate(learner, coordinator)
    db.session.commit()
    login(learner)
    page = client.get("/dashboard").get_data(as_text=True)
    assert second.display_code in page and first.display_code not in page
