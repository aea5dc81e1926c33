"""Certification pages: the declaration, the coordinator's list, a learner's checklist and certificates, the PDF,
and the public verification page and Open Badges documents (no login)."""
from decimal import Decimal

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..access import can, require
from ..audit import record
from ..auth.models import User
from ..curriculum import get_curriculum
from ..extensions import db
from ..timeutil import utcnow
from . import badges, bp, services
from .forms import ITEM_LABELS, STATE_LABELS, STATUS_LABELS, DeclarationForm, RevokeForm, VerifyForm
from .models import Certificate, format_code
from .pdf import certificate_pdf
from .status import dashboard_facts, get_requirements, requirement_status


@bp.app_template_filter("certification_number")
def number_filter(value) -> str:
    """80 -> "80", 77.90 -> "77,9" in Danish and "77.9" in English."""
    return format_decimal(Decimal(str(value)).normalize()) if value is not None else ""


def _labels() -> dict:
    return {"item_labels": ITEM_LABELS, "state_labels": STATE_LABELS, "status_labels": STATUS_LABELS}


@bp.app_template_global()
def certification_summary(reflections: dict, attendance):
    """For the learner's dashboard, reusing what the dashboard has already read (one query more)."""
    if "certification" not in current_app.extensions or not can(current_user, "certification.declaration"):
        return None
    requirements = get_requirements()
    facts, certificate = dashboard_facts(current_user.id, reflections, attendance, requirements.declaration_version)
    checklist = requirement_status(requirements.tracks[current_user.track], facts)
    state = None
    if certificate is not None and certificate.revoked_at is None:
        status = certificate.status()
        state = "expired" if status == "expired" else (
            "renewal_due" if utcnow() >= services.window_opens(certificate, requirements) else "holder")
    return {"checklist": checklist, "certificate": certificate, "state": state, **_labels()}


# --- The declaration ----------------------------------------------------------------------------------------

@bp.route("/certification/declaration", methods=["GET", "POST"])
@login_required
def declaration():
    require("certification.declaration")
    version = get_requirements().declaration_version
    form = DeclarationForm()
    if request.method == "POST":
        if form.validate_on_submit():
            services.accept_declaration(current_user)
            db.session.commit()
            flash(_("Thank you. Your acceptance of the declaration has been recorded."), "success")
            return redirect(url_for("learning.dashboard"))
        status = 422
    else:
        status = 200
    return render_template("certification/declaration.html", form=form, version=version,
                           accepted=services.declaration_accepted(current_user.id, version)), status


# --- Staff: who is ready, one learner's checklist and certificates ------------------------------------------

@bp.get("/certification")
@login_required
def overview():
    require("certification.overview")
    everyone = can(current_user, "certification.overview_all")
    learners = services.certifiable_learners(None if everyone else services.taught_learner_ids(current_user.id))
    rows = services.statuses(learners)
    groups = {state: [r for r in rows if r.state == state] for state in services.STATES}
    return render_template("certification/overview.html", groups=groups, everyone=everyone,
                           tracks=get_curriculum().tracks, **_labels())


def _learner_or_404(user_id: int) -> User:
    learner = db.session.get(User, user_id)
    if learner is None or not learner.has_role("learner") or learner.track not in get_requirements().tracks:
        abort(404)
    return learner


def _learner_page(learner: User, status: int = 200, revoke_form: tuple[int, RevokeForm] | None = None):
    certificates = services.certificates_of(learner.id)
    renewed = {c.renews_id for c in certificates if c.renews_id}
    forms = {c.id: RevokeForm(prefix=f"revoke-{c.id}", formdata=None) for c in certificates}
    if revoke_form:
        forms[revoke_form[0]] = revoke_form[1]
    return render_template("certification/learner.html", learner=learner, status=services.status_of(learner),
                           certificates=certificates, renewed=renewed, revoke_forms=forms,
                           tracks=get_curriculum().tracks, modules=get_curriculum().modules,
                           window_opens=services.window_opens, **_labels()), status


@bp.get("/certification/learners/<int:user_id>")
@login_required
def learner(user_id: int):
    learner = _learner_or_404(user_id)
    require("certification.status", learner)
    return _learner_page(learner)


@bp.post("/certification/learners/<int:user_id>/issue")
@login_required
def issue(user_id: int):
    learner = _learner_or_404(user_id)
    require("certification.issue", learner)
    try:
        certificate = services.issue_certificate(learner, current_user)
    except services.CertificationError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("certification.learner", user_id=learner.id))
    db.session.commit()
    flash(_("The certificate has been issued. Its verification code is %(code)s.", code=certificate.display_code),
          "success")
    return redirect(url_for("certification.learner", user_id=learner.id))


def _certificate_or_404(certificate_id: int) -> Certificate:
    return db.session.get(Certificate, certificate_id) or abort(404)


@bp.post("/certification/certificates/<int:certificate_id>/renew")
@login_required
def renew(certificate_id: int):
    certificate = _certificate_or_404(certificate_id)
    require("certificate.renew", certificate)
    try:
        new = services.renew_certificate(certificate, current_user)
    except services.CertificationError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("certification.learner", user_id=certificate.learner_id))
    db.session.commit()
    flash(_("The certificate has been renewed. The new verification code is %(code)s.", code=new.display_code),
          "success")
    return redirect(url_for("certification.learner", user_id=certificate.learner_id))


@bp.post("/certification/certificates/<int:certificate_id>/revoke")
@login_required
def revoke(certificate_id: int):
    certificate = _certificate_or_404(certificate_id)
    require("certificate.revoke", certificate)
    form = RevokeForm(prefix=f"revoke-{certificate.id}")
    learner = db.session.get(User, certificate.learner_id)
    if not form.validate_on_submit():
        return _learner_page(learner, 422, (certificate.id, form))
    try:
        services.revoke_certificate(certificate, current_user, form.reason.data)
    except services.CertificationError as error:
        db.session.rollback()
        form.reason.errors = [*form.reason.errors, error.message]
        return _learner_page(learner, 422, (certificate.id, form))
    db.session.commit()
    flash(_("The certificate has been revoked. The verification page and the badge now say so."), "success")
    return redirect(url_for("certification.learner", user_id=certificate.learner_id))


@bp.get("/certification/certificates/<int:certificate_id>.pdf")
@login_required
def pdf(certificate_id: int):
    certificate = _certificate_or_404(certificate_id)
    require("certificate.read", certificate)
    verify_url = url_for("certification.verify", code=certificate.display_code, _external=True)
    data = certificate_pdf(certificate, programme=current_app.config["PROGRAMME_NAME"], verify_url=verify_url)
    if current_user.id != certificate.learner_id:  # the PDF holds the learner's hours and attendance
        record(current_user, "view", "certificate", certificate.id, certificate.learner_id, "certification")
        db.session.commit()
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="kompetencebevis-{certificate.display_code}.pdf"'})


# --- Public: verification by code, and the Open Badges documents ---------------------------------------------

def _public(response: Response) -> Response:
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/verify")
def verify_form():
    form = VerifyForm(request.args)
    if "code" in request.args and form.validate():
        code = services.normalise_code(form.code.data)
        if code:
            return redirect(url_for("certification.verify", code=format_code(code)))
        form.code.errors = [_("Type the code from the certificate.")]
    return _public(Response(render_template("certification/verify.html", form=form, result=None, **_labels()),
                            422 if form.errors else 200))


@bp.get("/verify/<code>")
def verify(code: str):
    certificate = services.find_by_code(code)
    result = {"status": certificate.status() if certificate else "unknown", "certificate": certificate,
              "code": format_code(services.normalise_code(code))[:40]}
    form = VerifyForm(formdata=None, data={"code": result["code"]})
    page = render_template("certification/verify.html", form=form, result=result, tracks=get_curriculum().tracks,
                           **_labels())
    return _public(Response(page, 200 if certificate else 404))


def _json(document: dict, status: int = 200) -> Response:
    response = Response(current_app.json.dumps(document), status, mimetype=badges.MEDIA_TYPE)
    response.headers["Access-Control-Allow-Origin"] = "*"  # badge tools fetch these from other sites
    return _public(response)


@bp.get("/badges/issuer.json")
def badge_issuer():
    return _json(badges.issuer_profile())


@bp.get("/badges/classes/<track>.json")
def badge_class(track: str):
    requirements = get_requirements()
    if track not in requirements.tracks:
        abort(404)
    return _json(badges.badge_class(track, get_curriculum(), requirements.tracks[track]))


@bp.get("/badges/assertions/<badge_id>.json")
def badge_assertion(badge_id: str):
    certificate = db.session.scalar(db.select(Certificate).where(Certificate.badge_id == badge_id)) or abort(404)
    return _json(*badges.assertion(certificate))


@bp.get("/badges/revocations.json")
def badge_revocations():
    return _json(badges.revocation_list(services.revoked_certificates()))
