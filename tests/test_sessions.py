"""Server-side sessions: cookie flags, idle and absolute timeouts, seeing and ending other logins."""
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import select, update

from lms import create_app
from lms.auth.models import UserSession
from lms.extensions import db
from lms.timeutil import utcnow

from .factories import DEFAULT_PASSWORD, make_user


def _age(**changes):
    db.session.execute(update(UserSession).values(**changes))
    db.session.commit()


def test_cookie_flags(client, app):
    user = make_user("learner")
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    secure = app.test_client()
    response = secure.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD},
                           base_url="https://lms.test")
    assert "Secure" in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" in response.headers


def test_cookie_is_sent_at_login_not_again_on_every_page(client, login, app):
    """The cookie's lifetime is the server's absolute limit, so reading pages does not re-send it."""
    response = login(make_user("learner"))
    cookie = response.headers["Set-Cookie"]
    expected = utcnow() + timedelta(hours=app.config["SESSION_ABSOLUTE_HOURS"])
    expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])
    assert abs((expires - expected).total_seconds()) < 60
    client.get("/dashboard")  # the first page may change the session (a message shown once is taken out)
    page = client.get("/dashboard")
    assert page.status_code == 200 and "Set-Cookie" not in page.headers


def test_cookie_lifetime_follows_the_absolute_limit(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SESSION_ABSOLUTE_HOURS": 3, "OUTBOX_PATH": str(tmp_path), "LOAD_CURRICULUM": False})
    assert app.permanent_session_lifetime == timedelta(hours=3)


@pytest.mark.parametrize(("url", "pings"), [("sqlite://", False),
                                            ("postgresql+psycopg://postgres@127.0.0.1:5432/test", True)])
def test_connections_are_tested_only_where_a_server_can_drop_them(tmp_path, url, pings):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url,
                      "OUTBOX_PATH": str(tmp_path), "LOAD_CURRICULUM": False})
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"].get("pool_pre_ping", False) is pings


def test_idle_timeout(client, login, app):
    login(make_user("learner"))
    assert client.get("/dashboard").status_code == 200
    _age(last_seen_at=utcnow() - timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] - 1))
    assert client.get("/dashboard").status_code == 200  # still within the limit, and touched again
    _age(last_seen_at=utcnow() - timedelta(minutes=app.config["SESSION_IDLE_MINUTES"] + 1))
    assert client.get("/dashboard").status_code == 302


def test_absolute_timeout_even_when_active(client, login, app):
    login(make_user("learner"))
    _age(created_at=utcnow() - timedelta(hours=app.config["SESSION_ABSOLUTE_HOURS"], minutes=1),
         last_seen_at=utcnow())
    assert client.get("/dashboard").status_code == 302


def test_logout_ends_the_server_session(client, login):
    login(make_user("learner"))
    with client.session_transaction() as session:
        stolen = dict(session)
    client.post("/logout")
    with client.session_transaction() as session:  # replaying the old cookie does not work
        session.update(stolen)
    assert client.get("/dashboard").status_code == 302
    assert db.session.scalar(select(UserSession.ended_at)) is not None


def test_see_and_end_other_sessions(app, client, login):
    user = make_user("learner")
    phone, laptop = app.test_client(), app.test_client()
    for browser in (phone, laptop):
        browser.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD},
                     headers={"User-Agent": "Telefon" if browser is phone else "Bærbar"})
    login(user)
    page = client.get("/account/sessions").get_data(as_text=True)
    assert "Telefon" in page and "Bærbar" in page and "Denne enhed" in page
    phone_id = db.session.scalar(select(UserSession.id).where(UserSession.user_agent == "Telefon"))
    assert client.post(f"/account/sessions/{phone_id}/end").status_code == 302
    assert phone.get("/dashboard").status_code == 302 and laptop.get("/dashboard").status_code == 200
    client.post("/account/sessions/end-others")
    assert laptop.get("/dashboard").status_code == 302 and client.get("/dashboard").status_code == 200


def test_cannot_end_someone_elses_session(client, login, app):
    other = make_user("learner")
    app.test_client().post("/login", data={"email": other.email, "password": DEFAULT_PASSWORD})
    login(make_user("learner"))
    other_session = db.session.scalar(select(UserSession.id).where(UserSession.user_id == other.id))
    assert client.post(f"/account/sessions/{other_session}/end").status_code == 404
