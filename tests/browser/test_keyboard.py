"""Keyboard use: the skip link comes first and works, whatever has focus shows it, and the reflection
forms can be used without a mouse."""
import pytest

from .helpers import COORDINATOR, INSTRUCTOR, KEYBOARD_LEARNER, LEARNER, focused, stop_the_clock, tab_until

pytestmark = pytest.mark.browser

PAGES = [
    ("/login", None),
    ("/password/forgot", None),
    ("/no-such-page", None),
    ("/dashboard", LEARNER),
    ("/modules/intro-peer-support", LEARNER),
    ("/admin/people", COORDINATOR),
    ("/admin/organisations", COORDINATOR),
    ("/curriculum", COORDINATOR),
    ("/accessibility", None),
    ("/verify", None),
    ("/logbook", LEARNER),
]


def _skip_link_box(page) -> dict:
    return page.locator(".skip-link").bounding_box()


@pytest.mark.parametrize(("path", "email"), PAGES, ids=[p for p, _ in PAGES])
def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(path, email, open_page):
    page = open_page(path, email)
    assert focused(page)["tag"] == "body", f"something has focus before the first Tab: {focused(page)}"
    box = _skip_link_box(page)
    assert box["y"] + box["height"] <= 0, "the skip link should be off screen until it is focused"

    page.keyboard.press("Tab")
    now = focused(page)
    assert "skip-link" in now["cls"] and now["href"] == "#main", f"first Tab focused {now}"
    box = _skip_link_box(page)
    viewport = page.viewport_size
    assert box["y"] >= 0 and box["x"] >= 0, f"the focused skip link is not on screen: {box}"
    assert box["y"] + box["height"] <= viewport["height"] and box["x"] + box["width"] <= viewport["width"]
    assert page.locator(".skip-link").is_visible()
    centre = [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]
    on_top = page.evaluate("([x, y]) => document.elementFromPoint(x, y).classList.contains('skip-link')", centre)
    assert on_top, "the focused skip link is covered by something else"

    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main", f"the skip link moved focus to {focused(page)}"
    # The next Tab continues inside the main content, past the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)"), focused(page)


OUTLINE = """() => {
    const e = document.activeElement, s = getComputedStyle(e);
    return {tag: e.tagName.toLowerCase(), text: (e.innerText || e.id || '').trim().slice(0, 60),
            style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor};
}"""


@pytest.mark.parametrize(("path", "email"), [("/login", None), ("/dashboard", LEARNER), ("/admin/people", COORDINATOR)],
                         ids=["login", "dashboard", "people"])
def test_every_focused_control_shows_a_focus_outline(path, email, open_page):
    page = open_page(path, email)
    seen, missing = set(), []
    for _ in range(40):
        page.keyboard.press("Tab")
        state = page.evaluate(OUTLINE)
        if state["tag"] == "body":  # past the last control
            break
        seen.add(state["tag"])
        if state["style"] == "none" or state["width"] < 2:
            missing.append(state)
    assert {"a", "button"} <= seen, f"Tab reached only {seen}"
    assert not missing, f"focused without a visible outline: {missing}"


def test_reflection_is_submitted_and_graded_with_the_keyboard_only(lms_server, open_page):
    """Tab into the editor, type, Tab to Submit, Enter; then the grading form: a radio chosen with the arrow
    keys, a criterion mark and feedback typed, and released with Enter. KEYBOARD_LEARNER writes only here."""
    from playwright.sync_api import expect

    email, name = KEYBOARD_LEARNER
    learner = open_page("/modules/intro-peer-support/reflection", email, "da")
    stop_the_clock(learner)  # the autosave is not what is tested here
    tab_until(learner, lambda f: f["id"] == "text", "the reflection's text field")
    learner.keyboard.type("Skrevet med tastaturet alene.")
    tab_until(learner, lambda f: f["text"] == "Aflever til dine undervisere", "the submit button")
    with learner.expect_navigation():
        learner.keyboard.press("Enter")
    expect(learner.locator(".flashes")).to_have_text("Din refleksion er afleveret. Dine undervisere har fået besked.")
    expect(learner.locator("#version-1 + .version-text")).to_have_text("Skrevet med tastaturet alene.")

    instructor = open_page("/grading", INSTRUCTOR, "da")
    instructor.get_by_role("row").filter(has=instructor.get_by_role("rowheader", name=name)).get_by_role(
        "link", name=name).click()
    expect(instructor.locator("h1")).to_have_text(f"Refleksion fra {name}")
    first = tab_until(instructor, lambda f: f["name"] == "decision", "the decision's radio buttons")
    assert (first["value"], first["checked"]) == ("approved", False), first  # Tab does not choose
    instructor.keyboard.press("Space")
    assert focused(instructor)["checked"]
    instructor.keyboard.press("ArrowDown")  # moves to the next radio button and chooses it
    now = focused(instructor)
    assert (now["value"], now["checked"]) == ("revision_requested", True), now
    expect(instructor.get_by_label("Godkendt", exact=True)).not_to_be_checked()

    instructor.keyboard.press("Tab")
    assert focused(instructor)["id"] == "criterion_0"
    instructor.keyboard.press("ArrowDown")  # from "not assessed" to the first mark
    assert focused(instructor)["value"] == "met"
    tab_until(instructor, lambda f: f["name"] == "text", "the feedback field")
    instructor.keyboard.type("Godt begyndt. Fortæl mere om dit eksempel.")
    tab_until(instructor, lambda f: f["text"] == "Gem, og send til deltageren", "the release button")
    with instructor.expect_navigation():
        instructor.keyboard.press("Enter")
    expect(instructor.locator(".flashes")).to_have_text("Feedbacken er sendt til deltageren.")
    expect(instructor.locator("p.lead .status")).to_have_text("Skal uddybes")
    feedback = instructor.locator("#version-1 ~ .feedback")
    expect(feedback).to_contain_text("Beslutning: Skal uddybes")
    expect(feedback.locator(".feedback-text")).to_have_text("Godt begyndt. Fortæl mere om dit eksempel.")
    expect(feedback.get_by_role("row").filter(has_text="Du bruger et konkret eksempel")).to_contain_text("Opfyldt")
