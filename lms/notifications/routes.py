from flask import abort, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from ..access import require
from ..extensions import db
from ..i18n import current_locale
from . import bp, services
from .models import Notification


@bp.get("/notifications")
@login_required
def index():
    require("notifications.own")
    items = services.recent(current_user.id)
    locale = current_locale()
    return render_template("notifications/index.html", form=FlaskForm(),
                           items=[(n, services.describe(n, locale)) for n in items])


@bp.post("/notifications/<int:notification_id>")
@login_required
def open_notification(notification_id: int):
    """Opening marks it read; a POST, because it changes state."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != current_user.id:
        abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    services.mark_read(current_user.id, notification.id)
    db.session.commit()
    return redirect(services.link_for(notification))


@bp.post("/notifications/read")
@login_required
def mark_all_read():
    require("notifications.own")
    if not FlaskForm().validate_on_submit():
        abort(400)
    services.mark_read(current_user.id)
    db.session.commit()
    return redirect(url_for("notifications.index"))
