"""Programme evaluation: the learners' own self-assessments (start, end, renewal), the anonymous course
evaluation, and aggregate, anonymous programme reports for coordinators."""
from flask import Blueprint

bp = Blueprint("evaluation", __name__)

from . import routes  # noqa: E402,F401
