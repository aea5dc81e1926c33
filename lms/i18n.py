"""Language: Danish by default, English second; the user's choice is remembered."""
from flask import current_app, g, request, session
from flask_babel import format_date, format_datetime, get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_locale() -> str:
    return str(get_locale() or "da")


def _request_translations():
    """Flask-Babel finds the catalogue afresh for every string; a page asks for a hundred strings or more, so
    the catalogue is kept for the request, keyed by the locale object (force_locale swaps that object)."""
    locale = get_locale()
    cached = g.get("_lms_translations")
    if cached is None or cached[0] is not locale:
        cached = g._lms_translations = (locale, get_translations())
    return cached[1]


@pass_eval_context
def template_gettext(eval_ctx, string: str, **variables) -> str:
    """`_()` in templates, with Jinja's newstyle semantics: escaped variables, always %-formatted."""
    translated = _request_translations().ugettext(string)
    if eval_ctx.autoescape:
        translated = Markup(translated)
    return translated % variables


def init_i18n(app, babel) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext)
    app.jinja_env.filters["localdatetime"] = lambda value: format_datetime(value, "medium") if value else ""
    app.jinja_env.filters["localdate"] = lambda value: format_date(value, "long") if value else ""
    app.jinja_env.filters["month_name"] = lambda value: format_date(value, "LLLL y") if value else ""
    app.jinja_env.globals["current_locale"] = current_locale
