"""Form pieces shared by several features."""
from wtforms import SelectMultipleField, widgets


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes in a fieldset (see templates/_forms.html)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()
