"""The workplace contact follows their organisation's people: the overview, a filter, a person's page and the
export, by mouse and by keyboard alone, in the real browser; never a text the learner wrote."""
import csv
import io

import pytest

from lms.demo import DEMO_REFLECTION

from .helpers import WORKPLACE, focused, tab_until

pytestmark = pytest.mark.browser

OWN_PEOPLE = ("Amir Peer", "Mette Kollega")  # the demo's learners of Københavns Kommune
OTHER_PEOPLE = ("Lene Peer", "Sofie Frivillig")  # other organisations'
REFLECTION_SNIPPET = DEMO_REFLECTION.split(".")[0]


def _names(page) -> list[str]:
    return page.locator("main table.participation tbody th").all_inner_texts()


def test_contact_sees_participation_opens_a_person_and_exports(open_page, lms_server, tmp_path):
    page = open_page("/", WORKPLACE)
    assert page.url.endswith("/workplace/")  # the contact's start page
    names = _names(page)
    assert set(OWN_PEOPLE) <= set(names) and not set(OTHER_PEOPLE) & set(names)
    assert REFLECTION_SNIPPET not in page.content()

    page.locator("#track").select_option("colleague")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**track=colleague**")
    assert _names(page) == ["Mette Kollega"]

    page.get_by_role("link", name="Nulstil filtrene").click()
    page.locator("main thead").get_by_role("link", name="Navn").click()  # ascending already: now descending
    page.wait_for_url("**order=desc**")
    assert page.locator("main thead th[aria-sort]").get_attribute("aria-sort") == "descending"
    assert _names(page) == sorted(_names(page), reverse=True)

    page.get_by_role("link", name="Amir Peer").click()
    page.get_by_role("heading", level=1, name="Amir Peer").wait_for()
    content = page.content()
    assert "Krav til kompetencebeviset" in content and REFLECTION_SNIPPET not in content
    assert page.locator("#modules-heading").is_visible()

    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som CSV").click()
    path = tmp_path / "participation.csv"
    download.value.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert rows[0][:3] == ["Navn", "Organisation", "Forløb"]
    assert {r[0] for r in rows[1:]} == set(OWN_PEOPLE)
    assert all(r[1] == "Københavns Kommune, Socialpsykiatrien" for r in rows[1:])  # ø intact

    with page.expect_download() as download:
        page.get_by_role("link", name="Hent som Excel-projektmappe").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_contact_filters_and_opens_a_person_with_the_keyboard_only(open_page):
    page = open_page("/workplace/", WORKPLACE)
    tab_until(page, lambda f: f.get("id") == "track", "the track filter")
    page.keyboard.press("End")  # the last option of the list: the colleague track
    tab_until(page, lambda f: f["tag"] == "button" and f["text"] == "Vis", "the Show button")
    page.keyboard.press("Enter")
    page.wait_for_url("**track=colleague**")
    assert _names(page) == ["Mette Kollega"]
    tab_until(page, lambda f: f["tag"] == "a" and f["text"] == "Mette Kollega", "the person's link", limit=60)
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "the focused link shows where focus is"
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1, name="Mette Kollega").wait_for()
    page.keyboard.press("Tab")  # a new page starts from the top: the skip link comes first
    assert "skip-link" in focused(page)["cls"]
