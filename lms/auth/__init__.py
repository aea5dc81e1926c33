from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import account_routes, data_routes, routes  # noqa: E402,F401
