"""Danish by default, English second; the choice is remembered; every string has a Danish text."""
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from lms.config import REPO_ROOT
from lms.extensions import db

from .factories import make_user


def test_danish_is_the_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="da">' in page and "Log ind" in page


def test_browser_language_is_used_when_nothing_is_chosen(client):
    page = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.8"}).get_data(as_text=True)
    assert '<html lang="en">' in page and "Log in" in page


def test_choice_is_remembered_for_anonymous_visitor(client):
    client.post("/language", data={"locale": "en", "next": "/login"})
    assert "Forgot your password?" in client.get("/login").get_data(as_text=True)


def test_choice_is_stored_on_the_account(client, login):
    user = make_user("learner", locale="da")
    login(user)
    response = client.post("/language", data={"locale": "en", "next": "/dashboard"})
    assert response.headers["Location"].endswith("/dashboard")
    db.session.refresh(user)
    assert user.locale == "en"
    page = client.get("/dashboard").get_data(as_text=True)
    assert "My education" in page and "What to do next" in page
    fresh = client.application.test_client()
    fresh.post("/login", data={"email": user.email, "password": "correct horse battery"})
    assert "My education" in fresh.get("/dashboard", headers={"Accept-Language": "da"}).get_data(as_text=True)


def test_english_page_shows_english_module_titles(client, login):
    login(make_user("learner", locale="en"))
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Experiential competence" in page


def test_unknown_language_is_refused(client):
    assert client.post("/language", data={"locale": "xx"}).status_code == 400


def test_danish_catalogue_is_complete_and_compiled():
    po_path = REPO_ROOT / "lms/translations/da/LC_MESSAGES/messages.po"
    with po_path.open("rb") as handle:
        catalogue = read_po(handle)
    missing = [m.id for m in catalogue if m.id and not (m.string if isinstance(m.string, str) else all(m.string))]
    assert missing == []
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert fuzzy == []
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime - 1


def test_every_template_string_is_in_the_catalogue():
    """Extract afresh and compare, so a new untranslated string fails the suite."""
    from babel.messages.extract import extract_from_dir

    po_path = REPO_ROOT / "lms/translations/da/LC_MESSAGES/messages.po"
    with po_path.open("rb") as handle:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    method_map = [("lms/**.py", "python"), ("templates/**.html", "jinja2")]
    found = set()
    for _, _, message, _, _ in extract_from_dir(str(REPO_ROOT), method_map, keywords={"_": None, "_l": None,
                                                "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)}):
        found.add(message if isinstance(message, str) else message[0])
    assert sorted(found - known) == []
    assert Path(po_path).exists()


def test_language_chosen_before_logging_in_stays_for_the_two_step_code(client):
    """A coordinator who chose Danish in an English browser gets the code page in Danish too."""
    coordinator = make_user("coordinator")
    english = {"Accept-Language": "en"}
    client.post("/language", data={"locale": "da", "next": "/login"}, headers=english)
    response = client.post("/login", data={"email": coordinator.email, "password": "correct horse battery"},
                           headers=english)
    assert response.headers["Location"].endswith("/login/code")
    assert '<html lang="da">' in client.get("/login/code", headers=english).get_data(as_text=True)


def test_page_after_logging_out_is_in_the_persons_language(client, login):
    login(make_user("learner", locale="da"))
    page = client.post("/logout", headers={"Accept-Language": "en"}, follow_redirects=True).get_data(as_text=True)
    assert '<html lang="da">' in page


def test_templates_translate_in_the_request_locale_and_follow_force_locale(app):
    """Templates keep the request's catalogue, but a mail rendered under force_locale gets its own language."""
    from flask import render_template_string
    from flask_babel import force_locale

    page = '{{ _("Log out") }} · {{ _("%(n)s%% done", n=5) }}'
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert render_template_string(page) == "Log out · 5% done"
        with force_locale("da"):
            assert render_template_string('{{ _("Log out") }}') == "Log ud"
        assert render_template_string('{{ _("Log out") }}') == "Log out"
        # Variables are escaped, as with Jinja's own newstyle gettext.
        assert render_template_string('{{ _("%(n)s%% done", n="<b>") }}') == "&lt;b&gt;% done"


@pytest.mark.parametrize("locale", ["da", "en"])
def test_date_filters_write_what_flask_babel_writes(app, locale):
    """The template filters use the locale's patterns directly; the result must equal Flask-Babel's, on both
    sides of the change to and from summer time, for aware (UTC) and naive (taken as UTC) moments and dates."""
    from datetime import UTC, date, datetime, timedelta

    from flask_babel import format_date, format_datetime

    from lms.i18n import local_date, local_datetime

    start = datetime(2026, 3, 28, 22, 30, tzinfo=UTC)
    moments = [start + timedelta(hours=7 * i) for i in range(12)]
    moments += [datetime(2026, 10, 24, 23, 59, 59, tzinfo=UTC), datetime(2026, 10, 25, 0, 30, tzinfo=UTC)]
    # Every month's name, single and double digits, every hour (midnight and noon for "12 AM/PM").
    moments += [datetime(2027, month, month * 2, month, month * 4, month, tzinfo=UTC) for month in range(1, 13)]
    moments += [datetime(2026, 7, 1, 0, 5, 9, tzinfo=UTC) + timedelta(hours=hour) for hour in range(24)]
    with app.test_request_context(headers={"Accept-Language": locale}):
        for moment in moments + [m.replace(tzinfo=None) for m in moments]:
            assert local_datetime(moment) == format_datetime(moment, "medium")
            assert local_date(moment) == format_date(moment, "long")
        assert local_date(date(2026, 12, 24)) == format_date(date(2026, 12, 24), "long")
        assert local_datetime(None) == local_date(None) == ""
        # Late on the 24th in UTC is already the 25th in Copenhagen.
        assert local_date(datetime(2026, 12, 24, 23, 30, tzinfo=UTC)) == format_date(date(2026, 12, 25), "long")


def test_a_pattern_with_a_field_the_writers_do_not_know_is_left_to_babel(app):
    from datetime import datetime

    from babel import Locale

    from lms.i18n import _writer

    locale = Locale.parse("da")
    assert _writer("%(EEEE)s %(d)s", locale) is None  # the weekday: Babel writes it
    assert _writer("%(d)s. %(MMMM)s %(y)s", locale)(datetime(2026, 5, 7)) == "7. maj 2026"
