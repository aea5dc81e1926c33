"""axe-core (WCAG 2.0 and 2.1, levels A and AA) on every page each role can reach, in Danish and English."""
import pytest

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


def _submit_empty(page, form_selector: str) -> None:
    page.locator(f"{form_selector} button[type=submit]").click()
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


def _learner(page, server):
    yield "dashboard"
    page.locator(".next-step a[href*='/modules/']").click()
    page.wait_for_load_state()
    yield "module page"
    assert page.goto(server("/admin/people")).status == 403
    yield "403 page"


def _instructor(page, server):
    yield "curriculum"
    _first_module(page)
    yield "module page"


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
