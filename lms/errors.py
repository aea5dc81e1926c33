"""Friendly error pages in the user's language; technical detail goes to the log only."""
import logging

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("The request could not be understood"),
          _l("Something in the request was not as expected. Go back and try again.")),
    403: (_l("You do not have access to this page"),
          _l("Your account does not give access to this page. Contact your coordinator if you think it should.")),
    404: (_l("Page not found"), _l("The page does not exist, or it has been moved.")),
    405: (_l("This action is not possible here"), _l("The page cannot be used in this way.")),
    413: (_l("Too much data"), _l("What you sent is larger than we can receive. Shorten it and try again.")),
    500: (_l("Something went wrong on our side"),
          _l("The error has been logged. Try again in a moment; nothing you saved earlier is lost.")),
}


# Endpoints whose forms must survive an expired token (a text being written is never thrown away).
_csrf_recovery: dict = {}


def register_csrf_recovery(endpoint: str, handler) -> None:
    _csrf_recovery[endpoint] = handler


def render_error(code: int, detail: str | None = None):
    title, text = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title, text=detail or text), code


def init_errors(app) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        from flask import request

        if request.endpoint in _csrf_recovery:
            return _csrf_recovery[request.endpoint]()
        return render_error(400, str(_l("The form had expired. Go back, reload the page and send it again.")))

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code in MESSAGES:
            return render_error(error.code)
        return error

    @app.errorhandler(Exception)
    def unexpected_error(error):
        if isinstance(error, HTTPException):
            return http_error(error)
        log.exception("Unhandled error", exc_info=error)
        return render_error(InternalServerError.code)
