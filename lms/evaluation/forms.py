"""Forms of the self-assessment and the course evaluation, built from the questions in questions.py.

Every scale question is a group of radio buttons with "no answer" as the first choice, checked until the learner
picks a value: no answer is stored as missing, never as a number.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from .questions import COURSE_TEXTS, MAX_TEXT, SCALE, Question

NO_ANSWER = _l("No answer (skip this question)")


class ScaleField(RadioField):
    """1-5 or no answer. Whatever else arrives is explained next to the question, never a 500."""

    def __init__(self, label, labels: dict, **kwargs):
        choices = [SelectChoice("", NO_ANSWER)] + [SelectChoice(str(v), labels[v]) for v in SCALE]
        super().__init__(label, choices=choices, default="", validate_choice=False, **kwargs)

    def process_formdata(self, valuelist):
        self.data = valuelist[0] if valuelist else ""

    def pre_validate(self, form):
        if self.data not in {"", *(str(v) for v in SCALE)}:
            raise ValidationError(_l("Choose one of the options, or skip the question."))

    @property
    def value(self) -> int | None:
        return int(self.data) if self.data else None


class _ScaleForm(FlaskForm):
    QUESTIONS: list[Question] = []
    TEXTS: tuple[str, ...] = ()

    def values(self) -> dict[str, int | None]:
        return {q.id: self[q.field].value for q in self.QUESTIONS}

    def texts(self) -> dict[str, str]:
        return {name: self[name].data or "" for name in self.TEXTS}

    def scale_fields(self):
        return [(q, self[q.field]) for q in self.QUESTIONS]

    def add_problem(self, field: str | None, message) -> None:
        if field in self._fields and not self[field].errors:
            self[field].errors = [message]
        else:
            self.form_errors.append(message)


def _text_field(label):
    def check(form, field):
        if len((field.data or "").strip()) > MAX_TEXT:
            raise ValidationError(_l("At most %(max)s characters.", max=MAX_TEXT))

    return TextAreaField(label, validators=[check])


def _build(name: str, questions: list[Question], texts: dict, locale: str, **kwargs) -> _ScaleForm:
    fields = {q.field: ScaleField(q.question(locale), q.labels) for q in questions}
    fields.update({key: _text_field(label) for key, label in texts.items()})
    form_class = type(name, (_ScaleForm,), {"QUESTIONS": questions, "TEXTS": tuple(texts), **fields})
    return form_class(**kwargs)


def self_assessment_form(questions: list[Question], locale: str, **kwargs) -> _ScaleForm:
    return _build("SelfAssessmentForm", questions, {"comment": _l("Anything you want to add? (optional)")}, locale,
                  **kwargs)


def course_evaluation_form(questions: list[Question], locale: str, **kwargs) -> _ScaleForm:
    return _build("CourseEvaluationForm", questions, dict(COURSE_TEXTS), locale, **kwargs)
