"""Every rule about who may see or do what. Deny by default.

Views call require(); templates call can(). An action without a rule is refused, so a new
feature is closed until someone writes its rule here.
"""
from collections.abc import Callable

from flask import abort
from flask_login import current_user

Rule = Callable[[object, object], bool]
_RULES: dict[str, Rule] = {}


def rule(action: str):
    def register(fn: Rule) -> Rule:
        if action in _RULES:
            raise ValueError(f"access rule {action!r} defined twice")
        _RULES[action] = fn
        return fn

    return register


def can(user, action: str, obj=None) -> bool:
    fn = _RULES.get(action)
    if fn is None or user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(fn(user, obj))


def require(action: str, obj=None) -> None:
    """Abort with 403 unless the current user may do the action (login is asked for first)."""
    user = current_user._get_current_object()  # once: every attribute read through the proxy costs a lookup
    if not user.is_authenticated:
        from .extensions import login_manager

        abort(login_manager.unauthorized())  # the login page (or a 401 for scripts)
    if not can(user, action, obj):
        abort(403)


def known_actions() -> frozenset[str]:
    return frozenset(_RULES)


def _staff(user) -> bool:
    return user.has_role("coordinator") or user.has_role("instructor")


# --- Curriculum and the learner's path -------------------------------------------------------

@rule("learner.dashboard")
def _learner_dashboard(user, _):
    return user.has_role("learner") and user.track is not None


@rule("module.read")
def _module_read(user, module):
    # Content is not private; learners follow their own track, staff and workplaces see all of it.
    if _staff(user) or user.has_role("workplace_contact"):
        return True
    return user.has_role("learner") and module is not None and user.track in module.track_ids


@rule("module.mark_read")
def _module_mark_read(user, module):
    return user.has_role("learner") and module is not None and user.track in module.track_ids


@rule("curriculum.overview")
def _curriculum_overview(user, _):
    return _staff(user) or user.has_role("workplace_contact")


# --- Reflections: health data, visible only to the author, the author's instructors, and the
# author's cohort when the author shares one -----------------------------------------------------

def _teaches(user, learner_id: int) -> bool:
    from .cohorts.services import teaches

    return user.has_role("instructor") and teaches(user.id, learner_id)


def _shared_with(user, submission) -> bool:
    from .cohorts.services import share_a_cohort

    return submission.shared_version_number is not None and share_a_cohort(user.id, submission.learner_id)


@rule("reflection.write")
def _reflection_write(user, module):
    return _module_mark_read(user, module)


@rule("submission.read")
def _submission_read(user, submission):
    return (submission.learner_id == user.id or _teaches(user, submission.learner_id)
            or _shared_with(user, submission))


@rule("submission.read_shared")
def _submission_read_shared(user, submission):
    """Fellow learners see only the shared version and its comments."""
    return _shared_with(user, submission) and submission.learner_id != user.id


@rule("submission.status")
def _submission_status(user, submission):
    return _submission_read(user, submission) or user.has_role("coordinator")


@rule("submission.grade")
def _submission_grade(user, submission):
    return submission.learner_id != user.id and _teaches(user, submission.learner_id)


@rule("submission.share")
def _submission_share(user, submission):
    return submission.learner_id == user.id


@rule("submission.comment")
def _submission_comment(user, submission):
    return submission.shared_version_number is not None and _submission_read(user, submission)


@rule("grading.queue")
def _grading_queue(user, _):
    return user.has_role("instructor")


def must_use_two_step(user) -> bool:
    """Coordinators see everyone's records, so their accounts need a second factor."""
    return user.has_role("coordinator")


@rule("two_step.disable")
def _two_step_disable(user, _):
    return not must_use_two_step(user)


@rule("account.own")
def _account_own(user, _):
    return True


@rule("notifications.own")
def _notifications_own(user, _):
    return True


# --- Logbook: practice and supervision entries. The private note is health data and only ever its learner's;
# whoever confirms an entry sees its facts and summary; coordinators see counts and status only ----------------

def _logbook_own_entry(user, entry) -> bool:
    return entry is not None and entry.learner_id == user.id


def _logbook_confirmer(user, entry) -> bool:
    """The named supervisor confirms a supervision entry; an instructor of the learner's cohort confirms practice
    and supervision with an external supervisor. Nobody confirms their own entry."""
    if entry is None or entry.learner_id == user.id or not user.has_role("instructor"):
        return False
    if entry.supervisor_id is not None:
        return entry.supervisor_id == user.id
    return _teaches(user, entry.learner_id)


@rule("logbook.own")
def _logbook_own(user, _):
    return user.has_role("learner")


@rule("logbook.confirmations")
def _logbook_confirmations(user, _):
    return user.has_role("instructor")


@rule("logbook.overview")
def _logbook_overview(user, _):
    """Counts and status per learner, never what an entry says."""
    return _staff(user)


@rule("logbook.overview_all")
def _logbook_overview_all(user, _):
    """Coordinators see the counts of every learner; instructors those of their own cohorts."""
    return user.has_role("coordinator")


@rule("logbook_entry.own")
def _logbook_entry_own(user, entry):
    return _logbook_own_entry(user, entry)


@rule("logbook_entry.edit")
def _logbook_entry_edit(user, entry):
    return _logbook_own_entry(user, entry) and entry.status in ("pending", "returned")


@rule("logbook_entry.delete")
def _logbook_entry_delete(user, entry):
    return _logbook_own_entry(user, entry) and entry.status in ("pending", "returned")


@rule("logbook_entry.correct")
def _logbook_entry_correct(user, entry):
    return _logbook_own_entry(user, entry) and entry.status == "confirmed"


@rule("logbook_entry.read_note")
def _logbook_entry_read_note(user, entry):
    """The private note: its learner, and nobody else whatever their role."""
    return _logbook_own_entry(user, entry)


@rule("logbook_entry.confirm")
def _logbook_entry_confirm(user, entry):
    return _logbook_confirmer(user, entry)


# --- Certification: a learner's checklist is seen by the learner, their instructors and coordinators; coordinators
# issue, renew and revoke (instructors of the learner's cohort too, when certification.yaml allows it). The public
# verification page and the badge documents need no login and no rule ------------------------------------------

def _may_issue_for(user, learner_id) -> bool:
    from flask import current_app

    if learner_id == user.id:
        return False
    if user.has_role("coordinator"):
        return True
    requirements = current_app.extensions.get("certification")
    return bool(requirements and requirements.instructors_may_issue and _teaches(user, learner_id))


@rule("certification.declaration")
def _certification_declaration(user, _):
    return user.has_role("learner") and user.track is not None


@rule("certification.overview")
def _certification_overview(user, _):
    return _staff(user)


@rule("certification.overview_all")
def _certification_overview_all(user, _):
    return user.has_role("coordinator")


@rule("certification.status")
def _certification_status(user, learner):
    return learner is not None and (learner.id == user.id or user.has_role("coordinator")
                                    or _teaches(user, learner.id))


@rule("certification.issue")
def _certification_issue(user, learner):
    return learner is not None and _may_issue_for(user, learner.id)


@rule("certificate.read")
def _certificate_read(user, certificate):
    return certificate is not None and (certificate.learner_id == user.id or user.has_role("coordinator")
                                        or _teaches(user, certificate.learner_id))


@rule("certificate.renew")
def _certificate_renew(user, certificate):
    return certificate is not None and _may_issue_for(user, certificate.learner_id)


@rule("certificate.revoke")
def _certificate_revoke(user, certificate):
    return certificate is not None and certificate.learner_id != user.id and user.has_role("coordinator")


@rule("certificate.read_reason")
def _certificate_read_reason(user, certificate):
    """Why a certificate was revoked: its holder and coordinators, never the public or instructors."""
    return certificate is not None and (certificate.learner_id == user.id or user.has_role("coordinator"))


# --- Evaluation: a learner's self-assessment answers are their own health-related data, seen by them alone;
# the course evaluation is anonymous; coordinators see only aggregates of five or more people ----------------

@rule("self_assessment.own")
def _self_assessment_own(user, _):
    return user.has_role("learner") and user.track is not None


@rule("course_evaluation.answer")
def _course_evaluation_answer(user, cohort):
    from .cohorts.services import learner_cohort_ids

    return user.has_role("learner") and cohort is not None and cohort.id in learner_cohort_ids(user.id)


@rule("evaluation.reports")
def _evaluation_reports(user, _):
    return user.has_role("coordinator")


# --- Administration ---------------------------------------------------------------------------

@rule("people.manage")
def _people_manage(user, _):
    return user.has_role("coordinator")


@rule("cohorts.manage")
def _cohorts_manage(user, _):
    return user.has_role("coordinator")


@rule("cohorts.list")
def _cohorts_list(user, _):
    return _staff(user)


@rule("cohort.view")
def _cohort_view(user, cohort):
    from .cohorts.services import taught_cohort_ids

    return user.has_role("coordinator") or (user.has_role("instructor") and cohort is not None
                                            and cohort.id in taught_cohort_ids(user.id))


@rule("sessions.manage")
def _sessions_manage(user, cohort):
    return user.has_role("coordinator")


@rule("attendance.register")
def _attendance_register(user, cohort):
    return _cohort_view(user, cohort)


@rule("enrolment.pause")
def _enrolment_pause(user, enrolment):
    """A learner may rest without giving a reason; a coordinator may do it on their behalf."""
    return enrolment is not None and (enrolment.learner_id == user.id or user.has_role("coordinator"))


@rule("schedule.own")
def _schedule_own(user, _):
    return user.has_role("learner") or user.has_role("instructor")


@rule("audit.read_all")
def _audit_read_all(user, _):
    return user.has_role("coordinator")


@rule("audit.read_own")
def _audit_read_own(user, _):
    return user.has_role("learner")


@rule("people.erase")
def _people_erase(user, person):
    return user.has_role("coordinator") and person is not None and person.id != user.id


@rule("organisations.manage")
def _organisations_manage(user, _):
    return user.has_role("coordinator")


# --- Workplaces: participation facts of their own organisations' people, never their texts ---------------

def followed_organisation_ids(user) -> frozenset[int]:
    """The organisations a workplace contact follows; read once per request."""
    from flask import g

    from .workplace.services import contact_organisation_ids

    cache = g.setdefault("followed_organisations", {})
    if user.id not in cache:
        cache[user.id] = frozenset(contact_organisation_ids(user.id)) if user.has_role("workplace_contact") \
            else frozenset()
    return cache[user.id]


@rule("workplace.overview")
def _workplace_overview(user, _):
    return user.has_role("coordinator") or bool(followed_organisation_ids(user))


@rule("workplace.overview_all")
def _workplace_overview_all(user, _):
    return user.has_role("coordinator")


@rule("workplace.organisation")
def _workplace_organisation(user, organisation_id):
    return user.has_role("coordinator") or organisation_id in followed_organisation_ids(user)


@rule("workplace.person")
def _workplace_person(user, person):
    return (person is not None and person.has_role("learner")
            and _workplace_organisation(user, person.organisation_id))


@rule("organisation_contacts.manage")
def _organisation_contacts_manage(user, _):
    return user.has_role("coordinator")


def init_access(app) -> None:
    # The proxy is resolved once per question, not once per attribute a rule reads.
    app.jinja_env.globals["can"] = lambda action, obj=None: can(current_user._get_current_object(), action, obj)
