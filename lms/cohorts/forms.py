from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField, TextAreaField
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
