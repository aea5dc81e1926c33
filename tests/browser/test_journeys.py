"""Journeys through the real app, as a learner and a coordinator would take them."""
import re

import pytest

from lms.demo import DEMO_PASSWORD

from .helpers import COORDINATOR, LEARNER, focused, lang, log_in, set_locale

pytestmark = pytest.mark.browser


def _overall(page) -> tuple[int, int]:
    """(read, total) from the dashboard's overall progress bar, checked against its visible text."""
    bar = page.locator(".next-step progress")
    done, total = int(bar.get_attribute("value")), int(bar.get_attribute("max"))
    text = page.locator(".next-step .progress-text").inner_text()
    assert text.startswith(f"{done} af {total} moduler læst"), text
    return done, total


def _read_status(container):
    """The read/not-read badge inside `container` (rows may carry other badges too)."""
    return container.locator(".status").filter(has_text=re.compile(r"^(Læst|Ikke læst endnu)$"))


def _tab_to(page, element_id: str, limit: int = 15) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page)["id"] == element_id:
            return
    raise AssertionError(f"#{element_id} was not reached with {limit} presses of Tab; focus is on {focused(page)}")


def test_learner_logs_in_by_keyboard_and_marks_the_next_module_read(lms_server, new_context):
    page = new_context().new_page()
    page.goto(lms_server("/login"))
    _tab_to(page, "email")
    page.keyboard.type(LEARNER)
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "password"
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/dashboard"), page.url
    set_locale(page, "da")  # the account's language, in case an earlier failed test left it in English

    assert page.locator("h1").inner_text() == "Min uddannelse"
    done, total = _overall(page)
    assert 0 < done < total  # the demo learner is under way
    next_link = page.locator(".next-step a[href*='/modules/']")
    title = next_link.inner_text()
    row = page.locator(".module-list li").filter(has=page.get_by_role("link", name=title, exact=True))
    assert _read_status(row).inner_text() == "Ikke læst endnu"

    next_link.click()
    assert page.locator("h1").inner_text() == title
    status = _read_status(page.locator("article.module header"))
    assert status.inner_text() == "Ikke læst endnu"
    page.get_by_role("button", name="Markér som læst").click()

    assert page.get_by_role("status").inner_text() == "Modulet er markeret som læst."
    assert status.inner_text() == "Læst"
    assert "status-done" in status.get_attribute("class")
    assert page.get_by_role("button", name="Markér som ikke læst").is_visible()

    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Min uddannelse").click()
    assert _overall(page) == (done + 1, total)
    assert _read_status(row).inner_text() == "Læst"
    assert page.locator(".next-step a[href*='/modules/']").inner_text() != title


def test_language_switches_to_english_and_back(lms_server, open_page):
    page = open_page("/login")
    assert lang(page) == "da"
    assert page.locator("h1").inner_text() == "Log ind"
    assert page.locator(".skip-link").inner_text() == "Gå til indholdet"
    english = page.get_by_role("button", name="English")
    assert english.get_attribute("lang") == "en"  # the name of a language is spoken in that language

    english.click()
    assert lang(page) == "en"
    assert page.url.endswith("/login")
    assert page.locator("h1").inner_text() == "Log in"
    assert page.locator(".skip-link").inner_text() == "Skip to content"
    assert page.locator("label[for=password]").inner_text() == "Password"
    danish = page.get_by_role("button", name="Dansk")
    assert danish.get_attribute("lang") == "da"

    danish.click()
    assert lang(page) == "da"
    assert page.locator("h1").inner_text() == "Log ind"
    assert page.locator("label[for=password]").inner_text() == "Adgangskode"


def test_logged_in_language_choice_is_kept(lms_server, open_page):
    page = open_page("/dashboard", LEARNER, "da")
    assert page.locator("h1").inner_text() == "Min uddannelse"
    page.get_by_role("button", name="English").click()
    assert lang(page) == "en"
    assert page.url.endswith("/dashboard")
    assert page.locator("h1").inner_text() == "My education"
    page.reload()
    assert lang(page) == "en"  # stored on the account, not only for this page
    page.get_by_role("button", name="Dansk").click()
    assert lang(page) == "da"
    assert page.locator("h1").inner_text() == "Min uddannelse"


def _described_by(page, field_id: str) -> list[str]:
    return (page.locator(f"#{field_id}").get_attribute("aria-describedby") or "").split()


def test_coordinator_invites_a_person_after_correcting_the_form(lms_server, new_context):
    from playwright.sync_api import expect

    page = new_context().new_page()
    log_in(page, lms_server, COORDINATOR, "da")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Personer").click()
    assert page.locator("h1").inner_text() == "Personer"
    invite = page.locator("form.grid-form")

    invite.get_by_role("button", name="Send invitation").click()
    assert page.get_by_role("alert").inner_text() == "Ret venligst de felter, der er markeret nedenfor."
    for field_id, message in [("name", "Skriv personens navn."), ("email", "Skriv en e-mailadresse.")]:
        field = page.locator(f"#{field_id}")
        assert f"{field_id}-error" in _described_by(page, field_id)
        assert page.locator(f"#{field_id}-error").inner_text() == message
        assert field.get_attribute("aria-invalid") == "true"
        expect(field).to_have_accessible_description(re.compile(re.escape(message)))
    expect(page.get_by_label("Fulde navn")).to_have_accessible_description("Skriv personens navn.")
    roles = page.get_by_role("group", name="Roller")
    expect(roles).to_have_accessible_description("Vælg mindst én rolle.")
    assert roles.get_attribute("aria-describedby") == "roles-error"
    # The labels belong to their fields: clicking one puts focus in the field.
    page.locator("label[for=email]").click()
    assert focused(page)["id"] == "email"
    page.get_by_text("Fulde navn", exact=True).click()
    assert focused(page)["id"] == "name"

    page.get_by_label("Fulde navn").fill("Nina Ny")
    page.get_by_label("E-mail").fill("nina.ny@example.org")
    roles.get_by_label("Underviser").check()
    invite.get_by_role("button", name="Send invitation").click()

    assert page.url.endswith("/admin/people")
    assert page.get_by_role("status").inner_text() == "Der er sendt en invitation til nina.ny@example.org."
    assert page.get_by_role("alert").count() == 0
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Nina Ny"))
    expect(row).to_contain_text("nina.ny@example.org")
    expect(row).to_contain_text("Inviteret")
