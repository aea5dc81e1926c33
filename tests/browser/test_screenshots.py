"""Small screens and zoom: pages reflow without sideways scrolling (WCAG 1.4.10), for every role and for the
pages with wide tables, whose visually hidden text must scroll with the table instead of widening the page.

Screenshots go to artifacts/screenshots/ (not in git) for a person to look at.
"""
from itertools import groupby
from pathlib import Path

import pytest

from .helpers import COORDINATOR, INSTRUCTOR, LEARNER
from .world import cohort_id, user_id

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
MODULE = "/modules/intro-peer-support"

# 360 CSS px: a small phone. 200 % zoom of a 1280 px wide window: 640 CSS px drawn at scale 2.
VIEWS = {
    "360px": {"viewport": {"width": 360, "height": 800}},
    "zoom200": {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2},
}
# (screenshot name, demo login or None, path); {learner} is LEARNER's id, {cohort} the demo cohort's.
PAGES = [
    ("dashboard", LEARNER, "/dashboard"),
    ("module", LEARNER, MODULE),
    ("logbook", LEARNER, "/logbook"),
    ("certificate", LEARNER, "/certification/learners/{learner}"),
    ("confirmations", INSTRUCTOR, "/logbook/confirmations"),
    ("cohort", INSTRUCTOR, "/cohorts/{cohort}"),
    ("certification", COORDINATOR, "/certification"),
    ("people", COORDINATOR, "/admin/people"),
    ("verify", None, "/verify"),
    ("accessibility", None, "/accessibility"),
]


@pytest.mark.parametrize("view", list(VIEWS))
def test_pages_reflow_and_are_captured(view, open_page, lms_server):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    ids = {"learner": user_id(lms_server, LEARNER), "cohort": cohort_id(lms_server)}
    wide = []
    for email, pages in groupby(PAGES, key=lambda p: p[1]):
        page = open_page("/accessibility", email, "da", **VIEWS[view])
        for name, _email, path in pages:
            page.goto(lms_server(path.format(**ids)))
            assert page.locator("h1").is_visible(), name
            width = page.evaluate("() => ({scroll: document.documentElement.scrollWidth, "
                                  "client: document.documentElement.clientWidth})")
            if width["scroll"] > width["client"]:
                wide.append(f"{name} ({path}) scrolls sideways at {view}: {width}")
            target = SCREENSHOTS / f"{name}-{view}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 0
    assert not wide, "\n".join(wide)
