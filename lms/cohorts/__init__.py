from flask import Blueprint

bp = Blueprint("cohorts", __name__)

from . import routes, schedule_routes  # noqa: E402,F401
