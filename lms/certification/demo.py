"""Demo data: Lene Peer (peer2@demo.peer-lms.dk) finished an earlier cohort and holds an issued certificate, so the
verification page and the badge documents have something to show. Loaded only when she has no certificate."""
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from ..auth.models import User
from ..cohorts.models import Cohort, Enrolment
from ..cohorts.schedule_models import Attendance, ClassSession
from ..cohorts.services import save_cohort
from ..curriculum import Curriculum
from ..extensions import db
from ..logbook.models import PracticeEntry, SupervisionEntry
from ..reflections.models import Feedback, Submission, SubmissionVersion
from ..timeutil import utcnow
from .models import Certificate
from .services import accept_declaration, issue_certificate

HOLDER = "peer2@demo.peer-lms.dk"
EARLIER_COHORT = "Hold 2025-2 (demo)"
REFLECTION = ("Modulet satte ord på noget, jeg kender fra mit eget forløb. Jeg vil bruge det i mine samtaler ved at "
              "lytte mere og fortælle mindre, og ved at spørge, hvad den anden selv har prøvet.")


def load_demo_certificate(people: dict[str, User], curriculum: Curriculum) -> None:
    holder = people.get(HOLDER)
    if holder is None or db.session.scalar(select(Certificate.id).where(Certificate.learner_id == holder.id)):
        return
    now = utcnow()
    instructor, supervisor = people["underviser@demo.peer-lms.dk"], people["underviser2@demo.peer-lms.dk"]
    start = now - timedelta(days=240)
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == EARLIER_COHORT)) or save_cohort(
        None, name=EARLIER_COHORT, starts_on=start.date(), ends_on=(start + timedelta(days=150)).date(),
        instructor_ids=[instructor.id, supervisor.id])
    db.session.add(Enrolment(cohort_id=cohort.id, learner_id=holder.id, status="completed", enrolled_at=start,
                             ended_at=start + timedelta(days=150)))
    for week in range(10):  # nine of ten class days attended: 90 %
        day = start + timedelta(days=7 * week, hours=2)
        session = ClassSession(cohort_id=cohort.id, starts_at=day, ends_at=day + timedelta(hours=5),
                               place="Peer-huset, lokale 2")
        db.session.add(session)
        db.session.flush()
        db.session.add(Attendance(session_id=session.id, learner_id=holder.id, recorded_by_id=instructor.id,
                                  status="absent" if week == 4 else "present", recorded_at=day))
    for i, module in enumerate(curriculum.modules_for_track(holder.track)):
        when = start + timedelta(days=5 + 7 * i)
        submission = Submission(learner_id=holder.id, module_id=module.id, status="approved", draft_text=REFLECTION,
                                draft_revision=1, draft_saved_at=when, last_submitted_at=when, created_at=when)
        db.session.add(submission)
        db.session.flush()
        version = SubmissionVersion(submission_id=submission.id, number=1, text=REFLECTION, submitted_at=when)
        db.session.add(version)
        db.session.flush()
        db.session.add(Feedback(version_id=version.id, decision="approved", text="Godkendt. Tak for en ærlig tekst.",
                                author_id=instructor.id, released_by_id=instructor.id,
                                released_at=when + timedelta(days=2), updated_at=when + timedelta(days=2)))
    for week in range(13):  # 13 weeks of 6 hours
        day = start + timedelta(days=30 + 7 * week)
        db.session.add(PracticeEntry(learner_id=holder.id, status="confirmed", worked_on=day.date(),
                                     hours=Decimal(6), setting="Bostedet, Region Hovedstadens Psykiatri",
                                     kind="one_to_one", decided_by_id=instructor.id, decided_at=day,
                                     created_at=day, updated_at=day, submitted_at=day))
    for month in range(4):
        day = start + timedelta(days=35 + 28 * month)
        db.session.add(SupervisionEntry(learner_id=holder.id, status="confirmed", held_on=day.date(), minutes=60,
                                        supervision_form="individual", supervisor_id=supervisor.id,
                                        topics="Egen historie og grænser", decided_by_id=supervisor.id,
                                        decided_at=day, created_at=day, updated_at=day, submitted_at=day))
    db.session.flush()
    accept_declaration(holder, now=start + timedelta(days=3))
    issue_certificate(holder, people["koordinator@demo.peer-lms.dk"], now=now - timedelta(days=30))
