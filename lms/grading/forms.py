from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from ..forms import QuickSelectField

DECISION_LABELS = {"approved": _l("Approved"), "revision_requested": _l("Revision requested")}
MARK_LABELS = {"met": _l("Met"), "partly": _l("Partly"), "not_yet": _l("Not yet")}


class GradingForm(FlaskForm):
    decision = RadioField(_l("Decision"), choices=[SelectChoice(k, v) for k, v in DECISION_LABELS.items()],
                          validators=[Optional()])
    text = TextAreaField(_l("Feedback"), filters=[lambda v: v or ""])

    def criterion_field_name(self, position: int) -> str:
        return f"criterion_{position}"


class QueueFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form changes nothing

    cohort = QuickSelectField(_l("Cohort"), coerce=int, validators=[Optional()])
    module = QuickSelectField(_l("Module"), validators=[Optional()])
    learner = QuickSelectField(_l("Learner"), coerce=int, validators=[Optional()])
    status = QuickSelectField(_l("Status"), validators=[Optional()])
