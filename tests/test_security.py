"""Headers, CSRF and friendly errors."""
from lms import create_app

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
