"""The logbook in the browser: a learner logs practice and supervision, the instructor and the named supervisor
confirm them from their queues, and the learner sees them confirmed, with the hours and sessions counted in the
logbook and towards the certificate. Run with the mouse and with the keyboard alone (the `hands` fixture)."""
from datetime import timedelta

import pytest
from babel.dates import format_date

from .helpers import INSTRUCTOR, INSTRUCTOR_2, main_menu, see_flash, see_heading
from .world import add_learner, today

pytestmark = pytest.mark.browser

INSTRUCTOR_NAME = "Ida Underviser (peer)"
SUPERVISOR_NAME = "Jens Underviser (fagperson)"  # INSTRUCTOR_2
SETTING = "Værestedet på Nørrebro"
NOTE = "Det mindede mig om dengang, jeg selv var indlagt."  # private: only the learner ever sees it
SUMMARY = "Vi talte om grænser, når en samtale bliver svær."


def _danish(day) -> str:
    return format_date(day, "long", locale="da")


def _log_practice(page, hands, worked_on) -> None:
    form = page.get_by_role("region", name="Registrér praksis")
    hands.date(form.get_by_label("Dato", exact=True), worked_on)
    hands.fill(form.get_by_label("Timer", exact=True), "2,5")
    hands.fill(form.get_by_label("Arbejdsplads eller sted", exact=True), SETTING)
    hands.choose(form.get_by_label("Type arbejde", exact=True), "Gruppe")
    hands.fill(form.get_by_label("Privat note", exact=True), NOTE)
    hands.press(form.get_by_role("button", name="Send til bekræftelse"))


def _log_supervision(page, hands, held_on) -> None:
    form = page.get_by_role("region", name="Registrér supervision")
    hands.date(form.get_by_label("Dato", exact=True), held_on)
    hands.fill(form.get_by_label("Varighed i minutter", exact=True), "60")
    hands.choose(form.get_by_label("Supervisionsform", exact=True), "Individuel supervision")
    hands.choose(form.get_by_label("Supervisor", exact=True), SUPERVISOR_NAME)
    hands.fill(form.get_by_label("Emner", exact=True), "Grænser")
    hands.fill(form.get_by_label("Kort opsummering til din supervisor", exact=True), SUMMARY)
    hands.press(form.get_by_role("button", name="Send til bekræftelse"))


def _row(page, table: str, text: str):
    return page.get_by_role("region", name=table).get_by_role("row").filter(has_text=text)


def _confirm(page, hands, name: str, day, *facts: str) -> None:
    """As an instructor or supervisor: find the entry in the confirmation queue, check what it shows, confirm it."""
    from playwright.sync_api import expect

    hands.press(main_menu(page).get_by_role("link", name="Bekræftelser"))
    see_heading(page, "Bekræftelser")
    entry = page.get_by_role("article", name=f"{name} · {_danish(day)}")
    expect(entry).to_have_count(1)
    for fact in facts:
        expect(entry.locator(".facts")).to_contain_text(fact)
    expect(entry).not_to_contain_text(NOTE)
    hands.press(entry.get_by_role("button", name=f"Bekræft registreringen fra {name}"))
    see_flash(page, f"Registreringen fra {name} er bekræftet.")
    expect(entry).to_have_count(0)


def test_practice_and_supervision_are_logged_confirmed_and_counted(lms_server, open_page, hands):
    from playwright.sync_api import expect

    email, name = add_learner(lms_server, "Nanna Logbog")
    worked_on, held_on = today(lms_server) - timedelta(days=3), today(lms_server) - timedelta(days=1)
    learner = open_page("/dashboard", email)
    hands.press(main_menu(learner).get_by_role("link", name="Logbog"))
    see_heading(learner, "Min logbog")
    counts = learner.locator("ul.counts li")
    expect(counts).to_have_text(["Bekræftede praksistimer: 0", "Bekræftede supervisionsgange: 0"])

    _log_practice(learner, hands, worked_on)
    see_flash(learner, "Registreringen er tilføjet. Den tæller med, når den er bekræftet. Den, der skal bekræfte "
                       "den, har fået besked.")
    practice = _row(learner, "1 praksisregistrering(er)", SETTING)
    expect(practice.get_by_role("rowheader")).to_have_text(_danish(worked_on))
    expect(practice).to_contain_text("Venter på bekræftelse")

    _log_supervision(learner, hands, held_on)
    supervision = _row(learner, "1 supervisionsregistrering(er)", SUMMARY)
    expect(supervision).to_contain_text("Venter på bekræftelse")
    expect(supervision).to_contain_text(SUPERVISOR_NAME)
    expect(counts).to_have_text(["Bekræftede praksistimer: 0", "Bekræftede supervisionsgange: 0"])

    # Practice goes to the instructors of the learner's cohort; supervision to the supervisor the learner named.
    instructor = open_page("/curriculum", INSTRUCTOR)
    _confirm(instructor, hands, name, worked_on, "2,5", SETTING, "Gruppe")
    expect(instructor.get_by_role("article", name=f"{name} · {_danish(held_on)}")).to_have_count(0)
    supervisor = open_page("/curriculum", INSTRUCTOR_2)
    _confirm(supervisor, hands, name, held_on, "60 minutter", "Individuel supervision", SUMMARY)

    learner.reload()
    expect(practice).to_contain_text("Bekræftet")
    expect(practice).to_contain_text(f"af {INSTRUCTOR_NAME}")
    expect(supervision).to_contain_text("Bekræftet")
    expect(supervision).to_contain_text(f"af {SUPERVISOR_NAME}")
    expect(counts).to_have_text(["Bekræftede praksistimer: 2,5", "Bekræftede supervisionsgange: 1"])

    # They count towards the certificate too.
    hands.press(main_menu(learner).get_by_role("link", name="Min uddannelse"))
    certificate = learner.get_by_role("region", name="Dit kompetencebevis")
    expect(certificate.locator(".progress-text")).to_contain_text(["2,5 af 78 timer bekræftet",
                                                                   "1 af 4 gange bekræftet"])
