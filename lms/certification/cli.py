"""`flask --app lms certificates sweep`: open renewal windows, remind once, mark expired certificates.
Safe to run from cron any number of times."""
import click
from flask import current_app
from flask.cli import with_appcontext

from ..extensions import db


@click.group("certificates")
def certificates():
    """Certificate tools."""


@certificates.command("sweep")
@with_appcontext
def sweep_command():
    """Open renewal windows (telling learners and coordinators once), mark expired certificates, and delete
    texts past their retention time. Safe to run from cron any number of times."""
    from ..privacy import apply_retention
    from ..timeutil import utcnow
    from .services import sweep

    # Mails sent here need absolute links, so the sweep runs as if it were a request to the public address.
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        result = sweep()
        cleared = apply_retention(utcnow(), int(current_app.config["RETENTION_YEARS"]))
        db.session.commit()
    click.echo(f"Renewal windows opened: {result.windows_opened}. Certificates marked expired: {result.expired}. "
               f"People whose texts passed the retention time: {cleared}.")
