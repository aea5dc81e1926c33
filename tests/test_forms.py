"""Shared form pieces: QuickSelect writes exactly the HTML of wtforms' own Select, only faster."""
import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from lms.forms import QuickSelect

CHOICES = [
    [SelectChoice("", "All"), SelectChoice(1, "Kohorte <1> & co"), SelectChoice(2, 'Hold "B"'), SelectChoice(30, "")],
    [SelectChoice(0, "All"), SelectChoice(7, "Anna Ø"), SelectChoice(8, "Bo")],
    [SelectChoice("a", "A", render_kw={"disabled": True}), SelectChoice("b", "B")],  # wtforms' own path
    [SelectChoice("a", "A", optgroup="Gruppe"), SelectChoice("b", "B", optgroup="Gruppe")],
    [SelectChoice("x", "X"), SelectChoice("y", "Y")],
]


def _forms(choices, coerce, required: bool):
    validators = [InputRequired()] if required else []

    class Quick(Form):
        pick = SelectField("Pick", choices=choices, coerce=coerce, validators=validators, widget=QuickSelect())

    class Plain(Form):
        pick = SelectField("Pick", choices=choices, coerce=coerce, validators=validators, widget=widgets.Select())

    return Quick, Plain


@pytest.mark.parametrize("choices", CHOICES)
@pytest.mark.parametrize("submitted", [None, "1", "8", "b", "y", "nonsense"])
@pytest.mark.parametrize("required", [False, True])
def test_quick_select_writes_the_same_html_as_wtforms(choices, submitted, required):
    coerce = int if isinstance(choices[0], SelectChoice) and isinstance(choices[0].value, int) else str
    if choices is CHOICES[0]:
        coerce = lambda value: int(value) if value not in (None, "") else None  # noqa: E731
    quick_class, plain_class = _forms(choices, coerce, required)
    data = MultiDict({"pick": submitted} if submitted is not None else {})
    quick, plain = quick_class(data), plain_class(data)
    assert str(quick.pick(class_="wide")) == str(plain.pick(class_="wide"))
    assert "<option" in str(quick.pick())


def test_a_choice_is_marked_selected():
    quick_class, _plain = _forms(CHOICES[4], str, False)
    html = str(quick_class(MultiDict({"pick": "y"})).pick())
    assert '<option selected value="y">Y</option>' in html and '<option value="x">X</option>' in html
