"""The participation overview, its exports and one person's page, for workplace contacts and coordinators."""
from datetime import date

from flask import Response, abort, render_template, request, send_file, stream_with_context, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ..access import can, followed_organisation_ids, require
from ..audit import record
from ..auth.models import User
from ..certification.forms import ITEM_LABELS
from ..curriculum import get_curriculum
from ..extensions import db
from . import bp, export, overview
from .forms import OverviewFilterForm
from .labels import labels as _labels
from .person import person_facts
from .services import followed_organisations


def _scope():
    """None for coordinators (every organisation), else the organisations the contact follows."""
    require("workplace.overview")
    return None if can(current_user, "workplace.overview_all") else followed_organisation_ids(current_user)


def _filter_form(scope, organisations) -> OverviewFilterForm:
    form = OverviewFilterForm(request.args, organisations=organisations,
                              cohorts=overview.cohorts_in_scope(scope), tracks=_labels()["tracks"],
                              labels=_labels())
    form.validate()
    return form


@bp.get("/")
@login_required
def overview_page():
    scope = _scope()
    organisations = followed_organisations(scope)
    form = _filter_form(scope, organisations)
    filters = form.filters(scope, request.args)
    page = overview.participation_page(filters, request.args.get("page", 1, type=int))
    # Everyone's totals are a report of their own (totals_page); a contact's are counted with the list.
    counts = overview.totals(filters) if scope is not None else None
    return render_template("workplace/overview.html", form=form, filters=filters, page=page, counts=counts,
                           organisations={o.id: o for o in organisations}, everyone=scope is None,
                           **_labels()), 422 if form.errors else 200


@bp.get("/totals")
@login_required
def totals_page():
    require("workplace.overview_all")
    organisations = followed_organisations(None)
    return render_template("workplace/totals.html", counts=overview.totals(overview.Filters(None)),
                           organisations={o.id: o for o in organisations}, **_labels())


@bp.get("/export.<any(csv, xlsx):kind>")
@login_required
def export_overview(kind: str):
    scope = _scope()
    form = _filter_form(scope, followed_organisations(scope))
    if form.errors:
        abort(404)  # an organisation or cohort outside the viewer's scope, or a made-up value
    filters = form.filters(scope, request.args)
    record(current_user, "export", "organisation", filters.organisation_id, None, "workplace")
    db.session.commit()
    rows = overview.export_rows(filters)
    name = f"{_l('participation')}-{date.today().isoformat()}"
    if kind == "csv":
        return Response(stream_with_context(export.csv_lines(rows, _labels())), mimetype="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    return send_file(export.xlsx_file(rows, _labels(), str(_l("Participation"))), as_attachment=True,
                     download_name=f"{name}.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.get("/people/<int:user_id>")
@login_required
def person(user_id: int):
    person = db.session.get(User, user_id)
    if person is None or not person.active or not person.has_role("learner"):
        abort(404)
    require("workplace.person", person)
    facts = person_facts(person)
    record(current_user, "view", "person", person.id, person.id, "workplace")
    page = render_template("workplace/person.html", facts=facts, modules=get_curriculum().modules,
                           item_labels=ITEM_LABELS, back=url_for("workplace.overview_page"), **_labels())
    db.session.commit()  # after rendering, so the page reads nothing the commit expired
    return page
