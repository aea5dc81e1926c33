from flask import Blueprint

bp = Blueprint("grading", __name__)

from . import routes  # noqa: E402,F401
