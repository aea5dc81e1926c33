from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, ValidationError

from ..auth.forms import LANGUAGE_CHOICES
from ..auth.models import ORGANISATION_KINDS, ROLES
from ..auth.services import find_user_by_email
from ..forms import CheckboxesField

ROLE_LABELS = {
    "learner": _l("Learner (peer student)"),
    "instructor": _l("Instructor"),
    "workplace_contact": _l("Workplace contact"),
    "coordinator": _l("Coordinator"),
}
KIND_LABELS = {
    "municipality": _l("Municipality"),
    "region": _l("Regional psychiatry"),
    "volunteer_centre": _l("Volunteer centre"),
    "other": _l("Other organisation"),
}


class InviteForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(_l("Enter the person's name.")), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[
        DataRequired(_l("Enter an e-mail address.")), Email(_l("Enter a valid e-mail address.")), Length(max=254)])
    roles = CheckboxesField(_l("Roles"), choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ROLES],
                            validators=[DataRequired(_l("Choose at least one role."))])
    organisation_id = SelectField(_l("Organisation"), coerce=int)
    track = SelectField(_l("Track"))
    locale = SelectField(_l("Language of the invitation"), choices=LANGUAGE_CHOICES)

    def __init__(self, organisations, tracks, locale, **kwargs):
        super().__init__(**kwargs)
        self.organisation_id.choices = [SelectChoice(0, _l("— none —"))] + [
            SelectChoice(o.id, o.name) for o in organisations]
        self.track.choices = [SelectChoice("", _l("— none —"))] + [
            SelectChoice(t.id, t.name.get(locale, t.name["da"])) for t in tracks]

    def validate_email(self, field):
        if find_user_by_email(field.data or ""):
            raise ValidationError(_l("A person with this e-mail address already has an account."))

    def validate_track(self, field):
        if "learner" in (self.roles.data or []) and not field.data:
            raise ValidationError(_l("A learner needs a track."))
        if field.data and "learner" not in (self.roles.data or []):
            raise ValidationError(_l("Only learners have a track."))

    def validate_organisation_id(self, field):
        needs = {"learner", "workplace_contact"} & set(self.roles.data or [])
        if needs and not field.data:
            raise ValidationError(_l("Learners and workplace contacts belong to an organisation."))


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter the organisation's name.")),
                                               Length(max=200)])
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k, KIND_LABELS[k]) for k in ORGANISATION_KINDS])


class ContactForm(FlaskForm):
    """Link an existing workplace contact to an organisation."""

    contact = SelectField(_l("Workplace contact"), coerce=int,
                          validators=[DataRequired(_l("Choose the workplace contact to add."))])

    def __init__(self, candidates, **kwargs):
        super().__init__(**kwargs)
        self.contact.choices = [SelectChoice(0, _l("— choose —"))] + [
            SelectChoice(u.id, f"{u.name} ({u.email})") for u in candidates]
