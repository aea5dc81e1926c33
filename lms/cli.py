"""Commands: `flask --app lms demo` (the curriculum check is in lms.curriculum.cli)."""
import click
from flask import current_app
from flask.cli import with_appcontext

from .curriculum import get_curriculum
from .extensions import db


@click.command("demo")
@click.option("--scale", type=click.Choice(["small", "national"]), default=None,
              help="Generate fake data at this scale instead (lms/scale): small is one cohort, national is "
                   "10,000 learners in 700 cohorts. Needs an empty database.")
@click.option("--seed", type=int, default=None, help="With --scale: the random seed (the same seed, the same data).")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="With --scale: the day the data is generated as of (default: today).")
@click.option("--force", is_flag=True, help="With --scale: DELETE every row in the database first.")
@with_appcontext
def demo_command(scale, seed, today, force):
    """Load demo data into the configured database (safe to run twice), or generate a whole programme (--scale)."""
    if scale:
        from .scale.cli import generate_command

        return generate_command(scale, seed, today.date() if today else None, force)
    from .demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, load_demo

    # Mails sent while loading need absolute links, so the command runs as if it were a request.
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        logins = load_demo(get_curriculum())
        db.session.commit()
    click.echo(f"Demo data loaded. Log in with one of these (password for all: {DEMO_PASSWORD}):")
    for email, roles in logins:
        click.echo(f"  {email:<32} {roles}")
    click.echo(f"The coordinator also needs a code: add the key {DEMO_TOTP_SECRET} to an authenticator app, "
               f"or run: python -c \"import pyotp; print(pyotp.TOTP('{DEMO_TOTP_SECRET}').now())\"")


def init_cli(app) -> None:
    from .backup import backup_command, restore_command
    from .certification.cli import certificates

    app.cli.add_command(demo_command)
    app.cli.add_command(certificates)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
