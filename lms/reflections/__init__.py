from flask import Blueprint

bp = Blueprint("reflections", __name__)

from . import badges, routes  # noqa: E402,F401
