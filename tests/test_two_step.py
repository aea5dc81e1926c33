"""Two-step login (TOTP): required for coordinators, optional for everyone else."""
import time

import pyotp

from lms.auth import two_step
from lms.auth.models import User
from lms.extensions import db

from .conftest import totp_code
from .factories import DEFAULT_PASSWORD, make_user


def _password(client, user):
    return client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})


def test_coordinator_must_set_it_up_before_anything_else(client):
    coordinator = make_user("coordinator")
    coordinator.totp_secret = None
    db.session.commit()
    assert _password(client, coordinator).headers["Location"].endswith("/")
    assert client.get("/admin/people").headers["Location"].endswith("/account/two-step")
    page = client.get("/account/two-step").get_data(as_text=True)
    assert 'src="data:image/svg+xml;base64,' in page
    secret = page.split("<code>")[1].split("</code>")[0]
    assert client.post("/account/two-step", data={"code": "000000"}).status_code == 422
    assert client.post("/account/two-step", data={"code": pyotp.TOTP(secret).now()}).status_code == 302
    assert client.get("/admin/people").status_code == 200
    client.post("/logout")
    response = _password(client, coordinator)
    assert response.headers["Location"].endswith("/login/code")
    assert client.get("/admin/people").status_code == 302  # the password alone is not a login
    assert client.post("/login/code", data={"code": totp_code(coordinator)}).status_code == 302
    assert client.get("/admin/people").status_code == 200


def test_wrong_codes_are_throttled_like_passwords(client, app):
    coordinator = make_user("coordinator")
    _password(client, coordinator)
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        assert client.post("/login/code", data={"code": "123456"}).status_code == 422
    response = client.post("/login/code", data={"code": totp_code(coordinator)})
    assert response.status_code == 422 and "For mange mislykkede forsøg" in response.get_data(as_text=True)


def test_a_code_cannot_be_used_twice(app):
    user = make_user("coordinator")
    now = time.time()
    code = pyotp.TOTP(user.totp_secret).at(now)
    assert two_step.check_code(user, code, now)
    assert not two_step.check_code(user, code, now)


def test_the_code_step_expires(client):
    coordinator = make_user("coordinator")
    _password(client, coordinator)
    with client.session_transaction() as session:
        session["pending_at"] -= 301
    assert client.post("/login/code", data={"code": totp_code(coordinator)}).headers["Location"].endswith("/login")


def test_learner_may_switch_it_on_and_off_but_a_coordinator_may_not_switch_off(client, login):
    learner = make_user("learner")
    login(learner)
    page = client.get("/account/two-step").get_data(as_text=True)
    secret = page.split("<code>")[1].split("</code>")[0]
    client.post("/account/two-step", data={"code": pyotp.TOTP(secret).now()})
    db.session.expire_all()
    assert db.session.get(User, learner.id).uses_two_step
    client.post("/account/two-step/disable", data={"code": totp_code(learner)})
    db.session.expire_all()
    assert not db.session.get(User, learner.id).uses_two_step
    client.post("/logout")
    coordinator = make_user("coordinator")
    login(coordinator)
    assert client.post("/account/two-step/disable", data={"code": totp_code(coordinator)}).status_code == 403
