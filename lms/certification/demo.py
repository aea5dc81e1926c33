"""Demo data: Lene Peer (peer2@demo.peer-lms.dk) holds an issued certificate, so the verification page and the badge
documents have something to show. Loaded only when she has no certificate.

Her certificate comes from an earlier run of the education: its snapshot records what she had completed then, and
none of her records in this demo are changed (the browser tests use her account for writing a first reflection).
"""
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from ..auth.models import User
from ..cohorts.schedule import AttendanceRate
from ..curriculum import Curriculum
from ..extensions import db
from ..timeutil import utcnow
from .models import Certificate
from .services import LearnerStatus, accept_declaration, create_certificate, snapshot_for
from .status import Facts, get_requirements, requirement_status

HOLDER = "peer2@demo.peer-lms.dk"


def load_demo_certificate(people: dict[str, User], curriculum: Curriculum) -> None:
    holder = people.get(HOLDER)
    if holder is None or db.session.scalar(select(Certificate.id).where(Certificate.learner_id == holder.id)):
        return
    issued = utcnow() - timedelta(days=30)
    acceptance = accept_declaration(holder, now=issued - timedelta(days=120))
    facts = Facts(approved={m: None for m in curriculum.tracks[holder.track].module_ids},
                  attendance=AttendanceRate(present=9, counted=10), practice_hours=Decimal("78.00"),
                  supervision_sessions=4, declared_at=acceptance.accepted_at)
    checklist = requirement_status(get_requirements().tracks[holder.track], facts)
    status = LearnerStatus(holder, checklist, None, "ready", facts)
    create_certificate(holder, issued_by=people["koordinator@demo.peer-lms.dk"], now=issued,
                       snapshot=snapshot_for(holder, holder.track, status, facts, kind="issue"))
