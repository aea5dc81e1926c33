"""Behind a reverse proxy: X-Forwarded-* headers count only when TRUSTED_PROXIES says how many proxies set them."""
import pytest
from sqlalchemy import select

from lms import create_app
from lms.auth.models import LoginAttempt
from lms.extensions import db

from .conftest import IsolatedClient, _config

FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "peer.example.dk"}


@pytest.fixture(params=[0, 1], ids=["no-proxy", "one-proxy"])
def proxied(request, tmp_path):
    config = {**_config(tmp_path), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'proxy.sqlite3'}",
              "TRUSTED_PROXIES": request.param}
    config.pop("SERVER_NAME")
    app = create_app(config)
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.create_all()
        yield app, request.param
        db.session.remove()
        db.engine.dispose()


def test_forwarded_headers_are_believed_only_from_a_trusted_proxy(proxied):
    app, proxies = proxied
    client = app.test_client()
    response = client.post("/login", data={"email": "nobody@example.org", "password": "wrong password"},
                           headers=FORWARDED)
    assert response.status_code == 422
    address = db.session.scalar(select(LoginAttempt.address))
    assert address == ("203.0.113.7" if proxies else "127.0.0.1")  # throttling counts the real client
    secure = client.post("/language", data={"locale": "en", "next": "/login"}, headers=FORWARDED)  # sets a cookie
    assert ("Strict-Transport-Security" in secure.headers) == bool(proxies)
    assert ("; Secure" in secure.headers.get("Set-Cookie", "")) == bool(proxies)
    issuer = client.get("/badges/issuer.json", headers=FORWARDED).get_json()  # Open Badges ids are absolute URLs
    assert issuer["id"] == ("https://peer.example.dk/badges/issuer.json" if proxies
                            else "http://localhost/badges/issuer.json")


def test_gunicorn_workers_freeze_the_loaded_app_out_of_the_garbage_collector():
    import gc

    from lms import gunicorn_conf

    assert gc.get_freeze_count() == 0
    try:
        gunicorn_conf.post_worker_init(worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
