"""The dashboard's module list: each module's line (its title as a link, read or not, a link to its reflection with
the reflection's status, its study time) and the progress bars. Made in Python: the list has every module of the
track and a bar per theme, and as template code (a call, a lookup and an escape for each part; a context for each
macro call) they cost the dashboard a tenth of its time."""
from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from ..i18n import cached_for_locale
from ..reflections.badges import reflection_status
from . import bp


def _words(locale) -> dict[str, str]:
    return {"read": _("Read"), "unread": _("Not read yet"), "reflection": _("Reflection"),
            "hours": _("about %(hours)s hours"), "progress": _("%(done)s of %(total)s modules read (%(percent)s %%)")}


@bp.app_template_global("module_list_item")
def module_list_item(module, is_read: bool, reflection: str | None, locale: str) -> Markup:
    words = cached_for_locale("_lms_module_list_words", _words)  # translated once per request
    title = escape(module.title(locale))
    state, label = ("done", words["read"]) if is_read else ("open", words["unread"])
    status = f'<span class="status status-{state}">{escape(label)}</span>'
    hours = escape(words["hours"] % {"hours": int(round(module.hours, 0))})
    return Markup(
        f'<li><a href="{escape(url_for("learning.module", module_id=module.id))}">{title}</a> {status} '
        f'<a href="{escape(url_for("reflections.edit", module_id=module.id))}" class="reflection-link">'
        f'{escape(words["reflection"])}<span class="visually-hidden">: {title}</span></a> '
        f'{reflection_status(reflection)} <span class="hint">{hours}</span></li>')


@bp.app_template_global("progress_bar")
def progress_bar(progress, label_id: str) -> Markup:
    """A labelled progress bar: `label_id` is the heading that names it for assistive technology."""
    words = cached_for_locale("_lms_module_list_words", _words)
    text = words["progress"] % {"done": progress.done, "total": progress.total, "percent": progress.percent}
    return Markup(
        f'<div class="progress"><progress max="{escape(progress.total)}" value="{escape(progress.done)}" '
        f'aria-labelledby="{escape(label_id)}"></progress><span class="progress-text">{escape(text)}</span></div>')
