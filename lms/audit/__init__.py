"""The audit trail of access to health data (reflections, feedback, logbook entries, certificates)."""
from flask import Blueprint

bp = Blueprint("audit", __name__)


def record(actor, action: str, subject_type: str, subject_id: int | None, learner_id: int | None,
           purpose: str) -> None:
    from ..extensions import db
    from .models import AuditEvent

    db.session.add(AuditEvent(actor_id=actor.id if actor else None, actor_name=actor.name if actor else "",
                              action=action, subject_type=subject_type, subject_id=subject_id,
                              learner_id=learner_id, purpose=purpose))
    db.session.flush()


from . import routes  # noqa: E402,F401
