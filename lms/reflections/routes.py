from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from ..access import can, require
from ..audit import record
from ..auth import services as accounts
from ..auth.routes import start_session
from ..curriculum import get_curriculum
from ..errors import register_csrf_recovery
from ..extensions import db
from ..markup import render_markdown
from . import bp, services
from .forms import CommentForm, ReflectionForm, ReloginForm
from .history import version_history
from .models import Submission


def _module(module_id: str):
    return get_curriculum().modules.get(module_id) or abort(404)


def _editor(module, form, status=200, *, conflict=None, preview=None):
    submission = services.get_submission(current_user.id, module.id)
    return render_template("reflections/edit.html", module=module, form=form, submission=submission,
                           history=version_history(submission, show_drafts=False), conflict=conflict, preview=preview,
                           editable=submission is None or submission.status in services.EDITABLE,
                           share_form=FlaskForm()), status


@bp.get("/modules/<module_id>/reflection")
@login_required
def edit(module_id: str):
    module = _module(module_id)
    require("reflection.write", module)
    submission = services.get_submission(current_user.id, module.id)
    form = ReflectionForm(data={"text": submission.draft_text if submission else "",
                                "revision": submission.draft_revision if submission else 0})
    return _editor(module, form)


@bp.post("/modules/<module_id>/reflection")
def save(module_id: str):
    module = _module(module_id)
    form = ReflectionForm()
    if not current_user.is_authenticated:  # the session ended while writing: keep the text
        return _relogin_page(module, form.text.data, form.revision.data or 0)
    require("reflection.write", module)
    action = request.form.get("action", "save")
    try:
        if action == "preview":
            return _editor(module, form, preview=render_markdown(form.text.data))
        if action == "submit":
            services.submit(current_user, module.id, form.text.data, form.revision.data or 0)
            message = _("Your reflection has been submitted. Your instructors have been told.")
        else:
            services.save_draft(current_user, module.id, form.text.data, form.revision.data or 0)
            message = _("Your draft has been saved.")
    except services.DraftConflict as conflict:
        db.session.rollback()
        # Saving again after seeing both texts is a deliberate choice, so it builds on the newest revision.
        form.revision.data, form.revision.raw_data = conflict.current_revision, [str(conflict.current_revision)]
        return _editor(module, form, 409, conflict=conflict)
    except services.ReflectionError as error:
        db.session.rollback()
        form.text.errors = [*form.text.errors, error.message]
        return _editor(module, form, 422)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("reflections.edit", module_id=module.id))


@bp.post("/modules/<module_id>/reflection/autosave")
@login_required
def autosave(module_id: str):
    """Called by the page's script while the learner types; the page works without it."""
    module = _module(module_id)
    require("reflection.write", module)
    form = ReflectionForm()
    try:
        submission = services.save_draft(current_user, module.id, form.text.data, form.revision.data or 0)
    except services.DraftConflict:
        db.session.rollback()
        return jsonify(error=_("The text was changed in another window. Save with the button to compare "
                               "the two texts.")), 409
    except services.ReflectionError as error:
        db.session.rollback()
        return jsonify(error=str(error.message)), 422
    db.session.commit()
    return jsonify(revision=submission.draft_revision,
                   message=_("Draft saved automatically at %(time)s.",
                             time=format_time(submission.draft_saved_at, "short")))


def _relogin_page(module, text: str, revision: int, status: int = 401, form: ReloginForm | None = None):
    form = form or ReloginForm(data={"text": text, "revision": revision})
    return render_template("reflections/relogin.html", module=module, form=form), status


@bp.post("/modules/<module_id>/reflection/relogin")
def relogin(module_id: str):
    module = _module(module_id)
    form = ReloginForm()
    if not form.validate_on_submit():
        abort(400)
    result = accounts.authenticate(form.email.data or "", form.password.data or "", request.remote_addr or "-")
    db.session.commit()
    if result.user is None:
        form.form_errors.append(_("The e-mail address or the password is not correct.") if not result.locked_minutes
                                else _("Too many failed attempts. Wait %(n)s minutes and try again, or choose "
                                       "a new password.", n=result.locked_minutes))
        return _relogin_page(module, form.text.data, form.revision.data or 0, 422, form)
    start_session(result.user)
    db.session.commit()
    require("reflection.write", module)
    return save(module_id)


def _recover_stale_form():
    """The form's security token had expired: show the text again instead of throwing it away."""
    module = _module(request.view_args["module_id"])
    text = request.form.get("text", "")
    try:
        revision = int(request.form.get("revision") or 0)
    except ValueError:
        revision = 0
    if not current_user.is_authenticated:
        return _relogin_page(module, text, revision)
    if not can(current_user, "reflection.write", module):
        abort(403)
    form = ReflectionForm(formdata=None, data={"text": text, "revision": revision})
    flash(_("The page had been open a long time, so your text was not saved yet. It is kept below: "
            "press Save again."), "error")
    return _editor(module, form, 400)


register_csrf_recovery("reflections.save", _recover_stale_form)
register_csrf_recovery("reflections.relogin", _recover_stale_form)


@bp.post("/modules/<module_id>/reflection/share")
@login_required
def share(module_id: str):
    module = _module(module_id)
    submission = services.get_submission(current_user.id, module.id) or abort(404)
    require("submission.share", submission)
    if not FlaskForm().validate_on_submit():
        abort(400)
    shared = request.form.get("shared") == "1"
    try:
        services.set_shared(submission, shared)
    except services.ReflectionError as error:
        flash(error.message, "error")
        return redirect(url_for("reflections.edit", module_id=module.id))
    db.session.commit()
    flash(_("Your reflection is now shared with your cohort.") if shared else
          _("Your reflection is no longer shared."), "success")
    return redirect(url_for("reflections.edit", module_id=module.id))


@bp.get("/reflections/<int:submission_id>")
@login_required
def view(submission_id: int):
    submission = db.session.get(Submission, submission_id) or abort(404)
    require("submission.read", submission)
    module = _module(submission.module_id)
    fellow = can(current_user, "submission.read_shared", submission) and not can(
        current_user, "submission.grade", submission)
    if submission.learner_id != current_user.id:
        record(current_user, "view", "reflection", submission.id, submission.learner_id,
               "cohort_share" if fellow else "teaching")
        db.session.commit()
    return render_template("reflections/view.html", submission=submission, module=module, fellow=fellow,
                           history=[] if fellow else version_history(submission, show_drafts=can(
                               current_user, "submission.grade", submission)),
                           shared=submission.shared_version,
                           comments=services.comments(submission.id), comment_form=CommentForm(),
                           render_markdown=render_markdown)


@bp.post("/reflections/<int:submission_id>/comments")
@login_required
def comment(submission_id: int):
    submission = db.session.get(Submission, submission_id) or abort(404)
    require("submission.comment", submission)
    form = CommentForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.add_comment(current_user, submission, form.text.data)
    except services.ReflectionError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("reflections.view", submission_id=submission.id))
    db.session.commit()
    flash(_("Your comment has been added."), "success")
    return redirect(url_for("reflections.view", submission_id=submission.id))
