"""Commands: `flask --app lms demo` (the curriculum check is in lms.curriculum.cli)."""
import click
from flask import current_app
from flask.cli import with_appcontext

from .curriculum import get_curriculum
from .extensions import db


@click.command("demo")
@with_appcontext
def demo_command():
    """Load demo data into the configured database (safe to run twice)."""
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
