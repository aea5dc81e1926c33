"""The demo data: loads twice without harm and its logins work."""
import pyotp
from sqlalchemy import func, select

from lms.auth.models import User
from lms.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from lms.extensions import db


def test_demo_command_outside_a_request(tmp_path):
    """As the README runs it: a fresh process, no request, a file database."""
    import os
    import subprocess
    import sys

    from lms import create_app

    database = tmp_path / "demo.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "SECRET_KEY": "x"})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    env = {**os.environ, "LMS_DATABASE_URL": f"sqlite:///{database}", "LMS_INSTANCE_PATH": str(tmp_path),
           "LMS_OUTBOX_PATH": str(tmp_path / "outbox")}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "lms", "demo"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "peer@demo.peer-lms.dk" in result.stdout
    assert any("127.0.0.1:5000" in p.read_text() for p in (tmp_path / "outbox").glob("*.eml"))


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
                          ("arbejdsplads@demo.peer-lms.dk", "/workplace/")]:
        browser = app.test_client()
        assert browser.post("/login", data={"email": email, "password": DEMO_PASSWORD}).status_code == 302
        if email.startswith("koordinator"):  # two-step login, with the demo's published key
            code = pyotp.TOTP(DEMO_TOTP_SECRET).now()
            assert browser.post("/login/code", data={"code": code}).status_code == 302
        home = browser.get("/")
        assert home.headers["Location"].endswith(target)
        assert browser.get(target).status_code == 200


def test_demo_self_assessments_fill_the_programme_report_and_leave_the_demo_peer_invited(app, client, login):
    from lms.curriculum import get_curriculum
    from lms.demo import DEMO_COHORT
    from lms.evaluation import measures, reports
    from lms.evaluation.models import SelfAssessment
    from lms.evaluation.questions import course_questions, self_assessment_questions

    runner = app.test_cli_runner()
    for _ in range(2):  # the second run adds nothing
        assert runner.invoke(args=["demo"]).exit_code == 0
    answered = list(db.session.scalars(select(SelfAssessment)))
    assert len(answered) == 5 and {a.kind for a in answered} == {"start"}
    amir = db.session.scalar(select(User).where(User.email == "peer@demo.peer-lms.dk"))
    assert amir.id not in {a.user_id for a in answered}

    questions = self_assessment_questions(get_curriculum())
    report = measures.build_report("cohort", reports.load(), get_curriculum(), "da", questions, course_questions())
    row = next(row for row in report.rows if row.label == DEMO_COHORT)
    for question in questions:  # every question: five answers, so shown, and its mean is of answers 2-4
        cell = row.cells[f"sa:{question.id}:start"]
        assert cell.n == 5 and not cell.hidden and 2 <= cell.value <= 4

    for email, invited in (("peer@demo.peer-lms.dk", True), ("peer2@demo.peer-lms.dk", False)):
        browser = app.test_client()
        assert browser.post("/login", data={"email": email, "password": DEMO_PASSWORD}).status_code == 302
        assert ("/self-assessment/start" in browser.get("/dashboard").get_data(as_text=True)) is invited
