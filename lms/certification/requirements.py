"""Load and validate curriculum/certification.yaml; every problem names the file, the field and what is wrong."""
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from ..curriculum.loader import CurriculumError
from ..curriculum.model import Curriculum
from ..logbook.models import SUPERVISION_FORMS

FILE_NAME = "certification.yaml"
TOP_LEVEL = {"version", "validity_months", "instructors_may_issue", "declaration_version", "renewal", "tracks"}
RENEWAL_KEYS = {"window_days", "activity_hours", "activity_forms", "further_modules", "supervision_sessions"}
TRACK_KEYS = {"modules", "attendance_percent", "practice_hours", "supervision_sessions", "declaration"}


class RequirementsError(CurriculumError):
    """The certification file is invalid; like the curriculum, the app does not start on it."""


@dataclass(frozen=True)
class TrackRequirements:
    track_id: str
    module_ids: tuple[str, ...]
    attendance_percent: Decimal | None
    practice_hours: Decimal | None
    supervision_sessions: int | None
    declaration: bool


@dataclass(frozen=True)
class RenewalRequirements:
    window_days: int
    activity_hours: Decimal
    activity_forms: tuple[str, ...]
    further_modules: bool
    supervision_sessions: int


@dataclass(frozen=True)
class Requirements:
    version: int
    validity_months: int
    instructors_may_issue: bool
    declaration_version: str
    renewal: RenewalRequirements
    tracks: dict[str, TrackRequirements]


class _Problems(list):
    def add(self, field: str, message: str) -> None:
        self.append(f"{FILE_NAME}: {field}: {message}")

    def unknown(self, data: dict, allowed: set, prefix: str) -> None:
        for key in sorted(set(data) - allowed, key=str):
            self.add(f"{prefix}{key}", f"unknown field; use {', '.join(sorted(allowed))}")


def _int(data: dict, key: str, field: str, problems: _Problems, *, low: int, high: int,
         required: bool = True) -> int | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        problems.add(field, f"must be a whole number from {low} to {high}")
        return None
    return value


def _number(data: dict, key: str, field: str, problems: _Problems, *, high: int,
            required: bool = True) -> Decimal | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.add(field, f"must be a number from 0 to {high}")
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:  # pragma: no cover (YAML numbers always convert)
        number = Decimal(-1)
    if not Decimal(0) <= number <= high:
        problems.add(field, f"must be a number from 0 to {high}")
        return None
    return number


def _bool(data: dict, key: str, field: str, problems: _Problems, default: bool | None = None) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        problems.add(field, "must be true or false")
        return False
    return value


def _renewal(data, problems: _Problems, validity_months: int | None) -> RenewalRequirements | None:
    if not isinstance(data, dict):
        problems.add("renewal", "must be a mapping with " + ", ".join(sorted(RENEWAL_KEYS)))
        return None
    problems.unknown(data, RENEWAL_KEYS, "renewal.")
    window = _int(data, "window_days", "renewal.window_days", problems, low=0, high=365)
    if window is not None and validity_months is not None and window >= validity_months * 28:
        problems.add("renewal.window_days", "must be shorter than the validity period")
    hours = _number(data, "activity_hours", "renewal.activity_hours", problems, high=1000)
    forms = data.get("activity_forms", [])
    if not isinstance(forms, list) or not all(f in SUPERVISION_FORMS for f in forms):
        problems.add("renewal.activity_forms", f"must be a list of supervision forms: {', '.join(SUPERVISION_FORMS)}")
        forms = []
    further = _bool(data, "further_modules", "renewal.further_modules", problems, default=False)
    sessions = _int(data, "supervision_sessions", "renewal.supervision_sessions", problems, low=0, high=1000)
    if None in (window, hours, sessions):
        return None
    return RenewalRequirements(window, hours, tuple(forms), further, sessions)


def _track(track_id: str, data, curriculum: Curriculum, problems: _Problems) -> TrackRequirements | None:
    where = f"tracks.{track_id}"
    if not isinstance(data, dict):
        problems.add(where, "must be a mapping of requirements")
        return None
    problems.unknown(data, TRACK_KEYS, where + ".")
    track = curriculum.tracks[track_id]
    modules = data.get("modules", [])
    if modules == "all":
        module_ids = track.module_ids
    elif isinstance(modules, list) and all(isinstance(m, str) for m in modules):
        module_ids = tuple(modules)
        for module_id in module_ids:
            if module_id not in track.module_ids:
                problems.add(f"{where}.modules", f"'{module_id}' is not a module of the track in tracks.yaml")
    else:
        problems.add(f"{where}.modules", "must be `all` or a list of module ids")
        module_ids = ()
    attendance = _number(data, "attendance_percent", f"{where}.attendance_percent", problems, high=100,
                         required=False)
    hours = _number(data, "practice_hours", f"{where}.practice_hours", problems, high=10000, required=False)
    sessions = _int(data, "supervision_sessions", f"{where}.supervision_sessions", problems, low=0, high=1000,
                    required=False)
    declaration = _bool(data, "declaration", f"{where}.declaration", problems, default=False)
    return TrackRequirements(track_id, module_ids, attendance, hours, sessions, declaration)


def load_requirements(path: str | Path, curriculum: Curriculum) -> Requirements:
    """Read and validate the file against the loaded curriculum; raise RequirementsError listing every problem."""
    problems = _Problems()
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RequirementsError([f"{FILE_NAME}: -: file is missing"]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RequirementsError([f"{FILE_NAME}: -: invalid YAML: {exc}".replace("\n", " ")]) from None
    if not isinstance(data, dict):
        raise RequirementsError([f"{FILE_NAME}: -: must be a mapping of fields"])
    problems.unknown(data, TOP_LEVEL, "")
    version = _int(data, "version", "version", problems, low=1, high=10**6)
    validity = _int(data, "validity_months", "validity_months", problems, low=1, high=240)
    may_issue = _bool(data, "instructors_may_issue", "instructors_may_issue", problems, default=False)
    declaration_version = data.get("declaration_version")
    if not isinstance(declaration_version, str | int) or isinstance(declaration_version, bool) or \
            not str(declaration_version).strip() or len(str(declaration_version)) > 20:
        problems.add("declaration_version", "must be a short text (at most 20 characters)")
        declaration_version = ""
    renewal = _renewal(data.get("renewal"), problems, validity)
    tracks_data = data.get("tracks")
    tracks = {}
    if not isinstance(tracks_data, dict):
        problems.add("tracks", "must be a mapping from track id to its requirements")
    else:
        for track_id in tracks_data:
            if track_id not in curriculum.tracks:
                problems.add(f"tracks.{track_id}", f"unknown track; use {', '.join(curriculum.tracks)}")
        for track_id in curriculum.tracks:
            if track_id not in tracks_data:
                problems.add(f"tracks.{track_id}", "is missing: every track needs its requirements")
            elif (found := _track(track_id, tracks_data[track_id], curriculum, problems)) is not None:
                tracks[track_id] = found
    if problems:
        raise RequirementsError(list(problems))
    return Requirements(version, validity, may_issue, str(declaration_version).strip(), renewal, tracks)
