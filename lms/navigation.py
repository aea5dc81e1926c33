"""The main menu: the links a person sees, decided by the access rules once per page."""
from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .access import can

# Each entry: alternatives (action, endpoint, label); the first the person may use is shown.
MENU = (
    (("learner.dashboard", "learning.dashboard", _l("My education")),),
    (("schedule.own", "cohorts.my_schedule", _l("My schedule")),),
    (("logbook.own", "logbook.index", _l("Logbook")),),
    (("self_assessment.own", "evaluation.mine", _l("Self-assessment")),),
    (("grading.queue", "grading.queue", _l("Grading")),),
    (("logbook.confirmations", "logbook.confirmations", _l("Confirmations")),
     ("logbook.overview", "logbook.overview", _l("Logbook overview"))),
    (("cohorts.list", "cohorts.index", _l("Cohorts")),),
    (("workplace.overview", "workplace.overview_page", _l("Participation")),),
    (("certification.overview", "certification.overview", _l("Certification")),),
    (("evaluation.reports", "evaluation.reports_page", _l("Programme reports")),),
    (("curriculum.overview", "learning.curriculum", _l("Curriculum")),),
    (("people.manage", "admin.people", _l("People")),),
    (("audit.read_all", "audit.log", _l("Audit log")),),
    (("organisations.manage", "admin.organisations", _l("Organisations")),),
)


def menu_links(user) -> list[tuple[str, str]]:
    """(endpoint, label) of the links this person may follow, in menu order."""
    links = []
    for alternatives in MENU:
        for action, endpoint, label in alternatives:
            if can(user, action):
                links.append((endpoint, str(label)))
                break
    return links


def init_navigation(app: Flask) -> None:
    # current_user is resolved once here, not once per rule and attribute (it is a proxy).
    app.jinja_env.globals["main_menu"] = lambda: menu_links(current_user._get_current_object())
