"""axe-core (WCAG 2.0 and 2.1, levels A and AA) on every page each role can reach, in Danish and English."""
import pytest

from lms.auth.services import INVITE, RESET
from lms.certification.demo import HOLDER
from lms.demo import DEMO_COHORT, DEMO_PASSWORD

from .helpers import (
    COORDINATOR,
    INSTRUCTOR,
    LEARNER,
    WORKPLACE,
    describe_violations,
    lang,
    run_axe,
)
from .world import certificate_code, link_token

pytestmark = pytest.mark.browser

LEARNER_NAME = "Amir Peer"  # LEARNER in the demo data
HOLDER_NAME = "Lene Peer"  # HOLDER in the demo data: she holds a certificate
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
    yield from _public_pages(page, server)


def _public_pages(page, server):
    """The other pages that need no login: certificate verification, the accessibility statement, the links
    sent by mail, the text rescue after an expired session, and the two-step code."""
    page.goto(server("/verify"))
    yield "verify a certificate"
    page.locator("main form button[type=submit]").click()
    page.locator("#code-error").wait_for()
    yield "verify a certificate, no code typed"
    page.goto(server(f"/verify/{certificate_code(server, HOLDER)}"))
    assert page.locator(".verify-result.verify-valid").count() == 1
    yield "verification of a valid certificate"
    assert page.goto(server("/verify/AAAA-BBBB-CCCC")).status == 404
    yield "verification of an unknown code"
    page.goto(server("/accessibility"))
    yield "accessibility statement"
    for purpose, path in ((INVITE, "/invitation/"), (RESET, "/password/reset/")):
        page.goto(server(path + link_token(server, purpose)))
        yield f"{purpose} link: choose a password"
        _submit_empty(page, "main form")
        yield f"{purpose} link: choose a password, with errors"
    # What the reflection editor sends when the session has ended while the learner wrote.
    page.evaluate("""([action, text]) => {
        const form = Object.assign(document.createElement('form'), {method: 'post', action});
        form.append(Object.assign(document.createElement('textarea'), {name: 'text', value: text}));
        document.body.append(form);
        form.submit();
    }""", [server("/modules/intro-peer-support/reflection"), "En tekst, der ikke må gå tabt."])
    page.wait_for_url("**/reflection")
    page.locator("#email").wait_for()
    yield "log in again to save the text"
    page.goto(server("/login"))  # a coordinator's password leads to the two-step code
    page.locator("#email").fill(COORDINATOR)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/login/code")
    page.locator("main #code").wait_for()
    yield "two-step code"


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
    yield from _learner_records(page, server)


def _learner_records(page, server):
    """The logbook's forms and the certificate pages; nothing here is saved."""
    page.goto(server("/logbook"))
    _submit_empty(page, "form[action$='/logbook/practice']")
    yield "logbook with a form error"
    page.locator("main a[href$='/edit']").first.click()  # the demo peer's entry waiting for confirmation
    page.locator("main form").first.wait_for()
    page.wait_for_load_state()
    yield "logbook entry, change"
    page.goto(server("/logbook"))
    page.locator("main a[href$='/correction']").first.click()  # and a confirmed one
    page.locator("main form").first.wait_for()
    page.wait_for_load_state()
    yield "logbook entry, correction"
    page.goto(server("/dashboard"))
    page.locator("main a[href*='/certification/learners/']").click()
    page.locator("#requirements-heading").wait_for()
    page.wait_for_load_state()
    yield "own certificate checklist"
    page.goto(server("/certification/declaration"))
    yield "declaration"
    _submit_empty(page, "main form")
    yield "declaration with a form error"
    page.goto(server("/accessibility"))
    yield "accessibility statement"
    page.goto(server("/self-assessment"))
    yield "own self-assessments"
    page.goto(server("/self-assessment/start"))
    yield "self-assessment form"


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
    for path, name in (("/logbook/confirmations", "logbook confirmations"), ("/schedule", "schedule"),
                       ("/logbook/overview", "logbook overview")):
        page.goto(server(path))
        yield name
    yield from _certification(page, server, LEARNER_NAME)
    yield from _open_demo_cohort(page, server)
    page.locator("main a[href*='/reflections/']").first.click()
    page.locator("main h1").wait_for()
    page.wait_for_load_state()
    assert "/reflections/" in page.url
    yield "a learner's reflection"
    yield from _open_demo_cohort(page, server)
    page.locator("#sessions a[href$='/attendance']").first.click()
    page.wait_for_load_state()
    yield "attendance form"


def _certification(page, server, learner_name: str):
    page.goto(server("/certification"))
    yield "certification overview"
    page.locator("main").get_by_role("link", name=learner_name, exact=True).first.click()
    page.locator("#requirements-heading").wait_for()
    page.wait_for_load_state()
    yield "a learner's certificate page"


def _coordinator(page, server):
    yield "people"
    _submit_empty(page, "form.grid-form")
    yield "people with invitation errors"
    page.goto(server("/admin/organisations"))
    yield "organisations"
    _submit_empty(page, "section.card form")
    yield "organisations with errors"
    page.goto(server("/admin/organisations"))
    page.locator("main tbody th a").first.click()
    page.locator("#contacts-heading").wait_for()
    yield "organisation and its contacts"
    _submit_empty(page, "section.card form")
    yield "organisation contact form with an error"
    page.goto(server("/workplace/"))
    yield "participation overview, every organisation"
    page.goto(server("/workplace/totals"))
    yield "participation totals"
    for by in ("cohort", "track", "organisation", "year"):
        page.goto(server(f"/evaluation/reports?by={by}"))
        yield f"programme report by {by}"
    page.goto(server("/curriculum"))
    yield "curriculum"
    _first_module(page)
    yield "module page"
    for path, name in (("/admin/audit", "audit log"), ("/logbook/overview", "logbook overview")):
        page.goto(server(path))
        yield name
    page.goto(server("/admin/people"))
    page.locator("main a[href$='/erase']").first.click()
    page.locator("main form").wait_for()
    page.wait_for_load_state()
    yield "erase a person"
    yield from _certification(page, server, LEARNER_NAME)
    yield from _certification(page, server, HOLDER_NAME)  # her certificate, with the form to revoke it
    assert page.locator("form[action$='/revoke']").count() == 1
    _submit_empty(page, "form[action$='/revoke']")
    yield "revoking a certificate, no reason given"
    yield from _open_demo_cohort(page, server)
    page.locator("#sessions a[href$='/edit']").first.click()
    page.wait_for_load_state()
    yield "session edit form"


def _workplace(page, server):
    page.goto(server("/curriculum"))
    yield "curriculum"
    _first_module(page)
    yield "module page"
    page.goto(server("/workplace/"))
    yield "participation overview"
    page.goto(server("/workplace/?status=nonsense&sort=attendance&order=desc"))
    yield "participation overview with a filter error, sorted"
    page.locator("main tbody th a").first.click()
    page.locator("#modules-heading").wait_for()
    page.wait_for_load_state()
    yield "one person's participation"


# role: (demo login or None, the first page, the walk through the role's pages)
ROLES = {
    "anonymous": (None, "/login", _anonymous),
    "learner": (LEARNER, "/dashboard", _learner),
    "instructor": (INSTRUCTOR, "/curriculum", _instructor),
    "coordinator": (COORDINATOR, "/admin/people", _coordinator),
    "workplace_contact": (WORKPLACE, "/workplace/", _workplace),
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
