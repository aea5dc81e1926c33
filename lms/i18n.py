"""Language: Danish by default, English second; the user's choice is remembered."""
from flask import current_app, request, session
from flask_babel import format_date, format_datetime, get_locale
from flask_login import current_user


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_locale() -> str:
    return str(get_locale() or "da")


def init_i18n(app, babel) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters["localdatetime"] = lambda value: format_datetime(value, "medium") if value else ""
    app.jinja_env.filters["localdate"] = lambda value: format_date(value, "long") if value else ""
    app.jinja_env.filters["month_name"] = lambda value: format_date(value, "LLLL y") if value else ""
    app.jinja_env.globals["current_locale"] = current_locale
