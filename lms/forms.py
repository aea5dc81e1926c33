"""Form pieces shared by several features."""
import wtforms.widgets.core
from markupsafe import Markup, escape
from wtforms import SelectField, SelectMultipleField, ValidationError, widgets
from wtforms.fields.choices import SelectChoice

WTFORMS_HTML_PARAMS = wtforms.widgets.core.html_params  # wtforms' own, which tests/test_forms.py compares with
WTFORMS_INVALID_CHOICE = "Not a valid choice."  # wtforms' message, translated by wtforms' own catalogue


def html_params(**kwargs) -> Markup:
    """wtforms' html_params, writing the same attributes (tests/test_forms.py compares the two) without putting each
    one through Markup.format, a formatter written in Python: one labelled input cost a sixth of the certificate
    check page. Installed in wtforms' place by use_fast_html_params()."""
    params = []
    for key, value in sorted(kwargs.items()):
        key = wtforms.widgets.core.clean_key(key)
        if value is True:
            params.append(str(escape(key)))
        elif value is not False:
            value = escape(value).replace(Markup('"'), Markup("&quot;"))  # as wtforms: a Markup value's quotes
            params.append(f'{escape(key)}="{value}"')
    return Markup(" ".join(params))


def use_fast_html_params() -> None:
    """Every widget and label of wtforms then writes its attributes with html_params() above: the module function
    (Select, TextArea, options), the package's name for it (Label) and the inputs' and buttons' own copies."""
    wtforms.widgets.core.html_params = html_params
    widgets.html_params = html_params
    wtforms.widgets.core.Input.html_params = staticmethod(html_params)
    wtforms.widgets.core.Button.html_params = staticmethod(html_params)


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes in a fieldset (see templates/_forms.html)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _plain_choices(choices):
    """(value, label) pairs when every choice is a plain SelectChoice (no option attributes, group or boolean
    value), else None."""
    if not isinstance(choices, list | tuple):
        return None
    pairs = []
    for choice in choices:
        if (not isinstance(choice, SelectChoice) or choice.render_kw or choice.optgroup is not None
                or isinstance(choice.value, bool)):
            return None
        pairs.append((choice.value, choice.label))
    return pairs


class QuickSelect(widgets.Select):
    """wtforms' Select with the same HTML (tests/test_forms.py compares them), several times faster per option:
    for filters listing hundreds of people or cohorts. wtforms normalises every choice into objects twice per
    render; plain (value, label) choices are written out directly instead."""

    def __call__(self, field, **kwargs):
        pairs = None if self.multiple else _plain_choices(field.choices)
        if pairs is None:
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for key in dir(flags):
            if key in self.validation_attrs and key not in kwargs:
                kwargs[key] = getattr(flags, key)
        coerce, data = field.coerce, field.data
        options = []
        for value, label in pairs:
            # An id needs no escaping (a filter lists hundreds of people or cohorts by id).
            text = str(value) if type(value) is int else escape(value)
            options.append(f'<option{" selected" if coerce(value) == data else ""} value="{text}">'
                           f'{escape(label or value)}</option>')
        return Markup(f"<select {widgets.html_params(name=field.name, **kwargs)}>{''.join(options)}</select>")

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        selected, label = " selected" if choice.selected else "", escape(choice.label or choice.value)
        return Markup(f'<option{selected} value="{escape(choice.value)}">{label}</option>')


class QuickSelectField(SelectField):
    """A SelectField drawn by QuickSelect that checks a submitted value against plain choices directly (wtforms
    makes an object per choice to find the selected one): the same answer and message (tests/test_forms.py)."""

    widget = QuickSelect()

    def pre_validate(self, form):
        pairs = None if self.process_errors or not self.validate_choice else _plain_choices(self.choices)
        if pairs is None:
            return super().pre_validate(form)
        coerce, data = self.coerce, self.data
        if not any(coerce(value) == data for value, _label in pairs):
            # Not one of the choices (or nothing chosen, which Optional() then forgives): wtforms' own words,
            # without its second pass over every choice.
            raise ValidationError(self.invalid_choice_message or self.gettext(WTFORMS_INVALID_CHOICE))
        return None
