from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from .services import MAX_REASON

ITEM_LABELS = {
    "modules": _l("Modules with an approved reflection"),
    "attendance": _l("Attendance at class sessions"),
    "practice_hours": _l("Confirmed practice hours"),
    "supervision_sessions": _l("Confirmed supervision sessions"),
    "declaration": _l("Code of ethics and confidentiality accepted"),
    "activity_hours": _l("Continuing education: erfa-groups, network meetings and further modules"),
    "renewal_supervision": _l("Supervision sessions since the certificate was issued"),
}

STATE_LABELS = {
    "missing": _l("Not ready yet"),
    "ready": _l("Ready for a certificate"),
    "holder": _l("Holds a valid certificate"),
    "renewal_due": _l("Renewal due"),
    "expired": _l("Certificate expired"),
}

STATUS_LABELS = {
    "valid": _l("Valid"),
    "expired": _l("Expired"),
    "revoked": _l("Revoked"),
    "unknown": _l("Unknown code"),
}


class DeclarationForm(FlaskForm):
    accept = BooleanField(_l("I have read the code of ethics and confidentiality and I will follow it"),
                          validators=[DataRequired(_l("Tick the box to accept the declaration."))])


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Reason for the revocation"),
                           validators=[DataRequired(_l("Give a reason for the revocation.")),
                                       Length(max=MAX_REASON)])


class VerifyForm(FlaskForm):
    """A plain GET form on a public page: nothing changes, so no CSRF token is needed."""

    class Meta:
        csrf = False

    code = StringField(_l("Verification code"), validators=[DataRequired(_l("Type the code from the certificate."))])
