"""The written-work cycle in the browser: a learner writes, an instructor asks for more, another approves.

Each test here uses a learner of its own (see helpers.py), so the state it builds up on the session's
server is its own, whatever order the browser tests run in.
"""
import re

import pytest

from lms.demo import DEMO_PASSWORD

from .helpers import (
    INSTRUCTOR,
    INSTRUCTOR_2,
    JOURNEY_LEARNER,
    RELOGIN_LEARNER,
    lang,
    log_in,
    main_menu,
    see_flash,
    see_heading,
    stop_the_clock,
)

pytestmark = pytest.mark.browser

MODULE_ID = "intro-peer-support"
MODULE_TITLE = "Velkommen til peer-støtte"
CRITERION = "Du bruger et konkret eksempel"  # the module's first criterion
FIRST_TEXT = ("Jeg mødte en medpatient, der **lyttede** til mig.\n\n"
              "- Hun fortalte om sin egen vej\n- Hun gav mig håb")
ADDED_TEXT = "\n\nI dag kan jeg se gensidighed i mødet: vi lærte begge noget."
FEEDBACK = "Et godt eksempel. Uddyb, hvordan **gensidighed** viste sig i mødet."


def _see_status(page, text: str) -> None:
    """The reflection's status badge on the learner's reflection page."""
    from playwright.sync_api import expect

    expect(page.locator("main > p").filter(has_text="Status:").locator(".status").first).to_have_text(text)


def _unread(page) -> int:
    """The number on the header's notification badge (0 when there is none)."""
    badge = main_menu(page).get_by_role("link", name=re.compile("^Notifikationer"))
    badge = badge.locator(".badge")
    if badge.count() == 0:
        return 0
    text = " ".join(badge.text_content().split())  # with the visually hidden word
    assert text.endswith(" ulæste"), text  # the number is not left to stand alone for a screen reader
    return int(text.split()[0])


def _grade(page, learner_name: str, expected_status: str, *, decision: str, feedback: str = "",
           mark: str | None = None) -> None:
    """As an instructor: open the learner's reflection from the grading queue, decide and release."""
    from playwright.sync_api import expect

    main_menu(page).get_by_role("link", name="Bedømmelse").click()
    see_heading(page, "Bedømmelse")
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=learner_name)).filter(
        has_text=MODULE_TITLE)
    expect(row).to_have_count(1)
    expect(row.locator(".status")).to_have_text(expected_status)
    row.get_by_role("link", name=learner_name).click()

    see_heading(page, f"Refleksion fra {learner_name}")
    form = page.locator("section", has=page.locator("#grade-heading"))
    form.get_by_role("group", name="Beslutning").get_by_label(decision, exact=True).check()
    if mark:
        form.get_by_label(CRITERION).select_option(label=mark)
    if feedback:
        form.get_by_label("Feedback", exact=True).fill(feedback)
    form.get_by_role("button", name="Gem, og send til deltageren").click()
    see_flash(page, "Feedbacken er sendt til deltageren.")
    expect(page.locator("p.lead .status")).to_have_text(decision)
    assert page.locator("#grade-heading").count() == 0, "the released feedback can no longer be changed"


def test_reflection_is_written_sent_back_revised_and_approved(lms_server, open_page):
    from playwright.sync_api import expect

    email, name = JOURNEY_LEARNER
    learner = open_page("/dashboard", email, "da")
    unread_before = _unread(learner)
    # Fake timers, so the autosave's 3-second pause can be checked and passed without waiting for it.
    stop_the_clock(learner)

    # The learner opens the module and goes on to write.
    learner.locator(".module-list").get_by_role("link", name=MODULE_TITLE, exact=True).first.click()
    see_heading(learner, MODULE_TITLE)
    prompt = learner.locator("section.reflection-prompt")
    expect(prompt.locator(".status")).to_have_text("Ikke påbegyndt")
    prompt.get_by_role("link", name="Skriv din refleksion").click()
    see_heading(learner, f"Refleksion: {MODULE_TITLE}")
    _see_status(learner, "Ikke påbegyndt")
    text = learner.get_by_label("Din refleksion")
    assert text.input_value() == ""

    # Autosave: nothing is sent while the learner may still be typing, then the draft is saved.
    text.fill(FIRST_TEXT)
    autosave_status = learner.locator("#autosave-status")
    learner.clock.run_for(2_500)
    assert autosave_status.inner_text() == ""
    with learner.expect_response(re.compile(r"/reflection/autosave$")) as saved:
        learner.clock.run_for(600)
    assert saved.value.ok
    expect(autosave_status).to_have_text(re.compile(r"^Kladden blev gemt automatisk kl\. \d{1,2}[.:]\d{2}\.$"))
    assert autosave_status.get_attribute("role") == "status"

    learner.reload()
    assert text.input_value() == FIRST_TEXT
    _see_status(learner, "Kladde")
    expect(learner.locator("main")).to_contain_text("kladde sidst gemt")

    # Preview shows the rendered Markdown and keeps the text in the editor.
    learner.get_by_role("button", name="Forhåndsvisning").click()
    preview = learner.get_by_role("region", name="Forhåndsvisning")
    expect(preview.locator("strong")).to_have_text("lyttede")
    expect(preview.locator("li")).to_have_text(["Hun fortalte om sin egen vej", "Hun gav mig håb"])
    assert "**" not in preview.inner_text()
    assert text.input_value() == FIRST_TEXT

    learner.get_by_role("button", name="Aflever til dine undervisere").click()
    see_flash(learner, "Din refleksion er afleveret. Dine undervisere har fået besked.")
    _see_status(learner, "Afleveret")
    assert learner.get_by_label("Din refleksion").count() == 0, "a submitted text is not editable"
    expect(learner.locator("#version-1")).to_contain_text("Version 1")

    # The first instructor asks for a revision, with feedback and a criterion mark.
    instructor = open_page("/grading", INSTRUCTOR, "da")
    _grade(instructor, name, "Afleveret", decision="Skal uddybes", feedback=FEEDBACK, mark="Delvist")
    history = instructor.get_by_role("region", name="Afleverede versioner")
    expect(history.locator(".feedback-text")).to_contain_text("Uddyb, hvordan gensidighed viste sig i mødet.")

    # The learner is told in the header, and the notification leads to the feedback.
    learner.goto(lms_server("/dashboard"))
    assert _unread(learner) == unread_before + 1
    main_menu(learner).get_by_role("link", name=re.compile("^Notifikationer")).click()
    see_heading(learner, "Notifikationer")
    item = learner.locator(".notification-list li").first
    expect(item).to_contain_text("Ulæst")
    item.get_by_role("button", name=f"Du har fået feedback på din refleksion til modulet »{MODULE_TITLE}«.").click()
    expect(learner).to_have_url(re.compile(f"/modules/{MODULE_ID}/reflection$"))
    _see_status(learner, "Skal uddybes")
    assert _unread(learner) == unread_before
    version_1 = learner.get_by_role("article", name=re.compile("^Version 1"))
    expect(version_1.locator(".feedback")).to_contain_text("Beslutning: Skal uddybes")
    expect(version_1.locator(".feedback-text")).to_have_text("Et godt eksempel. Uddyb, hvordan gensidighed viste sig "
                                                             "i mødet.")
    criteria = version_1.get_by_role("table", name="Kriterier")
    expect(criteria.get_by_role("row").filter(has=learner.get_by_role("rowheader", name=CRITERION))).to_contain_text(
        "Delvist")

    # The learner revises and submits again; the editor starts from the submitted text.
    text = learner.get_by_label("Din refleksion")
    assert text.input_value() == FIRST_TEXT
    text.fill(FIRST_TEXT + ADDED_TEXT)
    learner.get_by_role("button", name="Aflever til dine undervisere").click()
    see_flash(learner, "Din refleksion er afleveret. Dine undervisere har fået besked.")
    _see_status(learner, "Afleveret igen")
    expect(learner.locator("#version-2")).to_contain_text("Version 2")

    # The other instructor of the cohort approves the new version.
    instructor_2 = open_page("/grading", INSTRUCTOR_2, "da")
    _grade(instructor_2, name, "Afleveret igen", decision="Godkendt")
    expect(instructor_2.get_by_role("article", name=re.compile("^Version 2")).locator(".version-text")).to_contain_text(
        "vi lærte begge noget")

    learner.reload()
    _see_status(learner, "Godkendt")
    expect(learner.locator("main")).to_contain_text("Din refleksion er godkendt. Godt gået!")
    expect(learner.get_by_role("article", name=re.compile("^Version 2")).locator(".feedback")).to_contain_text(
        "Beslutning: Godkendt")
    assert learner.get_by_label("Din refleksion").count() == 0


def test_text_survives_an_expired_session_and_is_saved_after_logging_in_again(lms_server, new_context):
    from playwright.sync_api import expect

    email, _name = RELOGIN_LEARNER
    context = new_context(locale="da-DK")  # the logged-out page picks its language from the browser
    page = context.new_page()
    log_in(page, lms_server, email, "da")
    stop_the_clock(context)  # no autosave before the session is gone: the text exists only in the page
    page.goto(lms_server(f"/modules/{MODULE_ID}/reflection"))
    text = "Skrevet, mens sessionen udløb.\n\nIntet må gå tabt."
    page.get_by_label("Din refleksion").fill(text)

    context.clear_cookies()
    page.get_by_role("button", name="Gem kladde").click()
    see_heading(page, "Log ind igen for at gemme din tekst")
    assert lang(page) == "da"
    expect(page.locator("main")).to_contain_text(f"gemt som kladde til »{MODULE_TITLE}«")
    assert page.get_by_label("Din refleksion").input_value() == text

    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind, og gem kladden").click()

    see_flash(page, "Din kladde er gemt.")
    assert page.url.endswith(f"/modules/{MODULE_ID}/reflection"), page.url
    _see_status(page, "Kladde")
    page.reload()  # from the server, not from the form that was sent
    assert page.get_by_label("Din refleksion").input_value() == text
