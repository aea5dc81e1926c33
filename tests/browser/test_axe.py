"""axe-core (WCAG 2.0 and 2.1, levels A and AA) on every page each role can reach, in Danish and English."""
import pytest

from lms.demo import DEMO_COHORT

from .helpers import (
    COORDINATOR,
    INSTRUCTOR,
    LEARNER,
    WORKPLACE,
    describe_violations,
    lang,
    run_axe,
)

pytestmark = pytest.mark.browser

LEARNER_NAME = "Amir Peer"  # LEARNER in the demo data
UNWRITTEN_MODULE = "experiential-competence"
MODULE_TITLE = {"da": "Velkommen til peer-støtte", "en": "Welcome to peer support"}  # intro-peer-support


def _submit_empty(page, form_selector: str) -> None:
    page.locator(f"{form_selector} button[type=submit]").click()
    page.locator(".form-errors").first.wait_for()  # the new page, even if the click returned before it came
    page.wait_for_load_state()
    assert page.locator(".form-errors").count() == 1, "the empty form was expected to show its errors"


def _first_module(page) -> None:
    page.locator("main a[href*='/modules/']").first.click()
    page.wait_for_load_state()
    assert "/modules/" in page.url


# Each walk starts on the role's first page (opened by the test) and yields a name for every page
# to check; the test runs axe-core on the page as it is at each yield.
def _anonymous(page, server):
    yield "login"
    _submit_empty(page, "main form")
    yield "login with errors"
    page.goto(server("/password/forgot"))
    yield "forgot password"
    _submit_empty(page, "main form")
    yield "forgot password with errors"
    page.locator("#email").fill("nobody@example.org")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    yield "reset link sent"
    page.goto(server("/invitation/not-a-token"))
    yield "link no longer works"
    assert page.goto(server("/no-such-page")).status == 404
    yield "404 page"


def _press(page, name_da: str, name_en: str, then: str) -> None:
    """Press the main content's button named `name_da` (Danish) or `name_en` (English), and wait for the
    page it leads to: the one with an element matching `then`."""
    page.locator("main").get_by_role("button", name=name_da if lang(page) == "da" else name_en, exact=True).click()
    page.locator(then).first.wait_for()
    page.wait_for_load_state()


def _learner(page, server):
    yield "dashboard"
    page.locator(".next-step a[href*='/modules/']").click()
    page.wait_for_load_state()
    yield "module page"
    # A module the demo learner has not written on; nothing below saves, so both languages see the same
    # empty editor.
    page.goto(server(f"/modules/{UNWRITTEN_MODULE}/reflection"))
    assert page.locator("#text").input_value() == ""
    yield "reflection, empty"
    _press(page, "Aflever til dine undervisere", "Submit to your instructors", then="#text-error")
    yield "reflection with a form error"
    # Set without an input event, so that the autosave script does not start (and save a draft).
    page.locator("#text").evaluate("(field, text) => { field.value = text; }", "En **kort** tekst:\n\n- med en liste")
    _press(page, "Forhåndsvisning", "Preview", then=".preview")
    assert page.locator(".preview strong").inner_text() == "kort"
    yield "reflection with a preview"
    page.goto(server("/modules/intro-peer-support/reflection"))  # submitted in the demo data
    yield "reflection, submitted"
    page.goto(server("/notifications"))
    yield "notifications"
    for path, name in (("/logbook", "logbook"), ("/schedule", "schedule"), ("/account/sessions", "my account"),
                       ("/account/access-log", "use of my data"), ("/account/two-step", "two-step set-up")):
        page.goto(server(path))
        yield name
    assert page.goto(server("/admin/people")).status == 403
    yield "403 page"


def _open_demo_cohort(page, server):
    page.goto(server("/cohorts"))
    yield "cohort list"
    page.locator("main").get_by_role("link", name=DEMO_COHORT, exact=True).click()
    page.get_by_role("heading", level=1, name=DEMO_COHORT).wait_for()
    page.wait_for_load_state()
    yield "cohort page"


def _instructor(page, server):
    yield "curriculum"
    _first_module(page)
    yield "module page"
    page.goto(server("/grading"))
    yield "grading queue"
    # The demo learner's submission: no browser test grades it, so its form is always there.
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=LEARNER_NAME))
    row.filter(has_text=MODULE_TITLE[lang(page)]).get_by_role("link").click()
    page.locator("#grade-heading").wait_for()
    page.wait_for_load_state()
    yield "grading form"
    _press(page, "Gem som kladde", "Save as draft", then=".form-errors")  # no decision chosen: an error
    yield "grading form with an error"
    # An empty table on a small screen scrolls sideways with nothing in it to focus: it must be focusable.
    page.goto(server("/grading?status=approved&module=volunteer-peer-support"))
    size = page.viewport_size
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.locator("main tbody tr").count() == 1 and page.locator("main tbody a").count() == 0
    yield "grading queue, empty, 360 px wide"
    page.set_viewport_size(size)
    page.goto(server("/notifications"))
    yield "notifications"
    for path, name in (("/logbook/confirmations", "logbook confirmations"), ("/schedule", "schedule")):
        page.goto(server(path))
        yield name
    yield from _open_demo_cohort(page, server)
    page.locator("#sessions a[href$='/attendance']").first.click()
    page.wait_for_load_state()
    yield "attendance form"


def _coordinator(page, server):
    yield "people"
    _submit_empty(page, "form.grid-form")
    yield "people with invitation errors"
    page.goto(server("/admin/organisations"))
    yield "organisations"
    _submit_empty(page, "section.card form")
    yield "organisations with errors"
    page.goto(server("/curriculum"))
    yield "curriculum"
    _first_module(page)
    yield "module page"
    for path, name in (("/admin/audit", "audit log"), ("/logbook/overview", "logbook overview")):
        page.goto(server(path))
        yield name
    yield from _open_demo_cohort(page, server)
    page.locator("#sessions a[href$='/edit']").first.click()
    page.wait_for_load_state()
    yield "session edit form"


def _workplace(page, server):
    yield "curriculum"
    _first_module(page)
    yield "module page"


# role: (demo login or None, the first page, the walk through the role's pages)
ROLES = {
    "anonymous": (None, "/login", _anonymous),
    "learner": (LEARNER, "/dashboard", _learner),
    "instructor": (INSTRUCTOR, "/curriculum", _instructor),
    "coordinator": (COORDINATOR, "/admin/people", _coordinator),
    "workplace_contact": (WORKPLACE, "/curriculum", _workplace),
}


@pytest.mark.parametrize("locale", ["da", "en"])
@pytest.mark.parametrize("role", list(ROLES))
def test_no_axe_violations(role, locale, lms_server, open_page):
    email, start, pages = ROLES[role]
    # bypass_csp: the app sends script-src 'self', which would block the injected axe-core script.
    # Only these axe runs bypass the CSP; every other browser test sees the real policy.
    page = open_page(start, email, locale, bypass_csp=True)

    problems, seen = [], []
    for name in pages(page, lms_server):
        assert lang(page) == locale, f"{name} is not in {locale}"
        seen.append(name)
        violations = run_axe(page)
        if violations:
            problems.append(describe_violations(f"{role}/{locale} {name} ({page.url})", violations))
    assert seen
    assert not problems, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
