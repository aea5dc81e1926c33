"""The overview's words and table rows. The labels are translated once per request and the rows are made in
Python: a page of fifty people has five hundred cells, and as template code (a call, a lookup and an escape per
cell) they cost more than the page's SQL."""
from decimal import Decimal

from babel.numbers import get_decimal_symbol
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from ..curriculum import get_curriculum
from ..i18n import cached_for_locale, local_date
from . import bp
from .facts import PROGRESS_ITEMS

STATUS_LABELS = {"active": _l("Active"), "paused": _l("Paused"), "completed": _l("Completed"),
                 "withdrawn": _l("Withdrawn"), "not_enrolled": _l("Not enrolled")}
CERTIFICATE_LABELS = {"valid": _l("Valid"), "expired": _l("Expired"), "revoked": _l("Revoked"),
                      "none": _l("No certificate")}


def labels() -> dict:
    """Translated once per request (a list of thousands of cells would otherwise translate each one)."""
    return cached_for_locale("_lms_workplace_labels", _translated_labels)


def _translated_labels(babel_locale) -> dict:
    locale = str(babel_locale)
    return {"statuses": {k: str(v) for k, v in STATUS_LABELS.items()},
            "certificates": {k: str(v) for k, v in CERTIFICATE_LABELS.items()},
            "tracks": {t.id: t.name[locale] for t in get_curriculum().tracks.values()},
            "formats": {"of": _("%(actual)s of %(required)s"),
                        "attendance": _("%(actual)s %% (at least %(required)s %%)"),
                        "valid_until": _("Valid until %(date)s"), "met": _("requirement met"),
                        "missing": _("Not registered yet")},
            "decimal_symbol": get_decimal_symbol(locale)}


@bp.app_template_filter("participation_number")
def participation_number(value, decimal_symbol: str = ",") -> str:
    """80 -> "80", Decimal("77.90") -> "77,9": as certification_number, without a locale lookup per cell."""
    if value is None:
        return ""
    text = format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)
    return text.replace(".", decimal_symbol)


@bp.app_template_global("progress_cell")
def progress_cell(item) -> Markup:
    """A checklist item as a cell: "4 of 7", "85 % (at least 80 %)", marked when met; a dash when not recorded."""
    words = labels()
    formats = words["formats"]
    if item is None or item.actual is None:
        # f-strings with escape(), not Markup's %, as in reflection_status
        return Markup(f'<span aria-label="{escape(formats["missing"])}">–</span>')
    symbol = words["decimal_symbol"]
    text = formats["attendance" if item.key == "attendance" else "of"] % {
        "actual": participation_number(item.actual, symbol), "required": participation_number(item.required, symbol)}
    if not item.met:
        return escape(text)
    met = escape(formats["met"])
    return Markup(f'{escape(text)} <span class="met">✓<span class="visually-hidden"> {met}</span></span>')


@bp.app_template_global("participation_row")
def participation_row(row, with_organisation: bool) -> Markup:
    """One person's row: name (a link to their page), organisation when the viewer sees several, track, cohort,
    status, the four checklist items and the latest certificate."""
    words = labels()
    person = row.person
    link = url_for("workplace.person", user_id=person.id)
    cells = [person.organisation] if with_organisation else []
    cells += [words["tracks"].get(person.track, ""), person.cohort or "–", words["statuses"][row.status]]
    cells += [progress_cell(row.item(key)) for key in PROGRESS_ITEMS]
    cells.append(certificate_cell(row.certificate, row.certificate_state))
    tds = "".join([f"<td>{escape(cell)}</td>" for cell in cells])
    return Markup(f'<tr><th scope="row"><a href="{escape(link)}">{escape(person.name)}</a></th>{tds}</tr>')


@bp.app_template_global("certificate_cell")
def certificate_cell(certificate, state: str) -> Markup:
    """The latest certificate as a cell: valid until a date, expired, revoked or none; never more."""
    words = labels()
    if certificate is None:
        return escape(words["certificates"]["none"])
    if state == "valid":
        return escape(words["formats"]["valid_until"] % {"date": local_date(certificate.expires_at)})
    return escape(words["certificates"][state])
