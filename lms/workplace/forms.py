"""The overview's filters, read from the query string (a GET form: the filtered page can be bookmarked)."""
from flask_babel import lazy_gettext as _l
from wtforms import Form
from wtforms.fields.choices import SelectChoice

from ..forms import QuickSelectField
from .overview import CERTIFICATE_STATES, SORTS, STATUSES, Filters


def _optional_int(value):
    return int(value) if value not in (None, "") else None


class OverviewFilterForm(Form):
    organisation = QuickSelectField(_l("Organisation"), coerce=_optional_int)
    cohort = QuickSelectField(_l("Cohort"), coerce=_optional_int)
    track = QuickSelectField(_l("Track"))
    status = QuickSelectField(_l("Status"))
    certificate = QuickSelectField(_l("Certificate"))

    class Meta:
        csrf = False

    def __init__(self, formdata, *, organisations, cohorts, tracks: dict, labels: dict):
        super().__init__(formdata)
        everything = [SelectChoice("", _l("All"))]
        self.organisation.choices = everything + [SelectChoice(o.id, o.name) for o in organisations]
        self.cohort.choices = everything + [SelectChoice(i, name) for i, name in cohorts]
        self.track.choices = everything + [SelectChoice(i, name) for i, name in tracks.items()]
        self.status.choices = everything + [SelectChoice(s, labels["statuses"][s]) for s in STATUSES]
        self.certificate.choices = everything + [SelectChoice(s, labels["certificates"][s]) for s in CERTIFICATE_STATES]
        self._invalid_message = _l("Choose one of the options in the list.")

    def validate(self, extra_validators=None) -> bool:
        ok = True
        for field in (self.organisation, self.cohort, self.track, self.status, self.certificate):
            field.errors = list(field.process_errors)
            allowed = {choice.value for choice in field.choices}
            if field.process_errors or (field.data not in allowed and field.data not in (None, "")):
                field.errors = [self._invalid_message]
                ok = False
        return ok

    def filters(self, scope, args) -> Filters:
        """The valid choices as filters (an invalid one is dropped, and its error shown)."""
        def good(field):
            return field.data if not field.errors and field.data not in ("", None) else None

        sort = args.get("sort", "name")
        return Filters(scope, organisation_id=good(self.organisation), cohort_id=good(self.cohort),
                       track=good(self.track), status=good(self.status), certificate=good(self.certificate),
                       sort=sort if sort in SORTS else "name", descending=args.get("order") == "desc")
