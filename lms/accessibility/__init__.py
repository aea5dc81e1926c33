"""The accessibility statement (tilgængelighedserklæring), after the model of the Danish Agency for Digital
Government: public (no login), in Danish and English, linked from the footer of every page.

What the statement says about testing describes tests/browser/ (axe-core walks, keyboard-only journeys, reflow
and zoom); TESTED_ON is the day those checks were last reviewed in full. Change both together, and review the
statement at least once a year. The feedback contact is the ACCESSIBILITY_CONTACT setting (lms/config.py).
"""
from datetime import date

from flask import Blueprint, current_app, render_template, request

bp = Blueprint("accessibility", __name__)

TESTED_ON = date(2026, 11, 23)
# Where the public reports inaccessible content once the body has not answered (Digitaliseringsstyrelsen).
COMPLAINT_URL = "https://digst.dk/digital-inklusion/webtilgaengelighed/oplever-du-ikke-tilgaengeligt-indhold/"


@bp.get("/accessibility")
def statement():
    config = current_app.config
    return render_template("accessibility/statement.html", tested_on=TESTED_ON, complaint_url=COMPLAINT_URL,
                           contact=config["ACCESSIBILITY_CONTACT"], phone=config.get("ACCESSIBILITY_PHONE"),
                           site=request.host_url)
