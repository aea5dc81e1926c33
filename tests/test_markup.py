"""Markdown from any source comes out harmless."""
import pytest

from lms.markup import render_markdown


@pytest.mark.parametrize("source", [
    "<script>alert('x')</script>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<a href="https://example.org" onclick="steal()">link</a>',
    '<img src="x" onerror="steal()">',
    '<p onmouseover="steal()">hover</p>',
    '<iframe src="https://evil.example"></iframe>',
    "<svg onload=steal()>",
    '[x](data:text/html;base64,PHNjcmlwdD4=)',
])
def test_hostile_markdown_is_harmless(source):
    html = str(render_markdown(source)).lower()
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onclick" not in html and "onerror" not in html and "onmouseover" not in html and "onload" not in html
    assert "<iframe" not in html and "<svg" not in html and "<img" not in html
    assert "data:" not in html


def test_ordinary_markdown_survives():
    html = str(render_markdown("# Titel\n\nEn **vigtig** [kilde](https://example.org).\n\n- a\n- b"))
    assert "<h2>Titel</h2>" in html  # pages have their own h1
    assert "<strong>vigtig</strong>" in html
    assert 'href="https://example.org"' in html and 'rel="noopener noreferrer nofollow"' in html
    assert "<li>a</li>" in html
