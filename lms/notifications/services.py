"""Tell people what happened: an in-app notification and a mail (through the outbox when no SMTP)."""
import functools

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select, update

from ..auth.models import User
from ..curriculum import get_curriculum
from ..extensions import db
from ..mail import send_mail
from ..sql import read
from ..timeutil import utcnow
from .models import Notification


def describe(notification: Notification, locale: str) -> str:
    module = get_curriculum().modules.get(notification.module_id or "")
    title = module.title(locale) if module else notification.module_id or ""
    who = notification.actor_name or ""
    if notification.kind == "reflection_submitted":
        return _("%(name)s submitted a reflection on “%(module)s”.", name=who, module=title)
    if notification.kind == "feedback_released":
        return _("You have feedback on your reflection on “%(module)s”.", module=title)
    if notification.kind == "share_comment":
        return _("%(name)s commented on your shared reflection on “%(module)s”.", name=who, module=title)
    if notification.kind == "logbook_submitted":
        return _("%(name)s asks you to confirm an entry in their logbook.", name=who)
    if notification.kind == "logbook_returned":
        return _("%(name)s returned an entry in your logbook with a comment.", name=who)
    if notification.kind == "certificate_issued":
        return _("Your certificate has been issued. Congratulations!")
    if notification.kind == "certificate_renewal_due":
        return _("Your certificate can now be renewed. See what renewal takes.")
    if notification.kind == "certificate_renewal_due_staff":
        return _("The certificate of %(name)s is due for renewal.", name=who)
    if notification.kind == "certificate_expired":
        return _("Your certificate has expired. It can still be renewed.")
    if notification.kind == "certificate_revoked":
        return _("Your certificate has been revoked.")
    return title


def _target(notification: Notification) -> tuple[str, dict]:
    if notification.kind == "logbook_submitted":
        return "logbook.confirmations", {}
    if notification.kind == "logbook_returned":
        return "logbook.index", {}
    if notification.kind == "certificate_renewal_due_staff":
        return "certification.overview", {}
    if notification.kind.startswith("certificate_"):
        return "learning.dashboard", {}
    if notification.kind == "reflection_submitted" and notification.submission_id:
        return "grading.grade", {"submission_id": notification.submission_id}
    if notification.module_id:
        return "reflections.edit", {"module_id": notification.module_id}
    return "learning.home", {}


def link_for(notification: Notification, external: bool = False) -> str:
    endpoint, values = _target(notification)
    return url_for(endpoint, _external=external, **values)


def notify(user_id: int, kind: str, *, module_id: str | None = None, submission_id: int | None = None,
           actor_name: str | None = None) -> Notification:
    notification = Notification(user_id=user_id, kind=kind, module_id=module_id, submission_id=submission_id,
                                actor_name=actor_name, created_at=utcnow())
    db.session.add(notification)
    db.session.flush()
    recipient = db.session.get(User, user_id)
    if recipient is not None and recipient.active:
        locale = recipient.locale or "da"
        with force_locale(locale):
            # Only what happened and a link: never any private text in a mail.
            text = describe(notification, locale)
            body = _("Hello %(name)s,\n\n%(text)s\n\nRead more here: %(link)s\n",
                     name=recipient.name, text=text, link=link_for(notification, external=True))
            send_mail(recipient.email, f"{current_app.config['PROGRAMME_NAME']}: {text}", body)
    return notification


def unread_count(user_id: int) -> int:
    return read(_unread_count(), {"user_id": user_id}).scalar()


@functools.cache
def _unread_count():
    """Asked on every page: built once, so only its parameter changes (see auth.sessions)."""
    return select(func.count()).select_from(Notification).where(
        Notification.user_id == bindparam("user_id"), Notification.read_at.is_(None))


def recent(user_id: int, limit: int = 50) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user_id)
                                   .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))


def mark_read(user_id: int, notification_id: int | None = None) -> None:
    statement = update(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    if notification_id is not None:
        statement = statement.where(Notification.id == notification_id)
    db.session.execute(statement.values(read_at=utcnow()))
    db.session.flush()
