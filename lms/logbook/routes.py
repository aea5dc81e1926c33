"""The logbook pages: the learner's own logbook, the confirmation queue and the overview of counts."""
from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from ..access import can, require
from ..extensions import db
from . import bp, checks, services
from .forms import FORM_LABELS, KIND_LABELS, PRIVATE_NOTE_HINT, STATUS_LABELS, PracticeForm, ReturnForm, SupervisionForm

ENTRY = "/logbook/<any(practice, supervision):entry_type>/<int:entry_id>"


@bp.app_template_filter("logbook_hours")
def hours_filter(value) -> str:
    """2.50 -> "2,5" in Danish, "2.5" in English."""
    return format_decimal(Decimal(value).normalize()) if value is not None else ""


def _labels() -> dict:
    return {"kind_labels": KIND_LABELS, "form_labels": FORM_LABELS, "status_labels": STATUS_LABELS,
            "note_hint": PRIVATE_NOTE_HINT}


def _entry(entry_type: str, entry_id: int):
    return db.session.get(services.MODELS[entry_type], entry_id) or abort(404)


def _form(entry_type: str, **kwargs):
    if entry_type == "practice":
        return PracticeForm(prefix="practice", **kwargs)
    return SupervisionForm(checks.supervisor_choices(current_user.id), prefix="supervision", **kwargs)


def _save(form, entry_type: str, action, **context) -> bool:
    """Read the form, run the step; on any problem keep what was typed and explain it next to the field."""
    if not form.validate_on_submit():
        form.add_problems(checks.problems(entry_type, current_user, form.values(), **context))
        return False
    try:
        action(form.values())
    except checks.LogbookError as error:
        db.session.rollback()
        form.add_problems(error.problems or {None: error.message})
        return False
    db.session.commit()
    return True


# --- The learner's logbook ----------------------------------------------------------------------------------

def _logbook_page(status: int = 200, **forms):
    practice, supervision = services.entries_for(current_user.id)
    entries = {(e.entry_type, e.id): e for e in [*practice, *supervision]}
    being_corrected = {(e.entry_type, e.corrects_id): e for e in entries.values() if e.corrects_id and e.editable}
    forms.setdefault("practice_form", _form("practice"))
    forms.setdefault("supervision_form", _form("supervision"))
    return render_template("logbook/index.html", practice=practice, supervision=supervision, entries=entries,
                           being_corrected=being_corrected, action_form=FlaskForm(),
                           hours=services.confirmed_practice_hours(current_user.id),
                           sessions=services.confirmed_supervision_sessions(current_user.id),
                           **forms, **_labels()), status


@bp.get("/logbook")
@login_required
def index():
    require("logbook.own")
    return _logbook_page()


@bp.post("/logbook/<any(practice, supervision):entry_type>")
@login_required
def add(entry_type: str):
    require("logbook.own")
    form = _form(entry_type)
    if _save(form, entry_type, lambda values: services.add_entry(current_user, entry_type, values)):
        flash(_("The entry has been added. It counts once it is confirmed; the person who confirms it has been "
                "told."), "success")
        return redirect(url_for("logbook.index"))
    return _logbook_page(422, **{f"{entry_type}_form": form})


def _edit_page(entry, form, status: int = 200, original=None):
    """Change an open entry (`entry`), or write a correction of a confirmed one (entry None, `original`)."""
    return render_template("logbook/edit.html", entry=entry, form=form, original=original,
                           entry_type=(entry or original).entry_type, **_labels()), status


@bp.route(f"{ENTRY}/edit", methods=["GET", "POST"])
@login_required
def edit(entry_type: str, entry_id: int):
    entry = _entry(entry_type, entry_id)
    require("logbook_entry.own", entry)
    if request.method == "GET":
        if not can(current_user, "logbook_entry.edit", entry):
            flash(_("This entry has been confirmed and can no longer be changed. Request a correction instead."),
                  "error")
            return redirect(url_for("logbook.index"))
        return _edit_page(entry, _form(entry_type, data=services.values_of(entry)), original=entry.original)
    form = _form(entry_type)
    if _save(form, entry_type, lambda values: services.update_entry(current_user, entry, values), entry=entry):
        flash(_("The entry has been saved and is waiting for confirmation."), "success")
        return redirect(url_for("logbook.index"))
    return _edit_page(entry, form, 422 if entry.editable else 409, original=entry.original)


@bp.route(f"{ENTRY}/correction", methods=["GET", "POST"])
@login_required
def correct(entry_type: str, entry_id: int):
    """A confirmed entry stays as it is; the correction is a new entry that needs its own confirmation."""
    original = _entry(entry_type, entry_id)
    require("logbook_entry.own", original)
    waiting = services.open_correction(original)
    if waiting is not None:
        flash(_("A correction of this entry is already waiting. Change that one instead."), "error")
        return redirect(url_for("logbook.edit", entry_type=entry_type, entry_id=waiting.id))
    if not can(current_user, "logbook_entry.correct", original):
        flash(_("Only a confirmed entry needs a correction; change this one directly."), "error")
        return redirect(url_for("logbook.index"))
    if request.method == "GET":
        return _edit_page(None, _form(entry_type, data=services.values_of(original)), original=original)
    form = _form(entry_type)
    if _save(form, entry_type, lambda values: services.add_entry(current_user, entry_type, values, corrects=original),
             corrects_id=original.id):
        flash(_("Your correction has been sent for confirmation. Until it is confirmed, the entry as it was "
                "confirmed still counts."), "success")
        return redirect(url_for("logbook.index"))
    return _edit_page(None, form, 422, original=original)


@bp.post(f"{ENTRY}/delete")
@login_required
def delete(entry_type: str, entry_id: int):
    entry = _entry(entry_type, entry_id)
    require("logbook_entry.own", entry)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        services.delete_entry(current_user, entry)
    except checks.LogbookError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("logbook.index"))
    db.session.commit()
    flash(_("The entry has been deleted."), "success")
    return redirect(url_for("logbook.index"))


# --- Confirming ---------------------------------------------------------------------------------------------

def _queue_page(status: int = 200, failed: dict | None = None):
    practice, supervision = services.confirmation_queue(current_user.id)
    return render_template("logbook/confirmations.html", practice=practice, supervision=supervision,
                           form=FlaskForm(), failed=failed or {}, **_labels()), status


@bp.get("/logbook/confirmations")
@login_required
def confirmations():
    require("logbook.confirmations")
    return _queue_page()


@bp.post(f"{ENTRY}/confirm")
@login_required
def confirm(entry_type: str, entry_id: int):
    entry = _entry(entry_type, entry_id)
    require("logbook_entry.confirm", entry)
    if not FlaskForm().validate_on_submit():
        abort(400)
    name = entry.learner.name
    try:
        services.confirm(current_user, entry)
    except checks.LogbookError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("logbook.confirmations"))
    db.session.commit()
    flash(_("The entry from %(name)s has been confirmed.", name=name), "success")
    return redirect(url_for("logbook.confirmations"))


@bp.post(f"{ENTRY}/return")
@login_required
def return_entry(entry_type: str, entry_id: int):
    entry = _entry(entry_type, entry_id)
    require("logbook_entry.confirm", entry)
    form = ReturnForm()
    if not form.validate_on_submit():
        abort(400)
    name = entry.learner.name
    try:
        services.return_entry(current_user, entry, form.comment.data)
    except checks.LogbookError as error:
        db.session.rollback()
        if error.field == "comment":
            return _queue_page(422, failed={"key": (entry_type, entry_id), "comment": form.comment.data or "",
                                            "error": error.message})
        flash(error.message, "error")
        return redirect(url_for("logbook.confirmations"))
    db.session.commit()
    flash(_("The entry has been returned to %(name)s with your comment.", name=name), "success")
    return redirect(url_for("logbook.confirmations"))


# --- Counts for coordinators and instructors ----------------------------------------------------------------

@bp.get("/logbook/overview")
@login_required
def overview():
    """Numbers and status only: no entry, summary or note is shown here."""
    require("logbook.overview")
    learners = services.overview_learners(current_user.id, everyone=can(current_user, "logbook.overview_all"))
    return render_template("logbook/overview.html", learners=learners,
                           totals=services.totals_for([u.id for u in learners]))
