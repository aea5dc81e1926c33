from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, PasswordField, TextAreaField
from wtforms.validators import Optional


class ReflectionForm(FlaskForm):
    text = TextAreaField(_l("Your reflection"), filters=[lambda v: v or ""])
    revision = IntegerField(validators=[Optional()], default=0)


class CommentForm(FlaskForm):
    text = TextAreaField(_l("Your comment"))


class ReloginForm(FlaskForm):
    """Log in again without losing the text that was being written."""

    email = EmailField(_l("E-mail"))
    password = PasswordField(_l("Password"))
    text = TextAreaField(_l("Your reflection"), filters=[lambda v: v or ""])
    revision = IntegerField(validators=[Optional()], default=0)
