"""Outgoing mail: SMTP when configured, otherwise a file in the instance outbox (and a log line)."""
import logging
import smtplib
from email.message import EmailMessage
from pathlib import Path

from flask import current_app

from .timeutil import utcnow

log = logging.getLogger(__name__)


def send_mail(to: str, subject: str, body: str) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if config.get("SMTP_HOST"):
        with smtplib.SMTP(config["SMTP_HOST"], int(config["SMTP_PORT"]), timeout=20) as smtp:
            if config.get("SMTP_STARTTLS"):
                smtp.starttls()
            if config.get("SMTP_USERNAME"):
                smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
            smtp.send_message(message)
        return
    outbox = Path(config["OUTBOX_PATH"])
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    safe_to = "".join(c if c.isalnum() else "_" for c in to)
    path = outbox / f"{stamp}-{safe_to}.eml"
    path.write_bytes(bytes(message))
    log.info("Mail to %s written to %s", to, path)
