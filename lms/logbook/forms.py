"""Logbook forms. They read what was typed (and keep it when it is wrong); the checks themselves live in
checks.problems(), so the forms, the services and the demo data are held to the same rules."""
from datetime import datetime
from decimal import Decimal, InvalidOperation

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import TextInput

from .models import PRACTICE_KINDS, SUPERVISION_FORMS

KIND_LABELS = {
    "one_to_one": _l("1:1 peer support"),
    "group": _l("Group"),
    "bridge_building": _l("Bridge-building to civil society"),
    "teaching": _l("Teaching or workshop"),
}
FORM_LABELS = {
    "individual": _l("Individual supervision"),
    "group": _l("Group supervision"),
    "erfa_group": _l("Erfa group (experience exchange)"),
    "network_meeting": _l("Network meeting"),
    "follow_up_visit": _l("Follow-up visit"),
}
STATUS_LABELS = {
    "pending": _l("Waiting for confirmation"),
    "returned": _l("Returned to you"),
    "confirmed": _l("Confirmed"),
    "superseded": _l("Replaced by a correction"),
}
PRIVATE_NOTE_HINT = _l("Only you can ever see this note: not your instructors, supervisors, coordinators or "
                       "workplace.")


class EntryDateField(DateField):
    """A date; an empty field is left to the checks, a wrong one is explained and shown back as typed."""

    def process_formdata(self, valuelist):
        text = " ".join(valuelist or []).strip()
        self.data = None
        if not text:
            return
        try:
            self.data = datetime.strptime(text, "%Y-%m-%d").date()
        except ValueError as error:
            raise ValueError(_l("Enter a valid date, for example 2026-03-15.")) from error


class HoursField(DecimalField):
    """Hours with a decimal point or a Danish decimal comma: 2.5 and 2,5 are the same. A text input (not a
    number input), so that whatever was typed can be shown back with the explanation."""

    widget = TextInput()

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip().replace(",", ".")
        self.data = None
        if not text:
            return
        try:
            self.data = Decimal(text)
        except InvalidOperation as error:
            raise ValueError(_l("Enter the number of hours, for example 2.5.")) from error

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return format_decimal(self.data.normalize()) if self.data is not None else ""


class MinutesField(IntegerField):
    widget = TextInput()

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not text:
            return
        try:
            self.data = int(text)
        except ValueError as error:
            raise ValueError(_l("Enter the duration in whole minutes, for example 90.")) from error


def _optional_id(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class _EntryForm(FlaskForm):
    FIELDS: tuple[str, ...] = ()

    def values(self) -> dict:
        return {name: self[name].data for name in self.FIELDS}

    def add_problems(self, problems: dict) -> None:
        """Show each problem next to its field, unless the field already explains what is wrong."""
        for name, message in problems.items():
            field = self[name] if name in self.FIELDS else None
            if field is None:
                self.form_errors.append(message)
            elif not field.errors:
                field.errors = [message]


class PracticeForm(_EntryForm):
    FIELDS = ("worked_on", "hours", "setting", "kind", "private_note")

    worked_on = EntryDateField(_l("Date"))
    hours = HoursField(_l("Hours"), places=None)
    setting = StringField(_l("Workplace or setting"))
    kind = SelectField(_l("Kind of work"), validate_choice=False,
                       choices=[SelectChoice("", _l("Choose…"))] + [SelectChoice(k, KIND_LABELS[k])
                                                                    for k in PRACTICE_KINDS])
    private_note = TextAreaField(_l("Private note"))


class SupervisionForm(_EntryForm):
    FIELDS = ("held_on", "minutes", "supervision_form", "supervisor_id", "supervisor_name", "topics", "summary",
              "private_note")

    held_on = EntryDateField(_l("Date"))
    minutes = MinutesField(_l("Duration in minutes"))
    supervision_form = SelectField(_l("Form of supervision"), validate_choice=False,
                                   choices=[SelectChoice("", _l("Choose…"))] + [SelectChoice(k, FORM_LABELS[k])
                                                                                for k in SUPERVISION_FORMS])
    supervisor_id = SelectField(_l("Supervisor"), coerce=_optional_id, validate_choice=False)
    supervisor_name = StringField(_l("Or the name of an external supervisor"))
    topics = StringField(_l("Topics"))
    summary = TextAreaField(_l("Short summary for your supervisor"))
    private_note = TextAreaField(_l("Private note"))

    def __init__(self, supervisors, **kwargs):
        super().__init__(**kwargs)
        self.supervisor_id.choices = [SelectChoice("", _l("An external person (write the name below)"))] + [
            SelectChoice(u.id, u.name) for u in supervisors]


class ReturnForm(FlaskForm):
    comment = TextAreaField(_l("Comment to the learner"))
