"""Headers, CSRF and friendly errors."""
from lms import create_app
from lms.extensions import db

from .factories import make_user


def test_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "base-uri 'none'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_personal_pages_are_not_cached(client, login):
    login(make_user("learner"))
    assert client.get("/dashboard").headers["Cache-Control"] == "no-store"


def test_no_inline_script_in_pages(client, login):
    login(make_user("learner"))
    page = client.get("/dashboard").get_data(as_text=True)
    assert "<script>" not in page and " onclick=" not in page and "style=" not in page


def test_friendly_404_in_danish_and_english(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "Siden findes ikke" in response.get_data(as_text=True)
    response = client.get("/no/such/page", headers={"Accept-Language": "en"})
    assert "Page not found" in response.get_data(as_text=True)


def test_get_on_post_only_route_is_405(client):
    response = client.get("/logout")
    assert response.status_code == 405 and "Error code: 405" in client.get(
        "/logout", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_csrf_is_enforced(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "OUTBOX_PATH": str(tmp_path)})
    with app.app_context():
        from lms.extensions import db

        db.create_all()
        user = make_user("learner")
        client = app.test_client()
        response = client.post("/login", data={"email": user.email, "password": "correct horse battery"})
        assert response.status_code == 400
        assert "Formularen var udløbet" in response.get_data(as_text=True)
        db.drop_all()


def test_health_route(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_too_large_request_gets_a_friendly_413(client, app):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/login", data={"email": "x" * 5000, "password": "y"})
    assert response.status_code == 413 and "Fejlkode: 413" in response.get_data(as_text=True)


def test_unexpected_error_shows_no_stack_trace(app, caplog):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("secret detail 1234")

    response = app.test_client().get("/boom-for-test")
    page = response.get_data(as_text=True)
    assert response.status_code == 500 and "secret detail" not in page and "Traceback" not in page
    assert "Fejlkode: 500" in page
    assert "secret detail 1234" in caplog.text  # the detail goes to the log only


def test_public_pages_give_visitors_no_cookie(client, app):
    """The certificate check and the accessibility statement are read by anyone: no session is made for them."""
    app.config["WTF_CSRF_ENABLED"] = True
    for path in ("/verify", "/verify/ABCD-EFGH-JKLM", "/accessibility"):
        response = client.get(path)
        assert response.status_code in (200, 404) and "Set-Cookie" not in response.headers, path
        assert 'name="locale"' in response.get_data(as_text=True)  # the language switch is still there
    assert "Set-Cookie" in client.get("/login").headers  # a form that signs in needs its token


def test_visitors_choose_a_language_without_a_token_but_signed_in_people_need_one(client, app):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/language", data={"locale": "en", "next": "/verify"})
    assert response.status_code == 302 and response.headers["Location"] == "/verify"
    assert "Verify a certificate" in client.get("/verify").get_data(as_text=True)
    assert client.post("/language", data={"locale": "xx"}).status_code == 400

    user = make_user("learner", locale="da")
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert client.post("/login", data={"email": user.email, "password": "correct horse battery",
                                       "csrf_token": token}).status_code == 302
    assert client.post("/language", data={"locale": "en"}).status_code == 400  # no token: refused
    db.session.refresh(user)
    assert user.locale == "da"
    dashboard = client.get("/dashboard").get_data(as_text=True)
    token = dashboard.split('name="csrf_token" value="')[1].split('"')[0]
    assert client.post("/language", data={"locale": "en", "csrf_token": token}).status_code == 302
    db.session.refresh(user)
    assert user.locale == "en"
