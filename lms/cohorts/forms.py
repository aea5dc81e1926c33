from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from ..forms import CheckboxesField


class CohortForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Give the cohort a name.")), Length(max=120)])
    starts_on = DateField(_l("Starts on"), validators=[DataRequired(_l("Enter a valid start date."))])
    ends_on = DateField(_l("Ends on"), validators=[DataRequired(_l("Enter a valid end date."))])
    instructors = CheckboxesField(_l("Instructors"), coerce=int)

    def __init__(self, instructors, name_taken, **kwargs):
        super().__init__(**kwargs)
        self.instructors.choices = [SelectChoice(u.id, u.name) for u in instructors]
        self._name_taken = name_taken

    def validate_name(self, field):
        if field.data and self._name_taken(field.data):
            raise ValidationError(_l("Another cohort already has this name."))

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date must be on or after the start date."))


class EnrolForm(FlaskForm):
    learners = CheckboxesField(_l("Learners to enrol"), coerce=int,
                               validators=[DataRequired(_l("Choose at least one learner."))])

    def __init__(self, learners, **kwargs):
        super().__init__(**kwargs)
        self.learners.choices = [SelectChoice(u.id, u.name) for u in learners]


class WithdrawForm(FlaskForm):
    reason = TextAreaField(_l("Reason for withdrawal"), validators=[
        DataRequired(_l("Give a reason; it is seen only by coordinators.")), Length(max=1000)])


class SessionForm(FlaskForm):
    day = DateField(_l("Date"), validators=[DataRequired(_l("Enter a valid date."))])
    starts = TimeField(_l("Starts at"), validators=[DataRequired(_l("Enter a valid time, e.g. 09:00."))])
    ends = TimeField(_l("Ends at"), validators=[DataRequired(_l("Enter a valid time, e.g. 12:00."))])
    place = StringField(_l("Place"), validators=[DataRequired(_l("Say where the session takes place.")),
                                                 Length(max=200)])
    modules = CheckboxesField(_l("Modules covered"))

    def __init__(self, modules, locale, **kwargs):
        super().__init__(**kwargs)
        self.modules.choices = [SelectChoice(m.id, m.title(locale)) for m in modules]

    def validate_ends(self, field):
        if field.data and self.starts.data and field.data <= self.starts.data:
            raise ValidationError(_l("The session must end after it starts."))

    def validate_day(self, field):
        if field.data and not 2000 <= field.data.year <= 2100:
            raise ValidationError(_l("Enter a date between the years 2000 and 2100."))
