"""Pausing an education in the browser: the coordinator pauses a learner's enrolment from the cohort page, the
learner sees it paused in calm, neutral words (nothing is lost, no warning colours), resumes it from the
dashboard, and both see it active again. Run with the mouse and with the keyboard alone (the `hands` fixture)."""
import pytest

from lms.demo import DEMO_COHORT

from .helpers import COORDINATOR, main_menu, see_flash, see_heading
from .world import add_learner

pytestmark = pytest.mark.browser

RESTING = "Din tilmelding hviler lige nu. Alt, hvad du har skrevet og opnået, bliver gemt. Genoptag, når du er klar."
# The colours of the badges: a pause looks like any other neutral state, never like an error.
NEUTRAL, ERROR = "rgb(74, 85, 96)", "rgb(164, 22, 26)"  # --muted, --error in app.css


def _enrolment_row(page, name: str):
    return page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name, exact=True))


def test_enrolment_is_paused_by_the_coordinator_and_resumed_by_the_learner(lms_server, open_page, hands):
    from playwright.sync_api import expect

    email, name = add_learner(lms_server, "Sara Pause")
    learner = open_page("/dashboard", email)
    cohort = learner.get_by_role("region", name=f"Dit hold: {DEMO_COHORT}")
    status = cohort.locator(".status")
    expect(status).to_have_text("Aktiv")

    coordinator = open_page("/admin/people", COORDINATOR)
    hands.press(main_menu(coordinator).get_by_role("link", name="Hold"))
    hands.press(coordinator.locator("main").get_by_role("link", name=DEMO_COHORT, exact=True))
    see_heading(coordinator, DEMO_COHORT)
    row = _enrolment_row(coordinator, name)
    expect(row.get_by_role("cell").first).to_contain_text("Aktiv")
    hands.press(row.get_by_role("button", name=f"Sæt på pause {name}"))
    see_flash(coordinator, "Tilmeldingen er sat på pause. Intet går tabt, og du kan genoptage den, når du er klar.")
    expect(row.get_by_role("cell").first).to_contain_text("På pause")
    expect(row.get_by_role("button", name=f"Genoptag {name}")).to_have_count(1)

    learner.reload()
    expect(status).to_have_text("På pause")
    expect(cohort).to_contain_text(RESTING)
    assert status.evaluate("e => getComputedStyle(e).color") == NEUTRAL
    assert learner.get_by_role("alert").count() == 0
    assert learner.locator("main .error, main .status-bad, main .form-errors").count() == 0
    hands.press(cohort.get_by_role("button", name="Genoptag min uddannelse"))
    see_flash(learner, "Velkommen tilbage. Tilmeldingen er aktiv igen.")
    expect(status).to_have_text("Aktiv")
    expect(cohort).not_to_contain_text(RESTING)
    expect(cohort.get_by_role("button", name="Sæt min uddannelse på pause")).to_have_count(1)
    assert status.evaluate("e => getComputedStyle(e).color") != ERROR

    coordinator.reload()
    expect(row.get_by_role("cell").first).to_contain_text("Aktiv")
    expect(row.get_by_role("button", name=f"Sæt på pause {name}")).to_have_count(1)
