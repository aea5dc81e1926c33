"""Server-side set-up for the browser tests: people and links the demo data does not have, made with the app's
own services (and the unit tests' factories) on the browser server's database.

Each journey makes people of its own, so what it changes on the session's server is its own whatever order the
tests run in, and running a journey twice (by mouse, then by keyboard) needs no clean-up in between.
"""
import itertools
from contextlib import contextmanager

from sqlalchemy import select

from lms.auth import services as accounts
from lms.auth.models import Organisation, User
from lms.certification.models import Certificate
from lms.cohorts.models import Cohort
from lms.cohorts.services import enrol
from lms.demo import DEMO_COHORT, DEMO_PASSWORD
from lms.extensions import db

from ..factories import make_organisation, make_user
from ..test_certification import make_ready

_numbers = itertools.count(1)
ORGANISATION = "Browsertestenes arbejdsplads"


@contextmanager
def on_server(server):
    """Run app code on the browser server's database; committed at the end. (An app context, not a request:
    nothing made here sends mail with links, and it is not a page.)"""
    with server.app.app_context():
        try:
            yield
            db.session.commit()
        finally:
            db.session.remove()


def _person(name: str) -> dict:
    """Name, e-mail and organisation of someone new. Their organisation is none of the demo's, so no demo
    workplace contact sees them."""
    number = next(_numbers)
    slug = name.split()[0].lower()
    organisation = (db.session.scalar(select(Organisation).where(Organisation.name == ORGANISATION))
                    or make_organisation(ORGANISATION))
    return {"name": f"{name} {number}", "email": f"{slug}.{number}@browser.peer-lms.dk", "organisation": organisation}


def add_learner(server, name: str, track: str = "paid") -> tuple[str, str]:
    """A learner in the demo cohort (taught by both demo instructors) with the demo password: (e-mail, name).
    A number is added to the name, so that each call makes someone new."""
    with on_server(server):
        person = _person(name)
        learner = make_user("learner", track=track, password=DEMO_PASSWORD, **person)
        enrol(db.session.scalar(select(Cohort).where(Cohort.name == DEMO_COHORT)), [learner.id])
        return learner.email, learner.name


def add_ready_learner(server, name: str, track: str = "paid") -> tuple[str, str]:
    """A learner who meets every requirement of the track (approved modules, attendance, confirmed hours and
    supervision, the declaration), with no certificate yet: (e-mail, name)."""
    with on_server(server):
        learner = make_ready(track, password=DEMO_PASSWORD, **_person(name))
        return learner.email, learner.name


def link_token(server, purpose: str) -> str:
    """A fresh, unused invitation (accounts.INVITE) or password-reset (accounts.RESET) token, for someone new."""
    with on_server(server):
        person = _person("Invitation" if purpose == accounts.INVITE else "Nulstilling")
        user = make_user("learner", password=None if purpose == accounts.INVITE else DEMO_PASSWORD, **person)
        return accounts.issue_token(user, purpose)


def certificate_code(server, email: str) -> str:
    """The verification code of the latest certificate of the person with `email`."""
    with on_server(server):
        return db.session.scalar(select(Certificate).join(User, User.id == Certificate.learner_id)
                                 .where(User.email == email)
                                 .order_by(Certificate.issued_at.desc())).display_code


def user_id(server, email: str) -> int:
    with on_server(server):
        return db.session.scalar(select(User.id).where(User.email == email))


def cohort_id(server, name: str = DEMO_COHORT) -> int:
    with on_server(server):
        return db.session.scalar(select(Cohort.id).where(Cohort.name == name))


def today(server):
    """Today's date where the programme is (the logbook refuses entries dated in the future)."""
    from lms.logbook.checks import local_today

    with on_server(server):
        return local_today()
