"""Links built once per worker (lms.urls.PeerFlask) are the links Flask builds."""
import pytest
from flask import Flask
from werkzeug.routing import BuildError

CASES = [
    ("static", {"filename": "css/app.css"}),
    ("learning.module", {"module_id": "listening-and-questions"}),
    ("workplace.overview_page", {"organisation": 3, "page": 2, "sort": "name"}),
    ("workplace.overview_page", {"sort": "name", "page": 2, "organisation": 3}),  # the order of the query is kept
    ("workplace.overview_page", {"cohort": None, "page": 1}),
    ("workplace.person", {"user_id": 17}),
    ("certification.verify", {"code": "ABCD-EFGH-JKLM"}),
    ("workplace.overview_page", {"track": ["paid", "volunteer"]}),  # a list: built by Flask every time
    ("learning.home", {"q": "æ ø å & <b>"}),
]


@pytest.mark.parametrize("script_name", ["", "/peer"])
def test_remembered_links_are_the_links_flask_builds(app, script_name):
    for _ in range(2):  # the second time from memory
        with app.test_request_context("/", base_url=f"http://lms.test{script_name}/"):
            for endpoint, values in CASES:
                assert app.url_for(endpoint, **values) == Flask.url_for(app, endpoint, **values)
                assert app.url_for(endpoint, **values).startswith(f"{script_name}/")


def test_a_link_remembered_under_one_mount_point_is_not_given_under_another(app):
    with app.test_request_context("/", base_url="http://lms.test/a/"):
        assert app.url_for("learning.home") == "/a/"
    with app.test_request_context("/", base_url="http://lms.test/b/"):
        assert app.url_for("learning.home") == "/b/"
    with app.test_request_context("/", base_url="https://lms.test/"):
        assert app.url_for("learning.home") == "/"


def test_full_links_anchors_and_errors_are_left_to_flask(app):
    with app.test_request_context("/", base_url="https://lms.test/"):
        app.url_for("learning.home")
        assert app.url_for("learning.home", _external=True) == "https://lms.test/"
        assert app.url_for("learning.home", _anchor="main") == "/#main"
        for _ in range(2):
            with pytest.raises(BuildError):
                app.url_for("no.such_endpoint")
            with pytest.raises(BuildError):
                app.url_for("workplace.person")  # its user_id is missing


def test_memory_is_bounded(app, monkeypatch):
    monkeypatch.setattr("lms.urls.MAX_REMEMBERED", 5)
    with app.test_request_context("/"):
        for user_id in range(12):
            assert app.url_for("workplace.person", user_id=user_id) == f"/workplace/people/{user_id}"
    assert 0 < len(app.remembered_urls) <= 5


def test_views_and_hooks_are_checked_for_coroutines_once(app):
    async def later():
        return "x"

    def now():
        return "y"

    assert app.ensure_sync(now) is app.ensure_sync(now) is now
    assert now in app._synchronous
    for _ in range(2):  # a coroutine is still handed to Flask's own check (here: Flask has no async support)
        with pytest.raises(RuntimeError, match="async"):
            app.ensure_sync(later)
