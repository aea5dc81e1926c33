"""Language: Danish by default, English second; the user's choice is remembered."""
import re
from datetime import UTC, date, datetime

from flask import current_app, g, request, session
from flask_babel import format_date, get_locale, get_timezone, get_translations
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    user = current_user._get_current_object()
    if user is not None and user.is_authenticated and user.locale in languages:
        return user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_locale() -> str:
    return str(get_locale() or "da")


def cached_for_locale(key: str, make):
    """Something Flask-Babel would look up afresh on every call (a score of calls each; a page asks a hundred
    times or more), kept on `g` with the locale object it belongs to: while Flask-Babel's chosen locale is still
    that object it is reused, and force_locale (which swaps it) gets its own. The chosen locale is read from
    Flask-Babel's per-request state; should that ever move, nothing is reused (slower, never wrong)."""
    request_globals = g._get_current_object().__dict__
    chosen = getattr(request_globals.get("_flask_babel"), "babel_locale", None)
    cached = request_globals.get(key)
    if cached is not None and chosen is not None and cached[0] is chosen:
        return cached[1]
    locale = get_locale()
    request_globals[key] = (locale, make(locale))
    return request_globals[key][1]


def _translations(locale):
    return get_translations()


def _two(number: int) -> str:
    return f"{number:02d}"


# The date and time fields the locales' medium and long patterns use, written as Babel writes them (tests compare
# the two); a pattern with any other field is left to Babel.
_FIELDS = {
    "d": lambda moment, locale: str(moment.day), "dd": lambda moment, locale: _two(moment.day),
    "M": lambda moment, locale: str(moment.month), "MM": lambda moment, locale: _two(moment.month),
    "MMM": lambda moment, locale: locale.months["format"]["abbreviated"][moment.month],
    "MMMM": lambda moment, locale: locale.months["format"]["wide"][moment.month],
    "y": lambda moment, locale: str(moment.year),
    "H": lambda moment, locale: str(moment.hour), "HH": lambda moment, locale: _two(moment.hour),
    "h": lambda moment, locale: str(moment.hour % 12 or 12), "hh": lambda moment, locale: _two(moment.hour % 12 or 12),
    "mm": lambda moment, locale: _two(moment.minute), "ss": lambda moment, locale: _two(moment.second),
    "a": lambda moment, locale: locale.day_periods["format"]["abbreviated"]["pm" if moment.hour >= 12 else "am"],
}
_FIELD = re.compile(r"%\((\w+)\)s")


def _writer(format_string: str, locale):
    """A function writing a moment in a Babel pattern's %-format, or None when a field is not in _FIELDS. Babel
    dispatches every field of every date through several calls; a list of twenty dates cost a tenth of its page."""
    keys = _FIELD.findall(format_string)
    if not all(key in _FIELDS for key in keys):
        return None
    fields = [(key, _FIELDS[key]) for key in keys]
    return lambda moment: format_string % {key: field(moment, locale) for key, field in fields}


def _date_formats(locale):
    """The time zone, and writers for the medium date and time and the long date (Babel's own when a pattern has
    a field the writers do not know)."""
    time, day, long = (locale.time_formats["medium"], locale.date_formats["medium"], locale.date_formats["long"])
    joined = str(locale.datetime_formats["medium"]).replace("'", "")
    moment = _writer(joined.replace("{0}", time.format).replace("{1}", day.format), locale) or (
        lambda value: joined.replace("{0}", time.apply(value, locale)).replace("{1}", day.apply(value, locale)))
    return get_timezone(), moment, _writer(long.format, locale) or (lambda value: long.apply(value, locale))


@pass_eval_context
def template_gettext(eval_ctx, string: str, **variables) -> str:
    """`_()` in templates, with Jinja's newstyle semantics: escaped variables, always %-formatted."""
    translated = cached_for_locale("_lms_translations", _translations).ugettext(string)
    if eval_ctx.autoescape:
        translated = Markup(translated)
    if not variables and "%" not in translated:
        return translated  # what formatting would give, without its cost
    return translated % variables


def local_datetime(value: datetime | None) -> str:
    """A moment in the user's time zone and language, as Flask-Babel's format_datetime(value, "medium") writes it."""
    if not value:
        return ""
    zone, write_moment, _ = cached_for_locale("_lms_date_formats", _date_formats)
    return write_moment((value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(zone))


def local_date(value: date | datetime | None) -> str:
    """As Flask-Babel's format_date(value, "long"): a moment is first moved to the user's time zone."""
    if not value:
        return ""
    zone, _, write_date = cached_for_locale("_lms_date_formats", _date_formats)
    if isinstance(value, datetime):
        value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(zone).date()
    return write_date(value)


def init_i18n(app, babel) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext)
    app.jinja_env.filters["localdatetime"] = local_datetime
    app.jinja_env.filters["localdate"] = local_date
    app.jinja_env.filters["month_name"] = lambda value: format_date(value, "LLLL y") if value else ""
    app.jinja_env.globals["current_locale"] = current_locale
