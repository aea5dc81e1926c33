"""The demo data: loads twice without harm and its logins work."""
from sqlalchemy import func, select

from lms.auth.models import User
from lms.demo import DEMO_PASSWORD
from lms.extensions import db


def test_demo_command_twice_and_logins_work(app, client):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    count = db.session.scalar(select(func.count()).select_from(User))
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(User)) == count
    assert "koordinator@demo.peer-lms.dk" in first.output and DEMO_PASSWORD in first.output
    tracks = set(db.session.scalars(select(User.track).where(User.track.is_not(None))))
    assert tracks == {"paid", "volunteer", "colleague"}
    for email, target in [("peer@demo.peer-lms.dk", "/dashboard"), ("koordinator@demo.peer-lms.dk", "/admin/people"),
                          ("underviser@demo.peer-lms.dk", "/curriculum"),
                          ("arbejdsplads@demo.peer-lms.dk", "/curriculum")]:
        browser = app.test_client()
        assert browser.post("/login", data={"email": email, "password": DEMO_PASSWORD}).status_code == 302
        home = browser.get("/")
        assert home.headers["Location"].endswith(target)
        assert browser.get(target).status_code == 200
