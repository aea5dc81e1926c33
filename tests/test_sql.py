"""lms.sql.read: column reads on the session's connection answer as db.session.execute() would."""
from sqlalchemy import func, select

from lms.auth.models import User
from lms.extensions import db
from lms.notifications.models import Notification
from lms.notifications.services import unread_count
from lms.sql import read

from .factories import make_user


def test_read_sees_what_the_session_has_not_saved_yet(app):
    learner = make_user("learner", name="Før Navn")
    learner_id = learner.id  # read now: reading it later would load the row, and loading flushes first
    db.session.add(Notification(user_id=learner_id, kind="feedback_released", module_id="listening-and-questions"))
    learner.name = "Efter Navn"  # pending, not flushed
    assert unread_count(learner_id) == 1
    assert read(select(User.name).where(User.id == learner_id)).scalar() == "Efter Navn"


def test_read_keeps_what_is_pending_when_the_session_does_not_autoflush(app):
    learner = make_user("learner")
    with db.session.no_autoflush:
        db.session.add(Notification(user_id=learner.id, kind="feedback_released", module_id="listening-and-questions"))
        assert read(select(func.count()).select_from(Notification)).scalar() == 0
    assert read(select(func.count()).select_from(Notification)).scalar() == 1


def test_read_runs_in_the_sessions_transaction(app):
    learner = make_user("learner")
    db.session.add(Notification(user_id=learner.id, kind="feedback_released", module_id="listening-and-questions"))
    assert unread_count(learner.id) == 1
    db.session.rollback()
    assert unread_count(learner.id) == 0
