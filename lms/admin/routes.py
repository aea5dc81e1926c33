from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from flask_wtf import FlaskForm

from ..access import require
from ..auth import services as accounts
from ..auth.models import Organisation, User
from ..curriculum import get_curriculum
from ..extensions import db
from ..i18n import current_locale
from ..workplace import services as contacts
from . import bp, services
from .forms import KIND_LABELS, ROLE_LABELS, ContactForm, InviteForm, OrganisationForm


def _invite_form() -> InviteForm:
    return InviteForm(services.list_organisations(), get_curriculum().tracks.values(), current_locale())


@bp.get("/people")
@login_required
def people():
    require("people.manage")
    return render_template("admin/people.html", people=services.list_people(), form=_invite_form(),
                           role_labels=ROLE_LABELS, tracks=get_curriculum().tracks, action_form=FlaskForm())


@bp.post("/people")
@login_required
def invite():
    require("people.manage")
    form = _invite_form()
    if not form.validate_on_submit():
        return render_template("admin/people.html", people=services.list_people(), form=form,
                               role_labels=ROLE_LABELS, tracks=get_curriculum().tracks,
                               action_form=FlaskForm()), 422
    user = accounts.invite_user(email=form.email.data, name=form.name.data, roles=form.roles.data,
                                organisation_id=form.organisation_id.data or None,
                                track=form.track.data or None, locale=form.locale.data)
    db.session.commit()
    flash(_("An invitation has been sent to %(email)s.", email=user.email), "success")
    return redirect(url_for("admin.people"))


@bp.post("/people/<int:user_id>/invitation")
@login_required
def resend_invitation(user_id: int):
    require("people.manage")
    user = db.session.get(User, user_id) or abort(404)
    if user.has_password or not FlaskForm().validate_on_submit():
        abort(400)
    accounts.send_invitation(user)
    db.session.commit()
    flash(_("A new invitation has been sent to %(email)s. Earlier links no longer work.", email=user.email),
          "success")
    return redirect(url_for("admin.people"))


@bp.route("/organisations", methods=["GET", "POST"])
@login_required
def organisations():
    require("organisations.manage")
    form = OrganisationForm()
    status = 200
    if form.validate_on_submit():
        if services.organisation_name_taken(form.name.data):
            form.name.errors.append(_("An organisation with this name already exists."))
        else:
            services.create_organisation(form.name.data, form.kind.data)
            db.session.commit()
            flash(_("The organisation has been created."), "success")
            return redirect(url_for("admin.organisations"))
    if form.errors:
        status = 422
    return render_template("admin/organisations.html", organisations=services.list_organisations(),
                           counts=services.people_per_organisation(), form=form,
                           kind_labels=KIND_LABELS), status


# --- Organisations' contacts: who follows which organisation's participation -----------------------------------

def _organisation_or_404(organisation_id: int) -> Organisation:
    return db.session.get(Organisation, organisation_id) or abort(404)


def _organisation_page(organisation: Organisation, form: ContactForm, status: int = 200):
    return render_template("admin/organisation.html", organisation=organisation, form=form,
                           contacts=contacts.contacts_of(organisation.id), action_form=FlaskForm(),
                           kind_labels=KIND_LABELS), status


@bp.get("/organisations/<int:organisation_id>")
@login_required
def organisation(organisation_id: int):
    require("organisation_contacts.manage")
    organisation = _organisation_or_404(organisation_id)
    return _organisation_page(organisation, ContactForm(contacts.possible_contacts(organisation.id)))


@bp.post("/organisations/<int:organisation_id>/contacts")
@login_required
def add_contact(organisation_id: int):
    require("organisation_contacts.manage")
    organisation = _organisation_or_404(organisation_id)
    form = ContactForm(contacts.possible_contacts(organisation.id))
    if not form.validate_on_submit():
        return _organisation_page(organisation, form, 422)
    person = db.session.get(User, form.contact.data)
    contacts.link_contact(organisation, person)
    message = _("%(name)s now follows %(organisation)s.", name=person.name, organisation=organisation.name)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("admin.organisation", organisation_id=organisation.id))


@bp.post("/organisations/<int:organisation_id>/contacts/<int:user_id>/remove")
@login_required
def remove_contact(organisation_id: int, user_id: int):
    require("organisation_contacts.manage")
    organisation = _organisation_or_404(organisation_id)
    person = db.session.get(User, user_id) or abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    if contacts.unlink_contact(organisation, person):
        message = _("%(name)s no longer follows %(organisation)s.", name=person.name, organisation=organisation.name)
        db.session.commit()
        flash(message, "success")
    return redirect(url_for("admin.organisation", organisation_id=organisation.id))
