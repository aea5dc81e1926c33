"""What leaves the building: the PDF (read back with a PDF text extractor), the public verification page for
valid, expired, revoked and unknown codes, and the Open Badges 2.0 documents. None of them says more about the
person than the issue allows."""
import hashlib
import io
import json
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader

from lms.auth.models import User
from lms.certification import services
from lms.certification.models import Certificate
from lms.curriculum import get_curriculum
from lms.extensions import db
from lms.timeutil import utcnow

from .factories import make_cohort, make_user
from .test_certification import make_ready

ORIGIN = "http://lms.test"


@pytest.fixture
def coordinator():
    return make_user("coordinator")


@pytest.fixture
def certificate(app, coordinator) -> Certificate:
    learner = make_ready("paid", name="Lene Ærø Peer", email="lene@example.org")
    issued = services.issue_certificate(learner, coordinator)
    db.session.commit()
    return issued


def _expired(coordinator) -> Certificate:
    learner = make_ready("volunteer", name="Ole Udløbet")
    issued = services.issue_certificate(learner, coordinator, now=utcnow() - timedelta(days=800))
    db.session.commit()
    return issued


def _holder(certificate) -> User:
    return db.session.get(User, certificate.learner_id)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# --- the PDF ---------------------------------------------------------------------------------------------------

def test_pdf_in_danish_with_everything_the_certificate_needs(client, login, certificate):
    login(_holder(certificate))
    response = client.get(f"/certification/certificates/{certificate.id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert f"kompetencebevis-{certificate.display_code}.pdf" in response.headers["Content-Disposition"]
    text = _pdf_text(response.data)
    curriculum = get_curriculum()
    assert "Kompetencebevis" in text and "Peer-uddannelsen" in text
    assert "Lene Ærø Peer" in text  # æ, ø and å come through
    assert "Spor: Lønnet peer-støttemedarbejder" in text
    for theme in curriculum.themes:
        assert theme.name["da"] in text
    for module_id in curriculum.tracks["paid"].module_ids:
        assert curriculum.modules[module_id].title_da in " ".join(text.split())
    assert "Bekræftet praktik: 78 timer" in text and "Bekræftet supervision: 4 sessioner" in text
    assert "Fremmøde: 80 %" in text
    assert f"Verifikationskode: {certificate.display_code}" in text
    assert f"{ORIGIN}/verify/{certificate.display_code}" in text
    issued, expires = certificate.issued_at, certificate.expires_at
    assert f"Udstedt: {issued.day}." in text and str(issued.year) in text and str(expires.year) in text
    assert f"Gyldigt til: {expires.day}." in text


def test_pdf_comes_from_the_snapshot(client, login, certificate, coordinator):
    certificate.snapshot = {**certificate.snapshot, "practice_hours": "123.5"}
    db.session.commit()
    login(coordinator)
    text = _pdf_text(client.get(f"/certification/certificates/{certificate.id}.pdf").data)
    assert "Bekræftet praktik: 123,5 timer" in text


def test_pdf_is_only_for_the_holder_their_instructors_and_coordinators(client, login, certificate):
    teacher = make_user("instructor")
    make_cohort(instructors=[teacher], learners=[_holder(certificate)])
    for person, expected in ((make_user("learner"), 403), (make_user("workplace_contact"), 403), (teacher, 200)):
        browser = client.application.test_client()
        login(person, browser=browser)
        assert browser.get(f"/certification/certificates/{certificate.id}.pdf").status_code == expected


# --- the public verification page ------------------------------------------------------------------------------

def _verify(client, code, locale="en"):
    return client.get(f"/verify/{code}", headers={"Accept-Language": locale})


def _assert_nothing_else_about_the_person(page: str, certificate: Certificate) -> None:
    holder = _holder(certificate)
    # The code and the form tokens are random and may hold "78" (the practice hours): they are taken out first.
    page = page.replace(certificate.display_code, "").replace(certificate.code, "")
    page = re.sub(r'name="csrf_token" value="[^"]*"', "", page)
    for private in (holder.email, holder.organisation.name if holder.organisation else "@",
                    "78", certificate.badge_id, "Udstedt ved en fejl", "intro-peer-support"):
        assert private not in page


def test_verification_of_a_valid_certificate(client, certificate):
    response = _verify(client, certificate.display_code)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Valid" in page and "genuine and valid" in page
    assert "Lene Ærø Peer" in page and "Paid peer-support worker" in page
    assert str(certificate.issued_at.year) in page and str(certificate.expires_at.year) in page
    assert response.headers["X-Robots-Tag"] == "noindex"
    _assert_nothing_else_about_the_person(page, certificate)


def test_verification_of_an_expired_certificate(client, coordinator):
    expired = _expired(coordinator)
    page = _verify(client, expired.code).get_data(as_text=True)
    assert "Expired" in page and "has expired" in page and "Ole Udløbet" in page


def test_verification_of_a_revoked_certificate_hides_the_reason(client, certificate, coordinator):
    services.revoke_certificate(certificate, coordinator, "Udstedt ved en fejl")
    db.session.commit()
    page = _verify(client, certificate.display_code).get_data(as_text=True)
    assert "Revoked" in page and "has been revoked" in page
    _assert_nothing_else_about_the_person(page, certificate)


def test_verification_of_an_unknown_code(client, certificate):
    response = _verify(client, "ABCD-EFGH-JKLM")
    page = response.get_data(as_text=True)
    assert response.status_code == 404 and "Unknown code" in page and "Lene" not in page
    assert _verify(client, "kort").status_code == 404


def test_typed_code_is_forgiving_about_case_and_spaces(client, certificate):
    typed = " " + certificate.code[:4].lower() + " " + certificate.code[4:] + " "
    response = client.get("/verify", query_string={"code": typed})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/verify/{certificate.display_code}")
    assert client.get("/verify").status_code == 200
    assert client.get("/verify", query_string={"code": ""}).status_code == 422


# --- Open Badges 2.0 -------------------------------------------------------------------------------------------

def _json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/ld+json"
    return json.loads(response.get_data(as_text=True))


def test_issuer_profile(client):
    issuer = _json(client, "/badges/issuer.json")
    assert issuer["@context"] == "https://w3id.org/openbadges/v2" and issuer["type"] == "Issuer"
    assert issuer["id"] == f"{ORIGIN}/badges/issuer.json"
    assert issuer["name"] == "Peer-uddannelsen" and issuer["url"].startswith(ORIGIN)
    assert "@" in issuer["email"] and issuer["revocationList"] == f"{ORIGIN}/badges/revocations.json"


def test_badge_class_per_track(client):
    for track in ("paid", "volunteer", "colleague"):
        badge = _json(client, f"/badges/classes/{track}.json")
        assert badge["type"] == "BadgeClass" and badge["id"] == f"{ORIGIN}/badges/classes/{track}.json"
        assert badge["name"].startswith("Kompetencebevis") and badge["description"]
        assert badge["image"].startswith(ORIGIN) and badge["criteria"]["narrative"]
        assert badge["issuer"] == f"{ORIGIN}/badges/issuer.json"
        assert client.get(badge["image"].removeprefix(ORIGIN)).status_code == 200
    assert "78" in _json(client, "/badges/classes/paid.json")["criteria"]["narrative"]
    assert client.get("/badges/classes/astronaut.json").status_code == 404


def test_assertion_has_every_required_field_and_a_salted_hash(client, certificate):
    url = f"/badges/assertions/{certificate.badge_id}.json"
    assertion = _json(client, url)
    assert assertion["@context"] == "https://w3id.org/openbadges/v2" and assertion["type"] == "Assertion"
    assert assertion["id"] == ORIGIN + url
    assert assertion["badge"] == f"{ORIGIN}/badges/classes/paid.json"
    assert assertion["verification"] == {"type": "hosted"}
    recipient = assertion["recipient"]
    assert recipient["type"] == "email" and recipient["hashed"] is True and len(recipient["salt"]) >= 16
    expected = hashlib.sha256(("lene@example.org" + recipient["salt"]).encode()).hexdigest()
    assert recipient["identity"] == f"sha256${expected}"
    assert assertion["issuedOn"] == certificate.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert assertion["expires"] == certificate.expires_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    text = json.dumps(assertion, ensure_ascii=False)
    assert "lene@example.org" not in text and "Lene" not in text and certificate.code not in text
    assert client.get(url).headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/badges/assertions/nonesuch.json").status_code == 404


def test_revoked_assertion_is_gone_and_listed(client, certificate, coordinator):
    assert _json(client, "/badges/revocations.json")["revokedAssertions"] == []
    services.revoke_certificate(certificate, coordinator, "Udstedt ved en fejl")
    db.session.commit()
    url = f"{ORIGIN}/badges/assertions/{certificate.badge_id}.json"
    gone = _json(client, url.removeprefix(ORIGIN), status=410)
    assert gone["revoked"] is True and gone["id"] == url and "recipient" not in gone
    revocations = _json(client, "/badges/revocations.json")
    assert revocations["type"] == "RevocationList" and revocations["issuer"] == f"{ORIGIN}/badges/issuer.json"
    assert revocations["revokedAssertions"] == [{"id": url}]
    assert "Udstedt ved en fejl" not in json.dumps(revocations) + json.dumps(gone)


def test_demo_data_holds_one_verifiable_certificate(app, client):
    runner = app.test_cli_runner()
    for _ in range(2):  # idempotent
        assert runner.invoke(args=["demo"]).exit_code == 0
    certificates = list(db.session.scalars(db.select(Certificate)))
    assert len(certificates) == 1 and _holder(certificates[0]).email == "peer2@demo.peer-lms.dk"
    page = client.get(f"/verify/{certificates[0].display_code}", headers={"Accept-Language": "en"})
    assert page.status_code == 200 and "Lene Peer" in page.get_data(as_text=True)
    assert certificates[0].snapshot["requirements"] and all(i["met"] for i in certificates[0].snapshot["requirements"])


def test_pdf_downloads_by_others_are_audited_and_the_holders_own_are_not(client, login, certificate, coordinator):
    from lms.audit.models import AuditEvent

    holder = _holder(certificate)

    def events():
        return db.session.execute(db.select(AuditEvent.actor_id, AuditEvent.action, AuditEvent.subject_type,
                                            AuditEvent.learner_id, AuditEvent.purpose)
                                  .where(AuditEvent.subject_type == "certificate", AuditEvent.action == "view")).all()

    login(holder)
    assert client.get(f"/certification/certificates/{certificate.id}.pdf").status_code == 200
    assert events() == []
    browser = client.application.test_client()
    login(coordinator, browser=browser)
    assert browser.get(f"/certification/certificates/{certificate.id}.pdf").status_code == 200
    assert events() == [(coordinator.id, "view", "certificate", holder.id, "certification")]
