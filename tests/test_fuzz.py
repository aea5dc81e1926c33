"""Hostile input to every form: the app never answers 500, and no stored text ever runs as script."""
import os
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms.extensions import db

from .test_access_matrix import MODULE, _sign_in, matrix_world, world  # noqa: F401 (fixtures)

pytestmark = pytest.mark.skipif(bool(os.environ.get("LMS_TEST_DATABASE_URL")),
                                reason="runs on the access table's SQLite world")

NAUGHTY = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "[x](javascript:alert(1))",
    "\"><svg onload=alert(1)>", "' OR 1=1 --", "𝕿𝖊𝖘𝖙 🙂 æøå", "\u202e\u0000\u0007", "%s%n%x", "{{7*7}}",
    "-1", "1e309", "99999999999999999999999", "NaN", "0x41", "2026-02-30", "25:61", "", " ", "null", "[]",
]
hostile = st.one_of(st.sampled_from(NAUGHTY), st.text(max_size=300), st.text(min_size=3000, max_size=60_000,
                    alphabet=st.characters(codec="utf-8")), st.integers().map(str), st.floats().map(str))

# role, url template (filled from the world), form fields
FORMS = [
    ("anonymous", "/login", ["email", "password"]),
    ("anonymous", "/password/forgot", ["email"]),
    ("anonymous", "/invitation/{invitation_token}", ["password", "confirm"]),
    ("anonymous", "/language", ["locale", "next"]),
    ("anonymous", f"/modules/{MODULE}/reflection/relogin", ["email", "password", "text", "revision"]),
    ("fellow", f"/modules/{MODULE}/reflection", ["text", "revision", "action"]),
    ("fellow", f"/modules/{MODULE}/reflection/autosave", ["text", "revision"]),
    ("fellow", "/reflections/{submission}/comments", ["text"]),
    ("learner", f"/modules/{MODULE}/reflection/share", ["shared"]),
    ("learner", f"/modules/{MODULE}/read", ["read"]),
    ("learner", "/logbook/practice", [f"practice-{f}" for f in ("worked_on", "hours", "setting", "kind",
                                                                 "private_note")]),
    ("learner", "/logbook/supervision", [f"supervision-{f}" for f in (
        "held_on", "minutes", "supervision_form", "supervisor_id", "supervisor_name", "topics", "summary",
        "private_note")]),
    ("teacher", "/grading/{submission}", ["decision", "text", "criterion_0", "action"]),
    ("teacher", "/sessions/{class_session}/attendance", ["learner_1", "learner_2"]),
    ("teacher", "/logbook/practice/{pending_practice}/return", ["comment"]),
    ("coordinator", "/admin/people", ["name", "email", "roles", "organisation_id", "track", "locale"]),
    ("coordinator", "/admin/organisations", ["name", "kind"]),
    ("coordinator", "/cohorts", ["name", "starts_on", "ends_on", "instructors"]),
    ("coordinator", "/cohorts/{cohort}/sessions", ["day", "starts", "ends", "place", "modules"]),
    ("coordinator", "/enrolments/{enrolment}/withdraw", ["reason"]),
    ("coordinator", "/cohorts/{cohort}/enrolments", ["learners"]),
]


@pytest.mark.parametrize("role, template, fields", FORMS, ids=[f"{r}:{t}" for r, t, _ in FORMS])
def test_forms_never_fail_on_hostile_input(world, role, template, fields):  # noqa: F811
    app, people, values = world
    client = app.test_client()
    if role != "anonymous":
        _sign_in(client, people[role])
    url = template.format(**values)

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.fixed_dictionaries({name: hostile for name in fields}))
    def post(form):
        response = client.post(url, data=form)
        assert response.status_code < 500, (url, form)
        db.session.rollback()

    post()


def test_invalid_utf8_and_odd_bodies(world):  # noqa: F811
    app, people, values = world
    client = app.test_client()
    _sign_in(client, people["fellow"])
    url = f"/modules/{MODULE}/reflection"
    for body in (b"text=%ff%fe%00&revision=1", b"text=\xff\xfe&revision=\xff", b"%%%", b"revision[]=1&text[]=2"):
        response = client.post(url, data=body, content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500
    response = client.post(url, data=urlencode({"text": "x", "revision": "9" * 400}),
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500


class ScriptFinder(HTMLParser):
    """Parses the page as a browser would and collects anything that could run: inline <script>,
    event-handler attributes, and javascript:/data: URLs in links and sources."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "iframe", "object", "embed") and not (attributes.get("src") or "").startswith("/static/"):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in ("href", "src", "action", "formaction") and re.match(r"\s*(javascript|data):", value or "",
                                                                              re.IGNORECASE):
                self.found.append(f"{tag} {name}={value}")


def runnable(page: str) -> list[str]:
    finder = ScriptFinder()
    finder.feed(page)
    return finder.found


def test_stored_hostile_text_never_runs(world):  # noqa: F811
    """Every naughty string, stored through the real forms, then read back on every page that shows it."""
    app, people, values = world
    author, fellow, teacher = app.test_client(), app.test_client(), app.test_client()
    _sign_in(author, people["learner"])
    _sign_in(fellow, people["fellow"])
    _sign_in(teacher, people["teacher"])
    payload = "\n\n".join(NAUGHTY)
    fellow.post(f"/modules/{MODULE}/reflection", data={"text": payload, "revision": 0, "action": "submit"})
    fellow.post(f"/modules/{MODULE}/reflection/share", data={"shared": "1"})
    fellow.post(f"/reflections/{values['submission']}/comments", data={"text": payload})
    teacher.post(f"/grading/{values['submission']}", data={"decision": "revision_requested", "text": payload,
                                                           "action": "release"})
    stored = author.post("/logbook/practice", data={
        "practice-worked_on": "2026-01-05", "practice-hours": "2", "practice-setting": NAUGHTY[1],
        "practice-kind": "group", "practice-private_note": payload})
    assert stored.status_code == 302
    pages = [(fellow, f"/modules/{MODULE}/reflection"), (author, f"/reflections/{values['submission']}"),
             (author, f"/modules/{MODULE}/reflection"), (teacher, "/grading"), (author, "/logbook"),
             (teacher, "/logbook/confirmations"), (teacher, "/notifications"), (author, "/notifications")]
    for client, url in pages:
        page = client.get(url).get_data(as_text=True)
        assert "alert(1)" in page or url in ("/grading", "/logbook/confirmations", "/notifications"), url
        assert runnable(page) == [], url
