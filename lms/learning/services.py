"""The learner's reading path: progress per theme and overall, and what to do next."""
import functools
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, select

from ..curriculum import Curriculum, Module, Theme
from ..extensions import db
from ..sql import read
from ..timeutil import utcnow
from .models import ModuleProgress


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass(frozen=True)
class ThemePath:
    theme: Theme
    modules: list[tuple[Module, bool]]  # (module, read)
    progress: Progress


@dataclass(frozen=True)
class LearnerPath:
    themes: list[ThemePath]
    progress: Progress
    next_module: Module | None


def read_module_ids(user_id: int) -> set[str]:
    return set(read(_read_module_ids(), {"user_id": user_id}).scalars())


@functools.cache
def _read_module_ids():
    """On every learner page: built once, so only its parameter changes per request."""
    return select(ModuleProgress.module_id).where(ModuleProgress.user_id == bindparam("user_id"))


def learner_path(curriculum: Curriculum, track_id: str, read_ids: set[str]) -> LearnerPath:
    modules = curriculum.modules_for_track(track_id)
    themes = []
    for theme in curriculum.themes:
        in_theme = [(m, m.id in read_ids) for m in modules if m.theme_id == theme.id]
        if in_theme:
            themes.append(ThemePath(theme, in_theme, Progress(sum(r for _, r in in_theme), len(in_theme))))
    next_module = next((m for m in modules if m.id not in read_ids), None)
    return LearnerPath(themes, Progress(sum(m.id in read_ids for m in modules), len(modules)), next_module)


def set_module_read(user_id: int, module_id: str, read: bool) -> None:
    """Mark a module as read or unread; marking twice changes nothing."""
    existing = db.session.get(ModuleProgress, (user_id, module_id))
    if read and existing is None:
        db.session.add(ModuleProgress(user_id=user_id, module_id=module_id, read_at=utcnow()))
    elif not read and existing is not None:
        db.session.execute(delete(ModuleProgress).where(
            ModuleProgress.user_id == user_id, ModuleProgress.module_id == module_id))
    db.session.flush()
