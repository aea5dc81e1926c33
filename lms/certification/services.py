"""Certification's rules of work: the declaration, who is ready, issuing, renewal, revocation, the sweep.

Who may do what is decided in lms/access.py; these functions refuse what the rules of certification do not
allow (issuing while something is missing, renewing outside the window), whoever calls them.
"""
import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import aliased

from ..audit import record
from ..auth.models import User, UserRole
from ..cohorts.models import CURRENT_STATUSES, CohortInstructor, Enrolment
from ..cohorts.services import people_with_role
from ..curriculum import Curriculum, get_curriculum
from ..extensions import db
from ..notifications.services import notify
from ..sql import read
from ..timeutil import utcnow
from .models import Certificate, DeclarationAcceptance, PublicCertificate
from .requirements import Requirements
from .status import Checklist, Facts, add_months, gather_facts, get_requirements, local_date, renewal_status
from .status import requirement_status as requirement_status

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed by hand
CODE_LENGTH = 12
MAX_REASON = 1000


class CertificationError(Exception):
    """A refused step, with a message for the person who tried it."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


# --- The declaration ----------------------------------------------------------------------------------------

def declaration_accepted(user_id: int, version: str) -> DeclarationAcceptance | None:
    return db.session.scalar(select(DeclarationAcceptance).where(
        DeclarationAcceptance.user_id == user_id, DeclarationAcceptance.version == version))


def accept_declaration(user: User, now: datetime | None = None) -> DeclarationAcceptance:
    """Record the acceptance of the current version; accepting twice keeps the first time."""
    version = get_requirements().declaration_version
    existing = declaration_accepted(user.id, version)
    if existing is not None:
        return existing
    acceptance = DeclarationAcceptance(user_id=user.id, version=version, accepted_at=now or utcnow())
    db.session.add(acceptance)
    db.session.flush()
    return acceptance


# --- Status of learners -------------------------------------------------------------------------------------

STATES = ("missing", "ready", "holder", "renewal_due", "expired")


@dataclass(frozen=True)
class LearnerStatus:
    learner: User
    checklist: Checklist
    certificate: Certificate | None  # the latest one
    state: str
    facts: Facts
    renewal: Checklist | None = None  # for a certificate in its renewal window, or expired


def window_opens(certificate: Certificate, requirements: Requirements | None = None) -> datetime:
    requirements = requirements or get_requirements()
    return certificate.expires_at - timedelta(days=requirements.renewal.window_days)


def _status(learner: User, facts: Facts, certificate: Certificate | None, requirements: Requirements,
            curriculum: Curriculum, now: datetime) -> LearnerStatus:
    checklist = requirement_status(requirements.tracks[learner.track], facts)
    if certificate is None or certificate.revoked_at is not None:
        return LearnerStatus(learner, checklist, certificate, "ready" if checklist.met else "missing", facts)
    public = certificate.status(now)
    if public == "valid" and now < window_opens(certificate, requirements):
        return LearnerStatus(learner, checklist, certificate, "holder", facts)
    renewal = renewal_status(requirements.renewal, curriculum, facts, certificate.issued_at)
    state = "renewal_due" if public == "valid" else "expired"
    return LearnerStatus(learner, checklist, certificate, state, facts, renewal)


def latest_certificates(learner_ids: list[int]) -> dict[int, Certificate]:
    latest: dict[int, Certificate] = {}
    if learner_ids:
        for certificate in db.session.scalars(select(Certificate).where(Certificate.learner_id.in_(learner_ids))
                                              .order_by(Certificate.issued_at, Certificate.id)):
            latest[certificate.learner_id] = certificate
    return latest


def statuses(learners: list[User], now: datetime | None = None) -> list[LearnerStatus]:
    """Every learner's status in a fixed number of queries (the coordinator's list)."""
    now = now or utcnow()
    requirements, curriculum = get_requirements(), get_curriculum()
    learners = [u for u in learners if u.track in requirements.tracks]
    ids = [u.id for u in learners]
    facts = gather_facts(ids, requirements.declaration_version, now)
    latest = latest_certificates(ids)
    return [_status(u, facts[u.id], latest.get(u.id), requirements, curriculum, now) for u in learners]


def status_of(learner: User, now: datetime | None = None) -> LearnerStatus:
    return statuses([learner], now)[0]


def certifiable_learners(learner_ids=None) -> list[User]:
    """Active learners with a track, by name; only those in `learner_ids` (a query or list) when given."""
    query = select(User).join(UserRole).where(UserRole.role == "learner", User.active.is_(True),
                                              User.track.is_not(None))
    if learner_ids is not None:
        query = query.where(User.id.in_(learner_ids))
    return list(db.session.scalars(query.order_by(User.name, User.id)).unique())


def taught_learner_ids(instructor_id: int):
    """The learners of the instructor's cohorts, as a subquery."""
    return (select(Enrolment.learner_id)
            .join(CohortInstructor, CohortInstructor.cohort_id == Enrolment.cohort_id)
            .where(CohortInstructor.user_id == instructor_id, Enrolment.status.in_(CURRENT_STATUSES),
                   Enrolment.learner_id != instructor_id))


def certificates_of(learner_id: int) -> list[Certificate]:
    return list(db.session.scalars(select(Certificate).where(Certificate.learner_id == learner_id)
                                   .order_by(Certificate.issued_at.desc(), Certificate.id.desc())))


# --- Issuing ------------------------------------------------------------------------------------------------

def _item_json(item) -> dict:
    def number(value):
        return value if isinstance(value, bool) or value is None else str(value)

    return {"key": item.key, "required": number(item.required), "actual": number(item.actual), "met": item.met}


def snapshot_for(learner: User, track_id: str, status: LearnerStatus | None, facts: Facts, *, kind: str,
                 renewal: Checklist | None = None, requirements: Requirements | None = None,
                 curriculum: Curriculum | None = None) -> dict:
    """What the certificate was issued on, kept with it: a later change of rules or records changes nothing."""
    requirements, curriculum = requirements or get_requirements(), curriculum or get_curriculum()
    track = curriculum.tracks[track_id]
    modules = [m for m in curriculum.modules.values() if m.id in facts.approved]
    return {
        "kind": kind,
        "requirements_version": requirements.version,
        "validity_months": requirements.validity_months,
        "holder": learner.name,
        "track": {"id": track_id, "name": dict(track.name)},
        "themes": [{"id": t.id, "name": dict(t.name)} for t in curriculum.themes],
        "modules": [{"id": m.id, "theme": m.theme_id, "title": {"da": m.title_da, "en": m.title_en},
                     "hours": m.hours} for m in modules],
        "requirements": [_item_json(i) for i in status.checklist.items] if status else [],
        "renewal": [_item_json(i) for i in renewal.items] if renewal else None,
        "practice_hours": str(facts.practice_hours),
        "supervision_sessions": facts.supervision_sessions,
        "attendance": {"present": facts.attendance.present, "counted": facts.attendance.counted},
        "declaration": {"version": requirements.declaration_version,
                        "accepted_at": facts.declared_at.isoformat()} if facts.declared_at else None,
    }


def new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.scalar(select(Certificate.id).where(Certificate.code == code)) is None:
            return code


def recipient_hash(email: str, salt: str) -> str:
    """Open Badges' hashed identity: sha256 of the e-mail followed by the salt."""
    return "sha256$" + hashlib.sha256((email + salt).encode("utf-8")).hexdigest()


def create_certificate(learner: User, *, issued_by: User | None, snapshot: dict, track: str | None = None,
                       now: datetime | None = None, renews: Certificate | None = None) -> Certificate:
    """Store a certificate. Callers check the requirements first (issue_certificate, renew_certificate)."""
    now = now or utcnow()
    requirements = get_requirements()
    salt = secrets.token_hex(16)
    start = max(now, renews.expires_at) if renews is not None else now  # renewing early loses no time
    certificate = Certificate(
        learner_id=learner.id, code=new_code(), badge_id=secrets.token_hex(16), recipient_salt=salt,
        recipient_hash=recipient_hash(learner.email, salt), holder_name=learner.name,
        track=track or learner.track, requirements_version=requirements.version, snapshot=snapshot,
        issued_at=now, expires_at=add_months(start, requirements.validity_months),
        issued_by_id=issued_by.id if issued_by else None, renews_id=renews.id if renews else None)
    db.session.add(certificate)
    db.session.flush()
    if issued_by is not None:
        record(issued_by, "issue", "certificate", certificate.id, learner.id, "certification")
    notify(learner.id, "certificate_issued")
    return certificate


def _lock(learner: User) -> None:
    """Two clicks at once must not make two certificates (PostgreSQL locks the row; SQLite has one writer)."""
    db.session.execute(select(User.id).where(User.id == learner.id).with_for_update())


def _missing_text(checklist: Checklist) -> str:
    from .forms import ITEM_LABELS

    return ", ".join(str(ITEM_LABELS[item.key]) for item in checklist.missing)


def issue_certificate(learner: User, issued_by: User, now: datetime | None = None) -> Certificate:
    """Issue when every requirement is met and the learner holds no certificate (a revoked one does not count)."""
    now = now or utcnow()
    if not learner.has_role("learner") or learner.track not in get_requirements().tracks:
        raise CertificationError(_l("Only a learner on a track can be given a certificate."))
    _lock(learner)
    status = status_of(learner, now)
    if status.state in ("holder", "renewal_due", "expired"):
        raise CertificationError(_l("%(name)s already has a certificate. Renew it instead of issuing a new one.",
                                    name=learner.name))
    if not status.checklist.met:
        raise CertificationError(_l("The certificate cannot be issued yet. Missing: %(missing)s.",
                                    missing=_missing_text(status.checklist)))
    snapshot = snapshot_for(learner, learner.track, status, status.facts, kind="issue")
    return create_certificate(learner, issued_by=issued_by, snapshot=snapshot, now=now)


def successor_of(certificate: Certificate) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.renews_id == certificate.id))


def renew_certificate(certificate: Certificate, issued_by: User, now: datetime | None = None) -> Certificate:
    """A new certificate linked to the old one, when the window is open and the continuing education is logged."""
    now = now or utcnow()
    learner = db.session.get(User, certificate.learner_id)
    _lock(learner)
    if certificate.revoked_at is not None:
        raise CertificationError(_l("A revoked certificate cannot be renewed."))
    if successor_of(certificate) is not None:
        raise CertificationError(_l("This certificate has already been renewed."))
    if now < window_opens(certificate):
        raise CertificationError(_l("Renewal opens on %(date)s.",
                                    date=format_date(local_date(window_opens(certificate)), "long")))
    requirements = get_requirements()
    facts = gather_facts([learner.id], requirements.declaration_version, now)[learner.id]
    renewal = renewal_status(requirements.renewal, get_curriculum(), facts, certificate.issued_at)
    if not renewal.met:
        raise CertificationError(_l("The certificate cannot be renewed yet. Missing: %(missing)s.",
                                    missing=_missing_text(renewal)))
    snapshot = snapshot_for(learner, certificate.track, None, facts, kind="renewal", renewal=renewal)
    return create_certificate(learner, issued_by=issued_by, snapshot=snapshot, track=certificate.track, now=now,
                              renews=certificate)


def revoke_certificate(certificate: Certificate, revoked_by: User, reason: str,
                       now: datetime | None = None) -> None:
    reason = (reason or "").replace("\r\n", "\n").strip()
    if not reason:
        raise CertificationError(_l("Give a reason for the revocation."))
    if len(reason) > MAX_REASON:
        raise CertificationError(_l("The reason can be at most %(max)s characters.", max=MAX_REASON))
    if certificate.revoked_at is not None:
        raise CertificationError(_l("This certificate has already been revoked."))
    certificate.revoked_at, certificate.revoked_by_id = now or utcnow(), revoked_by.id
    certificate.revocation_reason = reason
    db.session.flush()
    record(revoked_by, "revoke", "certificate", certificate.id, certificate.learner_id, "certification")
    notify(certificate.learner_id, "certificate_revoked")


# --- Public verification ------------------------------------------------------------------------------------

def normalise_code(code: str) -> str:
    return "".join(c for c in (code or "").upper() if c.isalnum())


def revoked_certificates() -> list[Certificate]:
    return list(db.session.scalars(select(Certificate).where(Certificate.revoked_at.is_not(None))
                                   .order_by(Certificate.revoked_at, Certificate.id)))


def find_by_code(code: str) -> PublicCertificate | None:
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return None
    found = read(_by_code(), {"code": code}).first()
    return PublicCertificate(*found) if found else None


@functools.cache
def _by_code():
    """The public verification page's one query, built once: the public fields only (the track's name is taken
    out of the snapshot in SQL rather than reading the whole snapshot)."""
    return (select(Certificate.holder_name, Certificate.snapshot[("track", "name")], Certificate.issued_at,
                   Certificate.expires_at, Certificate.revoked_at).where(Certificate.code == bindparam("code")))


# --- The sweep ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SweepResult:
    windows_opened: int
    expired: int


def _claim(certificate_id: int, column, now: datetime) -> bool:
    """Set a date once: only the run that changes the row goes on to notify, however many runs overlap."""
    result = db.session.execute(update(Certificate).where(Certificate.id == certificate_id, column.is_(None))
                                .values({column.key: now}).execution_options(synchronize_session=False))
    return result.rowcount == 1


def sweep(now: datetime | None = None) -> SweepResult:
    """Open renewal windows (telling the learner and the coordinators once) and mark expired certificates.
    Safe to run any number of times."""
    now = now or utcnow()
    window = timedelta(days=get_requirements().renewal.window_days)
    successor = aliased(Certificate)
    renewed = select(successor.renews_id).where(successor.renews_id.is_not(None))
    due = list(db.session.scalars(select(Certificate).where(
        Certificate.revoked_at.is_(None), Certificate.renewal_notified_at.is_(None), Certificate.expires_at > now,
        Certificate.expires_at <= now + window, Certificate.id.not_in(renewed)).order_by(Certificate.id)))
    coordinators = people_with_role("coordinator") if due else []
    opened = 0
    for certificate in due:
        if _claim(certificate.id, Certificate.renewal_notified_at, now):
            opened += 1
            notify(certificate.learner_id, "certificate_renewal_due")
            for coordinator in coordinators:
                if coordinator.id != certificate.learner_id:
                    notify(coordinator.id, "certificate_renewal_due_staff", actor_name=certificate.holder_name)
    renewed_ids = set(db.session.scalars(renewed))
    ended = list(db.session.scalars(select(Certificate).where(
        Certificate.revoked_at.is_(None), Certificate.expired_at.is_(None), Certificate.expires_at <= now)
        .order_by(Certificate.id)))
    expired = 0
    for certificate in ended:
        if _claim(certificate.id, Certificate.expired_at, now):
            expired += 1
            if certificate.id not in renewed_ids:  # a renewed certificate simply hands over to its successor
                notify(certificate.learner_id, "certificate_expired")
    db.session.flush()
    return SweepResult(opened, expired)
