"""The one way Markdown becomes HTML: Markdown -> bleach -> Markup.

Used for the curriculum and for everything learners and instructors write, so a text can never
carry script, event handlers or javascript: links into a page.
"""
import bleach
import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
    "abbr", "sup", "sub", "dl", "dt", "dd",
})
ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "abbr": ["title"], "th": ["align"], "td": ["align"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})


class _DemoteH1(Treeprocessor):
    """Texts live inside a page that already has its <h1>: keep the outline valid."""

    def run(self, root):
        for element in root.iter("h1"):
            element.tag = "h2"


class _DemoteH1Extension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API name)
        md.treeprocessors.register(_DemoteH1(md), "demote_h1", 5)


def _set_link_rel(attrs, new=False):
    attrs[(None, "rel")] = "noopener noreferrer nofollow"
    return attrs


_cleaner = bleach.sanitizer.Cleaner(
    tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS, strip=True,
    strip_comments=True, filters=[],
)


def render_markdown(text: str) -> Markup:
    html = markdown.markdown(
        text or "", extensions=["tables", "sane_lists", _DemoteH1Extension()], output_format="html"
    )
    clean = _cleaner.clean(html)
    clean = bleach.linkify(clean, callbacks=[_set_link_rel], skip_tags=["pre", "code"], parse_email=False)
    return Markup(clean)
