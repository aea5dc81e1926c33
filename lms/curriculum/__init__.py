"""The curriculum: loaded and validated once per process, then shared read-only."""
from flask import current_app

from .loader import CurriculumError, load_curriculum
from .model import Curriculum, Module, Theme, Track, pick

__all__ = ["Curriculum", "CurriculumError", "Module", "Theme", "Track", "get_curriculum",
           "init_curriculum", "load_curriculum", "pick"]


def init_curriculum(app) -> None:
    """Load at start-up: an invalid curriculum stops the app instead of serving half of it."""
    app.extensions["curriculum"] = load_curriculum(app.config["CURRICULUM_PATH"])


def get_curriculum() -> Curriculum:
    return current_app.extensions["curriculum"]
