"""Shared form pieces: QuickSelect and html_params write exactly the HTML of wtforms' own, only faster."""
import pytest
import wtforms.widgets.core
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectField, StringField, SubmitField, TextAreaField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from lms.forms import WTFORMS_HTML_PARAMS, QuickSelectField, html_params

CHOICES = [
    [SelectChoice("", "All"), SelectChoice(1, "Kohorte <1> & co"), SelectChoice(2, 'Hold "B"'), SelectChoice(30, "")],
    [SelectChoice(0, "All"), SelectChoice(7, "Anna Ø"), SelectChoice(8, "Bo")],
    [SelectChoice("a", "A", render_kw={"disabled": True}), SelectChoice("b", "B")],  # wtforms' own path
    [SelectChoice("a", "A", optgroup="Gruppe"), SelectChoice("b", "B", optgroup="Gruppe")],
    [SelectChoice("x", "X"), SelectChoice("y", "Y")],
]


def _forms(choices, coerce, required):
    validators = {False: [], True: [InputRequired()], "optional": [Optional()]}[required]

    class Quick(Form):
        pick = QuickSelectField("Pick", choices=choices, coerce=coerce, validators=validators)

    class Plain(Form):
        pick = SelectField("Pick", choices=choices, coerce=coerce, validators=validators, widget=widgets.Select())

    return Quick, Plain


@pytest.mark.parametrize("choices", CHOICES)
@pytest.mark.parametrize("submitted", [None, "1", "8", "b", "y", "nonsense"])
@pytest.mark.parametrize("required", [False, True, "optional"])
def test_quick_select_writes_the_same_html_as_wtforms(choices, submitted, required):
    coerce = int if isinstance(choices[0], SelectChoice) and isinstance(choices[0].value, int) else str
    if choices is CHOICES[0]:
        coerce = lambda value: int(value) if value not in (None, "") else None  # noqa: E731
    quick_class, plain_class = _forms(choices, coerce, required)
    data = MultiDict({"pick": submitted} if submitted is not None else {})
    quick, plain = quick_class(data), plain_class(data)
    assert str(quick.pick(class_="wide")) == str(plain.pick(class_="wide"))
    assert "<option" in str(quick.pick())
    assert quick.validate() == plain.validate() and quick.errors == plain.errors  # the same answer and message


def test_a_choice_is_marked_selected():
    quick_class, _plain = _forms(CHOICES[4], str, False)
    html = str(quick_class(MultiDict({"pick": "y"})).pick())
    assert '<option selected value="y">Y</option>' in html and '<option value="x">X</option>' in html


HTML_PARAMS_CASES = [
    {},
    {"name": "code", "id": "code", "type": "text", "value": ""},
    {"class_": "wide", "for_": "x", "data_user_name": "a.b", "aria_describedby": "code-hint code-error"},
    {"checked": True, "readonly": False, "required": True, "name": "pick"},
    {"value": 'Say "hi" <b>& \'bye\''}, {"value": Markup('<b>"bold"</b>')}, {"value": 0}, {"value": 12.5},
    {"value": None}, {"title": "Ærø og Ødsted"}, {"onclick": "alert(1)", "placeholder": "XXXX-XXXX-XXXX"},
]


@pytest.mark.parametrize("params", HTML_PARAMS_CASES)
def test_fast_html_params_writes_what_wtforms_writes(params):
    fast, original = html_params(**params), WTFORMS_HTML_PARAMS(**params)
    assert fast == original and isinstance(fast, Markup)


def test_fast_html_params_is_what_the_widgets_use(app):
    class Both(Form):
        code = StringField("Kode <1>", render_kw={"placeholder": 'x"y'})
        go = SubmitField("Tjek")
        note = TextAreaField("Note")

    form = Both(MultiDict({"code": "AB&C", "note": "<hej>"}))
    rendered = [str(form.code.label()), str(form.code(aria_invalid="true")), str(form.go()), str(form.note())]
    assert rendered == ['<label for="code">Kode &lt;1&gt;</label>',
                        '<input aria-invalid="true" id="code" name="code" placeholder="x&#34;y" type="text" '
                        'value="AB&amp;C">',
                        '<input id="go" name="go" type="submit" value="Tjek">',
                        '<textarea id="note" name="note">\r\n&lt;hej&gt;</textarea>']
    assert wtforms.widgets.core.Input.html_params is html_params and widgets.html_params is html_params
