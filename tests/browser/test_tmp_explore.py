import pytest
from .helpers import INSTRUCTOR, COORDINATOR, LEARNER, run_axe, describe_violations
from .test_axe import ROLES

@pytest.mark.parametrize("role", ["learner", "instructor", "coordinator"])
@pytest.mark.parametrize("width", [1280, 360])
def test_explore(role, width, lms_server, open_page):
    email, start, pages = ROLES[role]
    page = open_page(start, email, "da", bypass_csp=True, viewport={"width": width, "height": 800})
    for name in pages(page, lms_server):
        v = run_axe(page)
        sw = page.evaluate("() => [...document.querySelectorAll('.table-wrap')].map(e => [e.scrollWidth, e.clientWidth])")
        print(width, role, name, page.url, sw, describe_violations(name, v) if v else "OK")
