from flask import Blueprint

bp = Blueprint("learning", __name__)

from . import module_list, routes  # noqa: E402,F401
