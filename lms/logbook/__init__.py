from flask import Blueprint

bp = Blueprint("logbook", __name__)

from . import routes  # noqa: E402,F401
