"""Workplaces: their contacts follow the participation of their own organisations' people, never their texts."""
from flask import Blueprint

bp = Blueprint("workplace", __name__, url_prefix="/workplace")

from . import routes  # noqa: E402,F401
