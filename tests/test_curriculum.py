"""The curriculum files: complete, valid, and the loader's refusals name file, field and problem."""
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from lms import create_app
from lms.config import REPO_ROOT
from lms.curriculum import CurriculumError, load_curriculum
from lms.curriculum.cli import curriculum as curriculum_cli

CURRICULUM = REPO_ROOT / "curriculum"
DOMAIN = REPO_ROOT.parent / "shared" / "DOMAIN.md"


@pytest.fixture(scope="module")
def curriculum():
    return load_curriculum(CURRICULUM)


def test_six_themes_each_with_modules(curriculum):
    assert [t.id for t in curriculum.themes] == [
        "experiential", "relational", "professional", "communication", "organisational", "civil_society"]
    for theme in curriculum.themes:
        assert curriculum.modules_in_theme(theme.id), theme.id
        assert theme.name["da"] and theme.name["en"] and theme.purpose["da"] and theme.purpose["en"]


def test_every_content_element_is_taught(curriculum):
    covered = {e for m in curriculum.modules.values() for e in m.covers}
    elements = {e.id for t in curriculum.themes for e in t.elements}
    assert elements <= covered


@pytest.mark.skipif(not DOMAIN.exists(), reason="shared/DOMAIN.md is not beside the repository")
def test_themes_file_lists_every_element_of_the_domain_brief(curriculum):
    """The brief's competence table: each theme's content elements, separated by ';'."""
    counts = {}
    for line in DOMAIN.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] in {t.id for t in curriculum.themes}:
            counts[cells[0]] = len([part for part in cells[3].split(";") if part.strip()])
    assert len(counts) == 6
    for theme in curriculum.themes:
        assert len(theme.elements) == counts[theme.id], theme.id


def test_intro_and_model_modules_exist(curriculum):
    for module_id in ("intro-peer-support", "bridge-municipal", "bridge-regional", "volunteer-peer-support"):
        assert module_id in curriculum.modules
    intro = curriculum.modules["intro-peer-support"].body_html.lower()
    for term in ("gensidighed", "recovery", "reciprocitet", "chime"):
        assert term in intro


@pytest.mark.parametrize("path", sorted(CURRICULUM.glob("modules/*.md")), ids=lambda p: p.stem)
def test_module_has_substance(curriculum, path):
    module = curriculum.modules[path.stem]
    assert module.word_count >= 400
    assert module.objectives and module.reflection.prompt
    assert "<h2>Øvelse" in module.body_html


def test_each_track_has_modules_and_they_agree(curriculum):
    for track in curriculum.tracks.values():
        assert [m.id for m in curriculum.modules_for_track(track.id)] == [
            m.id for m in curriculum.modules.values() if m.id in track.module_ids]
        assert set(track.module_ids) == {m.id for m in curriculum.modules_for_track(track.id)}


def test_rendered_html_is_cached_not_rerendered(app):
    from lms.curriculum import get_curriculum

    first = get_curriculum().modules["intro-peer-support"].body_html
    assert get_curriculum().modules["intro-peer-support"].body_html is first


# --- refusals --------------------------------------------------------------------------------

@pytest.fixture
def broken(tmp_path):
    """A copy of the real curriculum to break one thing in."""
    target = tmp_path / "curriculum"
    shutil.copytree(CURRICULUM, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(root) -> list[str]:
    with pytest.raises(CurriculumError) as info:
        load_curriculum(root)
    return info.value.problems


def test_missing_field_is_named(broken):
    _edit(broken / "modules/own-story.md", "reflection:", "reflexion:")
    assert any(p.startswith("own-story.md: reflection.prompt:") for p in _problems(broken))


def test_unknown_theme_is_named(broken):
    _edit(broken / "modules/own-story.md", "theme: experiential", "theme: astrology")
    problems = _problems(broken)
    assert any(p.startswith("own-story.md: theme: unknown theme 'astrology'") for p in problems)


def test_duplicate_id_is_named(broken):
    shutil.copy(broken / "modules/own-story.md", broken / "modules/own-story-copy.md")
    assert any("duplicate id 'own-story'" in p for p in _problems(broken))


def test_bad_yaml_is_named(broken):
    _edit(broken / "modules/own-story.md", "theme: experiential", "theme: [experiential")
    assert any(p.startswith("own-story.md: front matter: invalid YAML") for p in _problems(broken))


def test_bad_yaml_in_themes_file(broken):
    (broken / "themes.yaml").write_text("themes: [\n  - id: x\n", encoding="utf-8")
    assert any(p.startswith("themes.yaml: -: invalid YAML") for p in _problems(broken))


def test_uncovered_element_and_short_module(broken):
    _edit(broken / "modules/human-rights.md", "civil_society.rights", "civil_society.citizenship")
    problems = _problems(broken)
    assert "themes.yaml: civil_society.rights: no module covers this content element" in problems


def test_track_mismatch_is_named(broken):
    _edit(broken / "modules/human-rights.md", "tracks: [paid, volunteer]", "tracks: [paid]")
    assert any(p.startswith("human-rights.md: tracks:") for p in _problems(broken))


def test_too_short_module_is_refused(broken):
    path = broken / "modules/own-story.md"
    text = path.read_text(encoding="utf-8")
    head, _, _ = text.partition("\n---\n")
    path.write_text(head + "\n---\n\n## Øvelse\n\nKort.\n", encoding="utf-8")
    assert any(re.match(r"own-story.md: body: has \d+ words", p) for p in _problems(broken))


def test_check_command_exit_status(broken):
    runner = CliRunner()
    ok = runner.invoke(curriculum_cli, ["check", "--path", str(CURRICULUM)])
    assert ok.exit_code == 0 and "Curriculum OK" in ok.output
    _edit(broken / "modules/own-story.md", "theme: experiential", "theme: astrology")
    bad = runner.invoke(curriculum_cli, ["check", "--path", str(broken)])
    assert bad.exit_code == 1
    assert "own-story.md: theme: unknown theme 'astrology'" in bad.output


def test_app_refuses_to_start_half_loaded(broken):
    _edit(broken / "modules/own-story.md", "theme: experiential", "theme: astrology")
    with pytest.raises(CurriculumError):
        create_app({"CURRICULUM_PATH": str(broken), "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
