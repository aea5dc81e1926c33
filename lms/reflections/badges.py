"""A reflection's status as a badge. Made in Python rather than as a Jinja macro: it is drawn once per row or
module (fifty times in a grading queue), and every macro call builds a context of its own."""
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from ..i18n import cached_for_locale
from . import bp

STATUS_LABELS = {
    "draft": _l("Draft"), "submitted": _l("Submitted"), "revision_requested": _l("Revision requested"),
    "resubmitted": _l("Resubmitted"), "approved": _l("Approved"),
}
NOT_STARTED = _l("Not started")


def _translated(locale) -> dict[str | None, str]:
    return {**{key: str(label) for key, label in STATUS_LABELS.items()}, None: str(NOT_STARTED)}


@bp.app_template_global("reflection_status")
def reflection_status(status: str | None) -> Markup:
    labels = cached_for_locale("_lms_reflection_statuses", _translated)  # translated once per request
    # f-strings with escape(), not Markup's % (which escapes through a helper object per value: four times slower)
    if not status:
        return Markup(f'<span class="status status-open">{escape(labels[None])}</span>')
    return Markup(f'<span class="status status-{escape(status)}">{escape(labels.get(status, ""))}</span>')
