"""Keyboard use: the skip link comes first and works, and whatever has focus shows it."""
import pytest

from .helpers import COORDINATOR, LEARNER, focused

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
