"""Open Badges 2.0, hosted verification: the Issuer profile, a BadgeClass per track, an Assertion per certificate
and the revocation list, as JSON-LD at stable URLs under the server's own origin.

Privacy: an assertion names its recipient only by a salted sha256 hash of the e-mail; it has no name, no code
and no link to the verification page. The revocation list gives only assertion ids, which lead to nothing more
than "revoked". A revocation's reason is never published.
"""
from email.utils import parseaddr

from flask import current_app, url_for

from ..curriculum import Curriculum
from .models import Certificate
from .requirements import TrackRequirements

CONTEXT = "https://w3id.org/openbadges/v2"
MEDIA_TYPE = "application/ld+json"


def _timestamp(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def issuer_id() -> str:
    return url_for("certification.badge_issuer", _external=True)


def assertion_id(certificate: Certificate) -> str:
    return url_for("certification.badge_assertion", badge_id=certificate.badge_id, _external=True)


def issuer_profile() -> dict:
    config = current_app.config
    email = parseaddr(config.get("MAIL_SENDER") or "")[1]
    profile = {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": issuer_id(),
        "name": config["PROGRAMME_NAME"],
        "url": url_for("certification.verify_form", _external=True),
        "description": "Uddannelsen for peer-støttemedarbejdere, frivillige peers og deres kolleger i psykiatrien.",
        "revocationList": url_for("certification.badge_revocations", _external=True),
    }
    if email:
        profile["email"] = email
    return profile


def _criteria(track: TrackRequirements, curriculum: Curriculum) -> str:
    parts = []
    if track.module_ids:
        parts.append(f"godkendte refleksioner over sporets {len(track.module_ids)} moduler i de seks kompetencetemaer")
    if track.attendance_percent is not None:
        parts.append(f"mindst {track.attendance_percent} % fremmøde")
    if track.practice_hours is not None:
        parts.append(f"mindst {track.practice_hours} bekræftede praktiktimer")
    if track.supervision_sessions is not None:
        parts.append(f"mindst {track.supervision_sessions} bekræftede supervisionssessioner")
    if track.declaration:
        parts.append("accepteret etisk kodeks og tavshedspligt")
    return "Beviset udstedes, når deltageren har opfyldt sporets krav: " + "; ".join(parts) + "."


def badge_class(track_id: str, curriculum: Curriculum, track: TrackRequirements) -> dict:
    name = curriculum.tracks[track_id].name
    return {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": url_for("certification.badge_class", track=track_id, _external=True),
        "name": f"Kompetencebevis: {name['da']}",
        "description": f"Kompetencebevis fra {current_app.config['PROGRAMME_NAME']} for sporet {name['da']} "
                       f"({name['en']}).",
        "image": url_for("static", filename="badges/kompetencebevis.svg", _external=True),
        "criteria": {"narrative": _criteria(track, curriculum)},
        "issuer": issuer_id(),
        "tags": ["peer-støtte", "recovery", "psykiatri"],
    }


def assertion(certificate: Certificate) -> tuple[dict, int]:
    """The hosted assertion and its HTTP status: 410 Gone with `revoked: true` once revoked, as the standard asks."""
    if certificate.revoked_at is not None:
        return {"@context": CONTEXT, "type": "Assertion", "id": assertion_id(certificate), "revoked": True}, 410
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": assertion_id(certificate),
        "recipient": {"type": "email", "hashed": True, "salt": certificate.recipient_salt,
                      "identity": certificate.recipient_hash},
        "badge": url_for("certification.badge_class", track=certificate.track, _external=True),
        "verification": {"type": "hosted"},
        "issuedOn": _timestamp(certificate.issued_at),
        "expires": _timestamp(certificate.expires_at),
    }, 200


def revocation_list(revoked: list[Certificate]) -> dict:
    return {
        "@context": CONTEXT,
        "type": "RevocationList",
        "id": url_for("certification.badge_revocations", _external=True),
        "issuer": issuer_id(),
        "revokedAssertions": [{"id": assertion_id(c)} for c in revoked],
    }
