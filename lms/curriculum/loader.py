"""Load and validate the curriculum files; every problem names the file, the field and what is wrong."""
import re
from pathlib import Path

import yaml

from ..markup import render_markdown
from .model import Curriculum, Element, Module, Reflection, Theme, Track

THEME_IDS = ("experiential", "relational", "professional", "communication", "organisational",
             "civil_society")
TRACK_IDS = ("paid", "volunteer", "colleague")
MIN_WORDS = 400
EXERCISE_HEADING = re.compile(r"^##\s+Øvelse\b", re.MULTILINE)
MODULE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class CurriculumError(Exception):
    """Raised with every problem found, so one run of the check shows them all."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class _Problems(list):
    def add(self, path: Path, field: str, message: str) -> None:
        self.append(f"{path.name}: {field}: {message}")


def _read_yaml(path: Path, problems: _Problems):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.add(path, "-", "file is missing")
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.add(path, "-", f"invalid YAML: {exc}".replace("\n", " "))
    return None


def _texts(value, path, field, problems) -> dict | None:
    if isinstance(value, dict) and all(isinstance(value.get(k), str) and value[k].strip()
                                       for k in ("da", "en")):
        return {"da": value["da"].strip(), "en": value["en"].strip()}
    problems.add(path, field, "needs a Danish (da) and an English (en) text")
    return None


def _load_themes(path: Path, problems: _Problems) -> tuple[Theme, ...]:
    data = _read_yaml(path, problems)
    if data is None:
        return ()
    items = data.get("themes") if isinstance(data, dict) else None
    if not isinstance(items, list):
        problems.add(path, "themes", "must be a list of themes")
        return ()
    themes = []
    for i, item in enumerate(items):
        where = f"themes[{i}]"
        if not isinstance(item, dict) or item.get("id") not in THEME_IDS:
            problems.add(path, f"{where}.id", f"must be one of {', '.join(THEME_IDS)}")
            continue
        name = _texts(item.get("name"), path, f"{where}.name", problems)
        purpose = _texts(item.get("purpose"), path, f"{where}.purpose", problems)
        elements = []
        for j, el in enumerate(item.get("elements") or []):
            el_name = _texts(el, path, f"{where}.elements[{j}]", problems) if isinstance(el, dict) else None
            el_id = el.get("id") if isinstance(el, dict) else None
            if not isinstance(el_id, str) or not el_id.startswith(item["id"] + "."):
                problems.add(path, f"{where}.elements[{j}].id", f"must start with '{item['id']}.'")
            elif el_name:
                elements.append(Element(el_id, item["id"], el_name))
        if not elements:
            problems.add(path, f"{where}.elements", "a theme needs at least one content element")
        if name and purpose:
            themes.append(Theme(item["id"], int(item.get("order", i + 1)), name, purpose, tuple(elements)))
    missing = set(THEME_IDS) - {t.id for t in themes}
    if missing and not problems:
        problems.add(path, "themes", f"missing themes: {', '.join(sorted(missing))}")
    return tuple(sorted(themes, key=lambda t: t.order))


def _load_tracks(path: Path, problems: _Problems) -> dict[str, Track]:
    data = _read_yaml(path, problems)
    items = data.get("tracks") if isinstance(data, dict) else None
    if data is not None and not isinstance(items, list):
        problems.add(path, "tracks", "must be a list of tracks")
    tracks = {}
    for i, item in enumerate(items or []):
        where = f"tracks[{i}]"
        if not isinstance(item, dict) or item.get("id") not in TRACK_IDS:
            problems.add(path, f"{where}.id", f"must be one of {', '.join(TRACK_IDS)}")
            continue
        name = _texts(item.get("name"), path, f"{where}.name", problems)
        description = _texts(item.get("description"), path, f"{where}.description", problems)
        modules = item.get("modules")
        if not isinstance(modules, list) or not modules or not all(isinstance(m, str) for m in modules):
            problems.add(path, f"{where}.modules", "must be a non-empty list of module ids")
            modules = []
        if name and description:
            tracks[item["id"]] = Track(item["id"], name, description, tuple(modules))
    return tracks


def split_front_matter(text: str) -> tuple[str, str] | None:
    match = re.match(r"\A---\s*\n(.*?)\n---\s*\n(.*)\Z", text, re.DOTALL)
    return (match.group(1), match.group(2)) if match else None


def _str_list(value, path, field, problems, *, required: bool) -> tuple[str, ...]:
    if value is None and not required:
        return ()
    if not isinstance(value, list) or (required and not value) or \
            not all(isinstance(v, str) and v.strip() for v in value):
        problems.add(path, field, "must be a non-empty list of texts" if required else "must be a list of texts")
        return ()
    return tuple(v.strip() for v in value)


def _required_str(meta, key, path, problems) -> str:
    value = meta.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.add(path, key, "is required and must be a text")
        return ""
    return value.strip()


def _load_module(path: Path, themes: dict[str, Theme], seen: dict[str, str],
                 problems: _Problems) -> Module | None:
    try:
        parts = split_front_matter(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        problems.add(path, "-", "is not UTF-8 text")
        return None
    if parts is None:
        problems.add(path, "front matter", "the file must start with YAML front matter between '---' lines")
        return None
    try:
        meta = yaml.safe_load(parts[0])
    except yaml.YAMLError as exc:
        problems.add(path, "front matter", f"invalid YAML: {exc}".replace("\n", " "))
        return None
    if not isinstance(meta, dict):
        problems.add(path, "front matter", "must be a mapping of fields")
        return None
    before = len(problems)
    module_id = _required_str(meta, "id", path, problems)
    if module_id in seen:
        problems.add(path, "id", f"duplicate id '{module_id}' (also in {seen[module_id]})")
    elif module_id and not MODULE_ID.match(module_id):
        problems.add(path, "id", "use lowercase letters, digits and hyphens only")
    elif module_id and module_id != path.stem:
        problems.add(path, "id", f"'{module_id}' does not match the file name '{path.stem}'")
    if module_id:
        seen.setdefault(module_id, path.name)
    theme_id = meta.get("theme")
    if theme_id not in themes:
        problems.add(path, "theme", f"unknown theme '{theme_id}'; use one of {', '.join(THEME_IDS)}")
    order = meta.get("order")
    if not isinstance(order, int) or isinstance(order, bool) or order < 1:
        problems.add(path, "order", "must be a whole number from 1")
    title_da = _required_str(meta, "title", path, problems)
    title_en = _required_str(meta, "title_en", path, problems)
    tracks = _str_list(meta.get("tracks"), path, "tracks", problems, required=True)
    for track in tracks:
        if track not in TRACK_IDS:
            problems.add(path, "tracks", f"unknown track '{track}'; use {', '.join(TRACK_IDS)}")
    hours = meta.get("hours")
    if not isinstance(hours, int | float) or isinstance(hours, bool) or hours <= 0:
        problems.add(path, "hours", "must be a number of hours above 0")
    covers = _str_list(meta.get("covers", []), path, "covers", problems, required=False)
    known = {e.id for t in themes.values() for e in t.elements}
    for element_id in covers:
        if element_id not in known:
            problems.add(path, "covers", f"unknown content element '{element_id}'")
    objectives = _str_list(meta.get("objectives"), path, "objectives", problems, required=True)
    note = meta.get("content_note")
    if note is not None and (not isinstance(note, str) or not note.strip()):
        problems.add(path, "content_note", "must be a text when given")
    reflection = meta.get("reflection")
    prompt = reflection.get("prompt") if isinstance(reflection, dict) else None
    if not isinstance(prompt, str) or not prompt.strip():
        problems.add(path, "reflection.prompt", "every module needs a reflection assignment prompt")
    criteria = _str_list(reflection.get("criteria") if isinstance(reflection, dict) else None,
                         path, "reflection.criteria", problems, required=False)
    body = parts[1]
    words = len(re.findall(r"\w+", body))
    if words < MIN_WORDS:
        problems.add(path, "body", f"has {words} words of teaching text; at least {MIN_WORDS} are required")
    if not EXERCISE_HEADING.search(body):
        problems.add(path, "body", "needs an exercise section headed '## Øvelse'")
    if len(problems) > before:
        return None
    return Module(
        id=module_id, theme_id=theme_id, order=order, title_da=title_da, title_en=title_en,
        track_ids=tracks, hours=float(hours), covers=covers, objectives=objectives,
        content_note=note.strip() if note else None,
        reflection=Reflection(prompt.strip(), render_markdown(prompt), criteria),
        body_html=render_markdown(body), word_count=words,
    )


def _check_whole(root, themes, tracks, modules, problems: _Problems) -> None:
    """Rules across files: unique ids and orders, tracks agree, every theme and element taught."""
    modules_dir = root / "modules"
    seen_order = {}
    for module in modules:
        key = (module.theme_id, module.order)
        if key in seen_order:
            problems.add(modules_dir / f"{module.id}.md", "order",
                         f"{module.order} is already used in theme '{module.theme_id}' by '{seen_order[key]}'")
        seen_order[key] = module.id
    by_id = {m.id: m for m in modules}
    tracks_file = root / "tracks.yaml"
    for track in tracks.values():
        for module_id in track.module_ids:
            if module_id not in by_id:
                problems.add(tracks_file, f"{track.id}.modules", f"unknown module '{module_id}'")
            elif track.id not in by_id[module_id].track_ids:
                problems.add(modules_dir / f"{module_id}.md", "tracks",
                             f"tracks.yaml requires it for '{track.id}' but its tracks do not say so")
    for module in modules:
        for track_id in module.track_ids:
            if track_id in tracks and module.id not in tracks[track_id].module_ids:
                problems.add(modules_dir / f"{module.id}.md", "tracks",
                             f"names track '{track_id}' but tracks.yaml does not list the module for it")
    covered = {e for m in modules for e in m.covers}
    for theme in themes:
        if not any(m.theme_id == theme.id for m in modules):
            problems.add(root / "themes.yaml", theme.id, "no module belongs to this theme")
        for element in theme.elements:
            if element.id not in covered:
                problems.add(root / "themes.yaml", element.id, "no module covers this content element")


def load_curriculum(root: str | Path) -> Curriculum:
    """Read and validate everything; raise CurriculumError listing every problem found."""
    root = Path(root)
    problems = _Problems()
    themes = _load_themes(root / "themes.yaml", problems)
    tracks = _load_tracks(root / "tracks.yaml", problems)
    theme_map = {t.id: t for t in themes}
    files = sorted((root / "modules").glob("*.md"))
    if not files:
        problems.add(root / "modules", "-", "no module files found")
    seen: dict[str, str] = {}
    modules = [m for path in files if (m := _load_module(path, theme_map, seen, problems))]
    if not problems:
        _check_whole(root, themes, tracks, modules, problems)
    if problems:
        raise CurriculumError(list(problems))
    theme_rank = {t.id: t.order for t in themes}
    modules.sort(key=lambda m: (theme_rank[m.theme_id], m.order))
    by_theme = {t.id: tuple(m for m in modules if m.theme_id == t.id) for t in themes}
    return Curriculum(themes, tracks, {m.id: m for m in modules}, by_theme)
