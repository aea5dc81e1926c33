"""`flask --app lms curriculum check`: registered as a Flask plugin command so it runs even when
the curriculum is broken and the app itself refuses to start."""
import sys
from pathlib import Path

import click

from .loader import CurriculumError, load_curriculum


@click.group("curriculum")
def curriculum():
    """Curriculum tools."""


@curriculum.command("check")
@click.option("--path", default=None, help="Curriculum folder (default: the configured one).")
def check(path):
    """Validate every curriculum file; exit status 1 if anything is wrong."""
    if path is None:
        from .. import create_app

        path = create_app({"LOAD_CURRICULUM": False}).config["CURRICULUM_PATH"]
    try:
        result = load_curriculum(path)
        from ..certification.requirements import FILE_NAME, load_requirements

        requirements = load_requirements(Path(path) / FILE_NAME, result)
    except CurriculumError as error:
        click.echo(f"The curriculum in {path} has {len(error.problems)} problem(s):", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    click.echo(f"Curriculum OK: {len(result.themes)} themes, {len(result.modules)} modules, "
               f"{len(result.tracks)} tracks.")
    click.echo(f"Certification requirements OK: version {requirements.version}.")
