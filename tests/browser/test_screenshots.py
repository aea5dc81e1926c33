"""Small screens and zoom: the learner's pages reflow without sideways scrolling (WCAG 1.4.10).

Screenshots go to artifacts/screenshots/ (not in git) for a person to look at.
"""
from pathlib import Path

import pytest

from .helpers import LEARNER

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
MODULE = "/modules/intro-peer-support"

# 360 CSS px: a small phone. 200 % zoom of a 1280 px wide window: 640 CSS px drawn at scale 2.
VIEWS = {
    "360px": {"viewport": {"width": 360, "height": 800}},
    "zoom200": {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2},
}


@pytest.mark.parametrize("view", list(VIEWS))
def test_learner_pages_reflow_and_are_captured(view, open_page, lms_server):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = open_page("/dashboard", LEARNER, "da", **VIEWS[view])
    for name, path in [("dashboard", "/dashboard"), ("module", MODULE)]:
        page.goto(lms_server(path))
        assert page.locator("h1").is_visible()
        width = page.evaluate("() => ({scroll: document.documentElement.scrollWidth, "
                              "client: document.documentElement.clientWidth})")
        assert width["scroll"] <= width["client"], f"{name} at {view} scrolls sideways: {width}"
        target = SCREENSHOTS / f"{name}-{view}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 0
