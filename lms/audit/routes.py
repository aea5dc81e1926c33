from flask import render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from ..access import require
from ..extensions import db
from . import bp
from .models import AuditEvent

PAGE_SIZE = 100


@bp.get("/admin/audit")
@login_required
def log():
    require("audit.read_all")
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    learner = request.args.get("learner", type=int)
    if learner:
        query = query.where(AuditEvent.learner_id == learner)
    page = max(request.args.get("page", 1, type=int), 1)
    events = list(db.session.scalars(query.limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)))
    return render_template("audit/log.html", events=events[:PAGE_SIZE], page=page,
                           has_more=len(events) > PAGE_SIZE, learner=learner)


@bp.get("/account/access-log")
@login_required
def own():
    """A learner sees when and why their data was used, without the names of the staff involved."""
    require("audit.read_own")
    events = list(db.session.scalars(select(AuditEvent).where(AuditEvent.learner_id == current_user.id,
                                                              AuditEvent.actor_id != current_user.id)
                                     .order_by(AuditEvent.at.desc()).limit(500)))
    return render_template("audit/own.html", events=events)
