"""Certification (kompetencebevis): requirements as data, issuing, the PDF, public verification, Open Badges,
expiry, renewal and revocation."""
from pathlib import Path

from flask import Blueprint

from .requirements import FILE_NAME, RequirementsError, load_requirements

bp = Blueprint("certification", __name__)

__all__ = ["RequirementsError", "bp", "init_certification", "load_requirements"]


def init_certification(app) -> None:
    """Load the requirements at start-up, next to the curriculum: an invalid file stops the app."""
    curriculum = app.extensions.get("curriculum")
    if curriculum is not None:
        app.extensions["certification"] = load_requirements(Path(app.config["CURRICULUM_PATH"]) / FILE_NAME,
                                                            curriculum)
    app.register_blueprint(bp)


from . import routes  # noqa: E402,F401
