"""The curriculum as immutable objects, built once by the loader and shared by all requests."""
from dataclasses import dataclass, field

from markupsafe import Markup


def pick(texts: dict, locale: str) -> str:
    """Text in the wanted language, falling back to Danish (the programme's language)."""
    return texts.get(locale) or texts["da"]


@dataclass(frozen=True)
class Element:
    id: str
    theme_id: str
    name: dict


@dataclass(frozen=True)
class Theme:
    id: str
    order: int
    name: dict
    purpose: dict
    elements: tuple[Element, ...]


@dataclass(frozen=True)
class Track:
    id: str
    name: dict
    description: dict
    module_ids: tuple[str, ...]


@dataclass(frozen=True)
class Reflection:
    prompt: str
    prompt_html: Markup
    criteria: tuple[str, ...] = ()


@dataclass(frozen=True)
class Module:
    id: str
    theme_id: str
    order: int
    title_da: str
    title_en: str
    track_ids: tuple[str, ...]
    hours: float
    covers: tuple[str, ...]
    objectives: tuple[str, ...]
    content_note: str | None
    reflection: Reflection
    body_html: Markup
    word_count: int

    def title(self, locale: str) -> str:
        return self.title_en if locale == "en" else self.title_da


@dataclass(frozen=True)
class Curriculum:
    themes: tuple[Theme, ...]
    tracks: dict[str, Track]
    modules: dict[str, Module]  # in reading order: theme order, then module order
    _by_theme: dict[str, tuple[Module, ...]] = field(default_factory=dict, repr=False)

    def theme(self, theme_id: str) -> Theme:
        return next(t for t in self.themes if t.id == theme_id)

    def modules_in_theme(self, theme_id: str) -> tuple[Module, ...]:
        return self._by_theme.get(theme_id, ())

    def modules_for_track(self, track_id: str | None) -> list[Module]:
        """The track's modules in reading order; every module when no track is given."""
        if track_id is None:
            return list(self.modules.values())
        return [m for m in self.modules.values() if track_id in m.track_ids]

    def neighbours(self, module: Module, track_id: str | None) -> tuple[Module | None, Module | None]:
        path = self.modules_for_track(track_id)
        if module not in path:
            path = list(self.modules.values())
        i = path.index(module)
        return (path[i - 1] if i > 0 else None, path[i + 1] if i + 1 < len(path) else None)
