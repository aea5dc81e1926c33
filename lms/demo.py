"""Demo data for a laptop: one of each kind of person, safe to load twice."""
from datetime import time, timedelta
from decimal import Decimal

from sqlalchemy import select

from .auth.models import Organisation, User, UserRole
from .auth.services import hash_password, normalise_email
from .cohorts.models import Cohort
from .cohorts.services import enrol, save_cohort
from .extensions import db
from .learning.services import set_module_read
from .logbook import services as logbook
from .logbook.checks import local_today
from .reflections.services import get_submission, submit
from .timeutil import utcnow

DEMO_PASSWORD = "peer-demo-2026"
# Coordinators must use two-step login; the demo coordinator's key is public, for trying it out only.
DEMO_TOTP_SECRET = "PEERDEMOPEERDEMOPEERDEMOPEERDEMO"
ORGANISATIONS = [
    ("Københavns Kommune, Socialpsykiatrien", "municipality"),
    ("Region Hovedstadens Psykiatri", "region"),
    ("Frivilligcenter Rudersdal", "volunteer_centre"),
]
# (e-mail, name, roles, organisation index or None, track)
PEOPLE = [
    ("koordinator@demo.peer-lms.dk", "Karen Koordinator", ["coordinator"], None, None),
    ("underviser@demo.peer-lms.dk", "Ida Underviser (peer)", ["instructor"], None, None),
    ("underviser2@demo.peer-lms.dk", "Jens Underviser (fagperson)", ["instructor"], None, None),
    ("arbejdsplads@demo.peer-lms.dk", "Birgit Arbejdsplads", ["workplace_contact"], 0, None),
    ("peer@demo.peer-lms.dk", "Amir Peer", ["learner"], 0, "paid"),
    ("peer2@demo.peer-lms.dk", "Lene Peer", ["learner"], 1, "paid"),
    ("frivillig@demo.peer-lms.dk", "Sofie Frivillig", ["learner"], 2, "volunteer"),
    ("frivillig2@demo.peer-lms.dk", "Ole Frivillig", ["learner"], 2, "volunteer"),
    ("kollega@demo.peer-lms.dk", "Mette Kollega", ["learner"], 0, "colleague"),
    ("kollega2@demo.peer-lms.dk", "Henrik Kollega", ["learner"], 1, "colleague"),
]


def _organisation(name: str, kind: str) -> Organisation:
    existing = db.session.scalar(select(Organisation).where(Organisation.name == name))
    if existing:
        return existing
    organisation = Organisation(name=name, kind=kind)
    db.session.add(organisation)
    db.session.flush()
    return organisation


DEMO_COHORT = "Hold 2026-2 (demo)"
DEMO_REFLECTION = (
    "Da jeg selv var indlagt, var det en medpatient, der gjorde den største forskel. Hun sagde ikke, hvad jeg "
    "skulle gøre; hun fortalte, hvad der havde hjulpet hende, og lyttede til mig.\n\n"
    "Jeg kan genkende **gensidighed** og **håb** i det møde. Som peer vil jeg gerne give det samme videre."
)


def _demo_cohort(people: dict[str, User]) -> Cohort:
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == DEMO_COHORT))
    if cohort is None:
        today = utcnow().date()
        instructors = [u.id for e, u in people.items() if u.has_role("instructor")]
        cohort = save_cohort(None, name=DEMO_COHORT, starts_on=today - timedelta(days=21),
                             ends_on=today + timedelta(days=70), instructor_ids=instructors)
        enrol(cohort, [u.id for u in people.values() if u.has_role("learner")])
        _demo_sessions(cohort, people)
    return cohort


def _demo_sessions(cohort: Cohort, people: dict[str, User]) -> None:
    """Two sessions a week: three behind us with attendance, three ahead."""
    from .cohorts import schedule

    today = utcnow().date()
    learners = {u.id for u in people.values() if u.has_role("learner")}
    teacher = next(u for u in people.values() if u.has_role("instructor"))
    plan = [(-10, "intro-peer-support"), (-7, "experiential-competence"), (-3, "listening-and-questions"),
            (4, "own-story"), (7, "boundaries-and-assertiveness"), (11, "language-and-context")]
    for days, module_id in plan:
        session = schedule.save_session(None, cohort, day=today + timedelta(days=days), starts=time(9, 30),
                                        ends=time(12, 30), place="Kulturhuset, lokale 2", module_ids=[module_id])
        if days < 0:
            marks = {learner_id: "present" for learner_id in learners}
            marks[people["frivillig2@demo.peer-lms.dk"].id] = "excused" if days == -7 else "present"
            marks[people["kollega2@demo.peer-lms.dk"].id] = "absent" if days == -3 else "present"
            schedule.register_attendance(session, marks, teacher.id, learners)


def _demo_logbook(people: dict[str, User]) -> None:
    """A few logbook entries for the demo peer, one of each kind confirmed and one waiting (only when none exist)."""
    peer = people["peer@demo.peer-lms.dk"]
    practice, supervision = logbook.entries_for(peer.id)
    if practice or supervision:
        return
    instructor, supervisor = people["underviser@demo.peer-lms.dk"], people["underviser2@demo.peer-lms.dk"]
    today = local_today()
    confirmed = logbook.add_entry(peer, "practice", {
        "worked_on": today - timedelta(days=6), "hours": Decimal("3"), "kind": "one_to_one",
        "setting": "Aktivitetscentret, Socialpsykiatrien", "private_note": "Det mindede mig om min egen indlæggelse."})
    logbook.confirm(instructor, confirmed)
    logbook.add_entry(peer, "practice", {
        "worked_on": today - timedelta(days=2), "hours": Decimal("2.5"), "kind": "group",
        "setting": "Recovery-gruppe, bostedet", "private_note": ""})
    session = logbook.add_entry(peer, "supervision", {
        "held_on": today - timedelta(days=5), "minutes": 60, "supervision_form": "individual",
        "supervisor_id": supervisor.id, "supervisor_name": None, "topics": "Grænser i 1:1-samtaler",
        "summary": "Vi talte om, hvornår jeg bruger min egen historie.", "private_note": ""})
    logbook.confirm(supervisor, session)
    logbook.add_entry(peer, "supervision", {
        "held_on": today - timedelta(days=1), "minutes": 90, "supervision_form": "erfa_group",
        "supervisor_id": None, "supervisor_name": "Hanne fra peer-netværket", "topics": "Erfaringsudveksling",
        "summary": "", "private_note": ""})


def load_demo(curriculum) -> list[tuple[str, str]]:
    """Create what is missing and return (e-mail, roles) of every demo login."""
    organisations = [_organisation(name, kind) for name, kind in ORGANISATIONS]
    password_hash = hash_password(DEMO_PASSWORD)
    logins, people = [], {}
    for email, name, roles, org_index, track in PEOPLE:
        user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
        if user is None:
            user = User(email=email, name=name, password_hash=password_hash, track=track, locale="da",
                        organisation_id=organisations[org_index].id if org_index is not None else None)
            user.role_rows = [UserRole(role=r) for r in roles]
            if "coordinator" in roles:
                user.totp_secret = DEMO_TOTP_SECRET
            db.session.add(user)
            db.session.flush()
            if email == "peer@demo.peer-lms.dk":  # someone already under way, so progress shows
                for module in curriculum.modules_for_track(track)[:3]:
                    set_module_read(user.id, module.id, True)
        people[email] = user
        logins.append((email, ", ".join(roles) + (f" ({track})" if track else "")))
    _demo_cohort(people)
    peer = people["peer@demo.peer-lms.dk"]
    if get_submission(peer.id, "intro-peer-support") is None:  # something waiting in the grading queue
        submit(peer, "intro-peer-support", DEMO_REFLECTION, 0)
    _demo_logbook(people)
    from .certification.demo import load_demo_certificate

    load_demo_certificate(people, curriculum)  # peer2 holds an issued certificate (only when she has none)
    from .evaluation.demo import load_demo_self_assessments

    load_demo_self_assessments(people, curriculum)  # five of six have answered the start self-assessment
    from .workplace.services import link_contact

    contact = people["arbejdsplads@demo.peer-lms.dk"]
    link_contact(organisations[0], contact)  # follows the people of Københavns Kommune (safe to repeat)
    db.session.flush()
    return logins
