"""Shared steps of the browser tests: demo logins, language, keyboard focus, axe-core."""
import contextlib
import json
import time
from pathlib import Path
from urllib.parse import urlparse

from lms import demo
from lms.demo import DEMO_PASSWORD

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Demo logins (lms/demo.py); every one has the password DEMO_PASSWORD.
LEARNER = "peer@demo.peer-lms.dk"
INSTRUCTOR = "underviser@demo.peer-lms.dk"
COORDINATOR = "koordinator@demo.peer-lms.dk"
WORKPLACE = "arbejdsplads@demo.peer-lms.dk"
INSTRUCTOR_2 = "underviser2@demo.peer-lms.dk"
# The server (and its database) lives for the whole session, so each test that writes a reflection has a
# learner of its own, whom no other browser test writes for. LEARNER's demo reflection on intro-peer-support
# stays submitted and ungraded: the axe walks open its grading form.
JOURNEY_LEARNER = ("frivillig@demo.peer-lms.dk", "Sofie Frivillig")  # test_reflection_journey.py
KEYBOARD_LEARNER = ("frivillig2@demo.peer-lms.dk", "Ole Frivillig")  # test_keyboard.py
RELOGIN_LEARNER = ("peer2@demo.peer-lms.dk", "Lene Peer")  # test_reflection_journey.py, expired session


def log_in(page, server, email: str, locale: str = "da") -> None:
    """Log in through the form, then put the page in `locale`. A logged-in user's language is stored on
    the account, so each test sets the one it needs instead of relying on the order of the tests."""
    page.goto(server("/login"))
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    _wait_to_leave(page, "/login")
    if "/account/two-step" in page.url:  # the role requires two-step login, not set up yet on this server
        _TWO_STEP[email] = {"secret": page.locator("main code").inner_text().strip(), "step": -1}
        _enter_code(page, email)
    elif "/login/code" in page.url:
        _enter_code(page, email)
    assert "/login" not in page.url and "/two-step" not in page.url, \
        f"login as {email} failed: {page.locator('main').inner_text()}"
    set_locale(page, locale)


# Two-step login (coordinators): the authenticator key of each account (the demo data's, or the one log_in
# got when it set two-step login up on the session's server), and the last 30-second step whose code was
# used, since the server accepts each code once.
_TWO_STEP: dict[str, dict] = {}
TOTP_STEP = 30


def _enter_code(page, email: str) -> None:
    import pyotp

    state = _TWO_STEP.setdefault(email, {"secret": getattr(demo, "DEMO_TOTP_SECRET", None), "step": -1})
    assert state["secret"], f"{email} asks for a two-step code, but the demo data has no key for it"
    step = max(int(time.time() // TOTP_STEP), state["step"] + 1)
    # The server takes the code of the current step or of the one before or after it.
    wait = (step - 1) * TOTP_STEP - time.time()
    if wait > 0:
        time.sleep(wait + 0.5)
    code_page = urlparse(page.url).path
    page.locator("main #code").fill(pyotp.TOTP(state["secret"]).at(step * TOTP_STEP))
    page.locator("main form button[type=submit]").click()
    _wait_to_leave(page, code_page)
    state["step"] = step


def _wait_to_leave(page, path: str) -> None:
    """Wait for the page after a form was sent; on a refusal (the same page again) just let the caller see it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_url(lambda url: urlparse(url).path != path, timeout=5_000)
    page.wait_for_load_state()


def set_locale(page, locale: str) -> None:
    """Press the header's language button when the page is not in `locale` yet."""
    if lang(page) != locale:
        page.locator(f".language-form button[value={locale}]").click()
        page.wait_for_load_state()
    assert lang(page) == locale


def lang(page) -> str | None:
    return page.locator("html").get_attribute("lang")


def main_menu(page):
    """The header's main navigation (Danish name)."""
    return page.get_by_role("navigation", name="Hovedmenu")


# Checks right after a click that sends a form wait for the new page (expect retries), so they never read
# the page that was there before.
def see_flash(page, text) -> None:
    from playwright.sync_api import expect

    expect(page.locator(".flashes")).to_have_text(text)


def see_heading(page, text) -> None:
    from playwright.sync_api import expect

    expect(page.locator("h1")).to_have_text(text)


def focused(page) -> dict:
    """What has keyboard focus, for assertions and their messages."""
    return page.evaluate("""() => {
        const e = document.activeElement;
        return {tag: e.tagName.toLowerCase(), id: e.id, cls: String(e.className || ''),
                text: (e.innerText || '').trim(), href: e.getAttribute('href'),
                type: e.getAttribute('type'), name: e.getAttribute('name'), value: e.value,
                checked: !!e.checked};
    }""")


def stop_the_clock(page_or_context) -> None:
    """Fake timers, stopped: the page's timers (the reflection autosave's 3-second pause) fire only when the
    test moves the clock on with `.clock.run_for(ms)`. Stays in force across navigations."""
    from datetime import datetime, timedelta

    page_or_context.clock.install()
    page_or_context.clock.pause_at(datetime.now() + timedelta(seconds=1))  # install alone lets time run on


def tab_until(page, found, what: str, limit: int = 30) -> dict:
    """Press Tab until `found(focused(page))` is true; return what has focus then."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if found(now):
            return now
    raise AssertionError(f"{what} was not reached with {limit} presses of Tab; focus is on {focused(page)}")


def run_axe(page) -> list[dict]:
    """Run axe-core's WCAG 2.0/2.1 A and AA rules on the page; return the violations.

    The page must come from a browser context made with bypass_csp=True: the app's CSP
    (script-src 'self') would otherwise block the injected script. Only the axe contexts bypass it.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS)
    return result["violations"]


def describe_violations(where: str, violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{where}: {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            lines.append(f"    target {json.dumps(node['target'])}: {node.get('failureSummary', '').strip()}"
                         .replace("\n", " | "))
    return "\n".join(lines)


# --- Mouse or keyboard: journeys take a `Hands` (the `hands` fixture runs them both ways) ----------------------

_FOCUS_STEP = """() => {
    const e = document.activeElement, same = e === window.__lmsLastFocus;
    window.__lmsLastFocus = e;
    if (!e || e === document.body || e === document.documentElement) return {body: true, same};
    const s = getComputedStyle(e), segments = e.tagName === 'INPUT' && ['date', 'time'].includes(e.type);
    // A date field's calendar button is a stop of its own inside the field (the field itself does not match
    // :focus then); its focus ring is drawn by the browser (and styled in app.css), not on the field.
    const inner = segments && !e.matches(':focus');
    return {body: false, same, segments,
            visible: inner || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2),
            what: `<${e.tagName.toLowerCase()}${e.id ? ' id=' + e.id : ''}> ` +
                  (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 60)};
}"""
# Whether focus is now after the target in the page (so Shift+Tab goes back to it).
_FOCUS_IS_AFTER = """target => {
    const e = document.activeElement;
    return !!e && e !== document.body && !!(target.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING);
}"""


def tab_to(target, limit: int = 250) -> None:
    """Move keyboard focus to `target` (a locator) with Tab, or Shift+Tab when it lies behind the focus. At every
    stop the focused element must show a focus outline, and every key press must move focus on (no trap); a
    date field's day, month and year are one stop each."""
    page = target.page
    target.wait_for()
    key = "Shift+Tab" if target.evaluate(_FOCUS_IS_AFTER) else "Tab"
    page.evaluate(_FOCUS_STEP)  # remember where focus starts
    passed_the_end = 0
    for _ in range(limit):
        if target.evaluate("e => e === document.activeElement"):
            return
        page.keyboard.press(key)
        step = page.evaluate(_FOCUS_STEP)
        if step["body"]:
            passed_the_end += 1
            assert passed_the_end < 2, f"went round the whole page with {key} and never reached {target}"
            continue
        assert not step["same"] or step["segments"], f"focus is trapped on {step['what']}: {key} does not move it"
        assert step["visible"], f"{step['what']} has focus but shows no focus outline"
    raise AssertionError(f"{target} was not reached with {limit} presses of {key}; focus is on {focused(page)}")


class Hands:
    """Drives the app as a person does: with the mouse, or with the keyboard alone (Tab, Shift+Tab, Enter, Space,
    the arrow keys and typing; never a click)."""

    def __init__(self, keyboard: bool):
        self.keyboard = keyboard

    def __repr__(self) -> str:
        return "keyboard" if self.keyboard else "mouse"

    def press(self, target) -> None:
        """Follow a link or press a button, and wait for the page it leads to."""
        with target.page.expect_navigation():
            if not self.keyboard:
                target.click()
            else:
                tab_to(target)
                target.page.keyboard.press("Enter" if target.evaluate("e => e.tagName") == "A" else "Space")
        target.page.wait_for_load_state()

    def fill(self, target, text: str) -> None:
        if not self.keyboard:
            target.fill(text)
            return
        tab_to(target)
        target.page.keyboard.press("Control+A")
        target.page.keyboard.type(text)
        assert target.input_value() == text

    def choose(self, target, label: str) -> None:
        """Choose the option with the text `label` in a <select>: with the arrow keys, from the top."""
        if not self.keyboard:
            target.select_option(label=label)
            return
        tab_to(target)
        keyboard = target.page.keyboard
        keyboard.press("Home")
        options = target.evaluate("e => e.options.length")
        for _ in range(options):
            if target.evaluate("e => e.selectedOptions[0].text") == label:
                return
            keyboard.press("ArrowDown")
        raise AssertionError(f"no option {label!r} in {target}")

    def date(self, target, day) -> None:
        """A date field. Headless Chromium lays its segments out as mm/dd/yyyy whatever the page's language."""
        if not self.keyboard:
            target.fill(day.isoformat())
            return
        tab_to(target)
        target.page.keyboard.type(day.strftime("%m%d%Y"))
        assert target.input_value() == day.isoformat(), f"typed {day} into the date field: {target.input_value()}"
