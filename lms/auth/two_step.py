"""Two-step login with time-based one-time codes (TOTP, as in authenticator apps)."""
import base64
import io
import time

import pyotp
import qrcode
import qrcode.image.svg
from flask import current_app

from ..extensions import db
from .models import User

STEP_SECONDS = 30


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=current_app.config["PROGRAMME_NAME"])


def qr_data_uri(uri: str) -> str:
    """The set-up QR code as an SVG data URI (allowed by the page's img-src; no script, no CDN)."""
    buffer = io.BytesIO()
    qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _matching_step(secret: str, code: str, now: float) -> int | None:
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    for offset in (0, -1, 1):  # allow one step of clock drift either way
        moment = now + offset * STEP_SECONDS
        if totp.verify(code, for_time=moment, valid_window=0):
            return int(moment // STEP_SECONDS)
    return None


def check_code(user: User, code: str, now: float | None = None) -> bool:
    """True once per valid code: a code already used (replayed) is refused."""
    if not user.totp_secret:
        return False
    step = _matching_step(user.totp_secret, code, now if now is not None else time.time())
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
    db.session.flush()
    return True


def enable(user: User, secret: str, code: str, now: float | None = None) -> bool:
    step = _matching_step(secret, code, now if now is not None else time.time())
    if step is None:
        return False
    user.totp_secret, user.totp_last_step = secret, step
    db.session.flush()
    return True


def disable(user: User) -> None:
    user.totp_secret, user.totp_last_step = None, None
    db.session.flush()
