"""Factory helpers: people, organisations and progress with sensible defaults."""
import itertools

from werkzeug.security import generate_password_hash

from lms.auth.models import Organisation, User, UserRole
from lms.extensions import db

DEFAULT_PASSWORD = "correct horse battery"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # coordinators must use two-step login
_counter = itertools.count(1)
_hash_cache: dict[str, str] = {}


def _hash(password: str) -> str:
    # The app hashes with scrypt, slow on purpose; test accounts use a cheap hash so the suite stays quick.
    if password not in _hash_cache:
        _hash_cache[password] = generate_password_hash(password, "pbkdf2:sha256:1000")
    return _hash_cache[password]


def make_organisation(name: str | None = None, kind: str = "municipality") -> Organisation:
    organisation = Organisation(name=name or f"Organisation {next(_counter)}", kind=kind)
    db.session.add(organisation)
    db.session.commit()
    return organisation


def make_user(*roles: str, track: str | None = None, organisation: Organisation | None = None,
              email: str | None = None, name: str | None = None, password: str | None = DEFAULT_PASSWORD,
              locale: str | None = "da") -> User:
    n = next(_counter)
    roles = roles or ("learner",)
    if "learner" in roles and track is None:
        track = "paid"
    if organisation is None and ("learner" in roles or "workplace_contact" in roles):
        organisation = make_organisation()
    user = User(email=email or f"person{n}@example.org", name=name or f"Person {n}",
                password_hash=_hash(password) if password else None, track=track, locale=locale,
                organisation_id=organisation.id if organisation else None)
    user.role_rows = [UserRole(role=r) for r in roles]
    if "coordinator" in roles:
        user.totp_secret = TOTP_SECRET
    db.session.add(user)
    db.session.flush()
    if "workplace_contact" in roles and organisation is not None:
        from lms.workplace.models import OrganisationContact

        db.session.add(OrganisationContact(user_id=user.id, organisation_id=organisation.id))
    db.session.commit()
    return user


def make_cohort(*, instructors=(), learners=(), name: str | None = None):
    from datetime import date

    from lms.cohorts.services import enrol, save_cohort

    cohort = save_cohort(None, name=name or f"Hold {next(_counter)}", starts_on=date(2026, 9, 1),
                         ends_on=date(2026, 12, 1), instructor_ids=[u.id for u in instructors])
    enrol(cohort, [u.id for u in learners])
    db.session.commit()
    return cohort
