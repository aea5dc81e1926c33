"""After issuing: the sweep (renewal window, one reminder, expiry; idempotent), renewal, revocation; and the
requirements file's own checks."""
import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from lms import create_app
from lms.certification import services
from lms.certification.models import Certificate
from lms.certification.requirements import RequirementsError, load_requirements
from lms.config import REPO_ROOT
from lms.curriculum import get_curriculum
from lms.curriculum.cli import curriculum as curriculum_cli
from lms.extensions import db
from lms.notifications.models import Notification
from lms.timeutil import utcnow

from .factories import make_user
from .test_certification import approve, log_supervision, make_ready

DAY = timedelta(days=1)


@pytest.fixture
def coordinator():
    return make_user("coordinator", email="koordinator@example.org")


def _issue(coordinator, track="paid", days_ago=0, **kwargs) -> Certificate:
    learner = make_ready(track, **kwargs)
    certificate = services.issue_certificate(learner, coordinator, now=utcnow() - days_ago * DAY)
    db.session.commit()
    return certificate


def _kinds(user_id=None) -> list[str]:
    query = select(Notification.kind).order_by(Notification.id)
    if user_id is not None:
        query = query.where(Notification.user_id == user_id)
    return [k for k in db.session.scalars(query) if k not in ("certificate_issued", "certificate_revoked")]


def _sweep(app):
    result = app.test_cli_runner().invoke(args=["certificates", "sweep"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result.output


# --- the sweep -------------------------------------------------------------------------------------------------

def test_sweep_opens_the_window_and_reminds_once(app, coordinator, outbox):
    due = _issue(coordinator, days_ago=730 - 60, email="lene@example.org")  # expires in about 60 days
    fresh = _issue(coordinator, days_ago=10)
    app.config["SERVER_NAME"] = None  # as from cron: links must come from PUBLIC_URL
    output = _sweep(app)
    assert "Renewal windows opened: 1" in output
    assert _kinds(due.learner_id) == ["certificate_renewal_due"]
    assert _kinds(coordinator.id) == ["certificate_renewal_due_staff"]
    assert _kinds(fresh.learner_id) == []
    assert db.session.get(Certificate, due.id).renewal_notified_at is not None
    mails = [m for m in outbox() if "lene@example.org" in m or "koordinator@example.org" in m]
    assert len(mails) == 3  # issued + reminder to the learner, reminder to the coordinator
    assert "http://127.0.0.1:5000/dashboard" in mails[1] and "http://127.0.0.1:5000/certification" in mails[2]
    # Run again (cron): nothing new.
    count = len(outbox())
    assert "Renewal windows opened: 0" in _sweep(app)
    assert _kinds() == ["certificate_renewal_due", "certificate_renewal_due_staff"] and len(outbox()) == count


def test_sweep_marks_expired_once_and_is_idempotent(app, coordinator):
    old = _issue(coordinator, "colleague", days_ago=800)
    output = _sweep(app)
    assert "Certificates marked expired: 1" in output
    expired_at = db.session.get(Certificate, old.id).expired_at
    assert expired_at is not None and db.session.get(Certificate, old.id).status() == "expired"
    assert _kinds(old.learner_id) == ["certificate_expired"]
    assert "Certificates marked expired: 0" in _sweep(app)
    assert db.session.get(Certificate, old.id).expired_at == expired_at
    assert _kinds(old.learner_id) == ["certificate_expired"]


def test_sweep_skips_revoked_and_renewed_certificates(app, coordinator):
    revoked = _issue(coordinator, days_ago=700)
    services.revoke_certificate(revoked, coordinator, "Fejl")
    renewed = _issue(coordinator, "volunteer", days_ago=700)
    learner = db.session.get(type(coordinator), renewed.learner_id)
    log_supervision(learner, 2, form="erfa_group", minutes=360, held_on=date.today() - 5 * DAY)
    services.renew_certificate(renewed, coordinator)
    db.session.commit()
    _sweep(app)
    assert _kinds() == []


# --- renewal ---------------------------------------------------------------------------------------------------

def test_renewal_is_refused_before_the_window_opens(app, coordinator):
    certificate = _issue(coordinator, days_ago=30)
    with pytest.raises(services.CertificationError):
        services.renew_certificate(certificate, coordinator)
    db.session.rollback()
    assert services.status_of(db.session.get(type(coordinator), certificate.learner_id)).state == "holder"


def test_renewal_needs_continuing_education_in_the_period(app, coordinator):
    certificate = _issue(coordinator, days_ago=700)
    learner = db.session.get(type(coordinator), certificate.learner_id)
    issued_day = certificate.issued_at.date()
    # Before the certificate: does not count. Individual supervision counts as a session but not as hours.
    log_supervision(learner, 3, form="erfa_group", minutes=600, held_on=issued_day - 10 * DAY)
    log_supervision(learner, 1, form="individual", minutes=600, held_on=issued_day + 10 * DAY)
    log_supervision(learner, 1, form="erfa_group", minutes=300, held_on=issued_day + 20 * DAY, status="pending")
    renewal = services.status_of(learner).renewal
    assert renewal.item("activity_hours").actual == 0 and renewal.item("renewal_supervision").actual == 1
    with pytest.raises(services.CertificationError):
        services.renew_certificate(certificate, coordinator)
    db.session.rollback()
    # 8 h of erfa-group, 1 h of network meeting, and a further module (3 h) approved in the period = 12 h.
    log_supervision(learner, 1, form="erfa_group", minutes=480, held_on=issued_day + 30 * DAY)
    log_supervision(learner, 1, form="network_meeting", minutes=60, held_on=issued_day + 40 * DAY)
    assert not services.status_of(learner).renewal.met  # 9 h
    approve(learner, ["volunteer-peer-support"], at=utcnow() - 5 * DAY)
    renewal = services.status_of(learner).renewal
    assert renewal.item("activity_hours").actual == Decimal("12.00") and renewal.met


def test_renewal_issues_a_new_certificate_linked_to_the_old(client, login, coordinator):
    old = _issue(coordinator, days_ago=700)
    learner = db.session.get(type(coordinator), old.learner_id)
    log_supervision(learner, 2, form="network_meeting", minutes=360, held_on=date.today() - 3 * DAY)
    login(coordinator)
    page = client.get(f"/certification/learners/{learner.id}").get_data(as_text=True)
    assert f"/certification/certificates/{old.id}/renew" in page
    assert client.post(f"/certification/certificates/{old.id}/renew").status_code == 302
    new = db.session.scalar(select(Certificate).where(Certificate.renews_id == old.id))
    assert new is not None and new.code != old.code and new.track == old.track
    assert new.expires_at.date() == old.expires_at.date().replace(year=old.expires_at.year + 2)  # no time lost
    assert new.snapshot["kind"] == "renewal" and {i["key"] for i in new.snapshot["renewal"]} == {
        "activity_hours", "renewal_supervision"}
    assert services.status_of(learner).state == "holder"
    with pytest.raises(services.CertificationError):
        services.renew_certificate(old, coordinator)


def test_an_expired_certificate_can_still_be_renewed_but_not_reissued(app, coordinator):
    old = _issue(coordinator, "colleague", days_ago=800)
    learner = db.session.get(type(coordinator), old.learner_id)
    assert services.status_of(learner).state == "expired"
    with pytest.raises(services.CertificationError):
        services.issue_certificate(learner, coordinator)  # the base requirements alone are not enough again
    db.session.rollback()
    log_supervision(learner, 2, form="erfa_group", minutes=360, held_on=date.today() - DAY)
    new = services.renew_certificate(old, coordinator)
    assert new.renews_id == old.id and new.status() == "valid"


# --- revocation ------------------------------------------------------------------------------------------------

def test_revocation_needs_a_reason_and_a_coordinator(client, login, coordinator):
    certificate = _issue(coordinator, name="Lene Peer")
    holder = db.session.get(type(coordinator), certificate.learner_id)
    teacher = make_user("instructor")
    browser = client.application.test_client()
    login(teacher, browser=browser)
    url = f"/certification/certificates/{certificate.id}/revoke"
    field = f"revoke-{certificate.id}-reason"
    assert browser.post(url, data={field: "Nej"}).status_code == 403
    login(coordinator)
    refused = client.post(url, data={field: "  "})
    assert refused.status_code == 422 and 'aria-invalid="true"' in refused.get_data(as_text=True)
    assert client.post(url, data={field: "Beviset blev udstedt ved en fejl."}).status_code == 302
    db.session.expire_all()
    revoked = db.session.get(Certificate, certificate.id)
    assert revoked.status() == "revoked" and revoked.revoked_by_id == coordinator.id
    assert revoked.revocation_reason == "Beviset blev udstedt ved en fejl."
    assert db.session.scalar(select(Notification.kind).where(Notification.user_id == holder.id)
                             .order_by(Notification.id.desc()).limit(1)) == "certificate_revoked"
    with pytest.raises(services.CertificationError):
        services.revoke_certificate(revoked, coordinator, "Igen")
    # The holder sees the reason; the public does not.
    own = client.application.test_client()
    login(holder, browser=own)
    assert "Beviset blev udstedt ved en fejl." in own.get(f"/certification/learners/{holder.id}").get_data(as_text=True)
    public = client.application.test_client().get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "udstedt ved en fejl" not in public
    with pytest.raises(services.CertificationError):
        services.renew_certificate(revoked, coordinator)


# --- the requirements file ------------------------------------------------------------------------------------

@pytest.fixture
def broken(tmp_path):
    target = tmp_path / "curriculum"
    shutil.copytree(REPO_ROOT / "curriculum", target)
    return target


def _break(root: Path, old: str, new: str) -> list[str]:
    path = root / "certification.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RequirementsError) as info:
        load_requirements(path, get_curriculum())
    return info.value.problems


def test_the_shipped_file_is_valid_and_has_the_defaults(app):
    requirements = load_requirements(REPO_ROOT / "curriculum/certification.yaml", get_curriculum())
    assert requirements.version >= 1 and requirements.validity_months == 24
    assert requirements.renewal.window_days == 90 and requirements.renewal.activity_hours == 12
    assert requirements.renewal.supervision_sessions == 2 and requirements.instructors_may_issue is False
    paid, volunteer, colleague = (requirements.tracks[t] for t in ("paid", "volunteer", "colleague"))
    assert (paid.attendance_percent, paid.practice_hours, paid.supervision_sessions) == (80, 78, 4)
    assert paid.declaration is True
    assert (volunteer.practice_hours, volunteer.supervision_sessions, volunteer.declaration) == (20, 2, True)
    assert (colleague.attendance_percent, colleague.practice_hours, colleague.declaration) == (80, None, False)
    assert paid.module_ids == get_curriculum().tracks["paid"].module_ids


@pytest.mark.parametrize(("old", "new", "problem"), [
    ("practice_hours: 78", "practice_hours: -1", "certification.yaml: tracks.paid.practice_hours: must be a number"),
    ("attendance_percent: 80\n    practice_hours: 78", "attendance_percent: 180\n    practice_hours: 78",
     "certification.yaml: tracks.paid.attendance_percent: must be a number from 0 to 100"),
    ("  colleague:\n    modules: all", "  colleague:\n    modules: [no-such-module]",
     "certification.yaml: tracks.colleague.modules: 'no-such-module' is not a module of the track"),
    ("version: 1", "version: one", "certification.yaml: version: must be a whole number"),
    ("window_days: 90", "window_dayz: 90", "certification.yaml: renewal.window_dayz: unknown field"),
    ("activity_forms: [erfa_group, network_meeting]", "activity_forms: [coffee]",
     "certification.yaml: renewal.activity_forms: must be a list of supervision forms"),
    ("instructors_may_issue: false", "instructors_may_issue: maybe",
     "certification.yaml: instructors_may_issue: must be true or false"),
    ("  volunteer:\n", "  astronaut:\n", "certification.yaml: tracks.volunteer: is missing"),
    ("validity_months: 24", "validity_months: [24", "certification.yaml: -: invalid YAML"),
])
def test_invalid_values_are_named(broken, app, old, new, problem):
    assert any(p.startswith(problem) for p in _break(broken, old, new)), _break.__name__


def test_app_refuses_to_start_and_the_check_names_the_problem(broken, app):
    _break(broken, "supervision_sessions: 4", "supervision_sessions: 4.5")
    with pytest.raises(RequirementsError):
        create_app({"CURRICULUM_PATH": str(broken), "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    result = CliRunner().invoke(curriculum_cli, ["check", "--path", str(broken)])
    assert result.exit_code == 1
    assert "certification.yaml: tracks.paid.supervision_sessions: must be a whole number" in result.output
    ok = CliRunner().invoke(curriculum_cli, ["check", "--path", str(REPO_ROOT / "curriculum")])
    assert ok.exit_code == 0 and "Certification requirements OK" in ok.output


def test_counts_stay_small(app, coordinator):
    """A sanity check on the test helpers themselves: one certificate per issue."""
    _issue(coordinator)
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 1
