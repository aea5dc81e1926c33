"""The practice and supervision logbook: entries, the confirmation workflow and its refusals, corrections,
totals, bad input, and who sees what (the private note is the learner's alone)."""
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from lms.access import can
from lms.extensions import db
from lms.logbook import checks, services
from lms.logbook.models import PracticeEntry, SupervisionEntry
from lms.notifications.models import Notification
from lms.notifications.services import describe, link_for

from .factories import make_cohort, make_organisation, make_user

NOTE = "MARKØR-privat-logbogsnote-4417"
SUMMARY = "Resumé-til-supervisor-9902"


@pytest.fixture
def world():
    organisation = make_organisation()
    learner = make_user("learner", organisation=organisation, locale="en", name="Amir Learner")
    fellow = make_user("learner", organisation=organisation, locale="en")
    stranger = make_user("learner", locale="en", name="Stranger Learner")
    teacher, other_teacher = make_user("instructor", locale="en"), make_user("instructor", locale="en")
    supervisor = make_user("instructor", locale="en", name="Sara Supervisor")  # teaches no cohort
    coordinator_teacher = make_user("coordinator", "instructor", locale="en")
    cohort = make_cohort(instructors=[teacher, coordinator_teacher], learners=[learner, fellow])
    make_cohort(instructors=[other_teacher], learners=[stranger])
    return {"learner": learner, "fellow": fellow, "stranger": stranger, "teacher": teacher,
            "other_teacher": other_teacher, "supervisor": supervisor, "coordinator_teacher": coordinator_teacher,
            "coordinator": make_user("coordinator", locale="en"),
            "workplace": make_user("workplace_contact", organisation=organisation, locale="en"), "cohort": cohort}


def _today():
    return checks.local_today()


def practice(learner, **values):
    entry = services.add_entry(learner, "practice", {
        "worked_on": _today() - timedelta(days=3), "hours": Decimal("2.5"), "setting": "Aktivitetscentret",
        "kind": "one_to_one", "private_note": NOTE, **values})
    db.session.commit()
    return entry


def supervision(learner, supervisor=None, **values):
    entry = services.add_entry(learner, "supervision", {
        "held_on": _today() - timedelta(days=2), "minutes": 60, "supervision_form": "individual",
        "supervisor_id": supervisor.id if supervisor else None,
        "supervisor_name": None if supervisor else "Ekstern Person", "topics": "Grænser", "summary": SUMMARY,
        "private_note": NOTE, **values})
    db.session.commit()
    return entry


def practice_form(**values) -> dict:
    data = {"worked_on": (_today() - timedelta(days=1)).isoformat(), "hours": "2,5", "setting": "Bostedet",
            "kind": "group", "private_note": NOTE, **values}
    return {f"practice-{k}": v for k, v in data.items()}


def supervision_form(**values) -> dict:
    data = {"held_on": (_today() - timedelta(days=1)).isoformat(), "minutes": "90", "supervision_form": "erfa_group",
            "supervisor_id": "", "supervisor_name": "Hanne Ekstern", "topics": "Min historie", "summary": SUMMARY,
            "private_note": NOTE, **values}
    return {f"supervision-{k}": v for k, v in data.items()}


def _fresh(entry):
    db.session.expire_all()
    return db.session.get(type(entry), entry.id)


def _notified(user, kind) -> int:
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.kind == kind))


# --- Adding entries -----------------------------------------------------------------------------------------

def test_learner_logs_practice_and_the_cohort_instructors_are_told(client, login, world, outbox):
    login(world["learner"])
    response = client.post("/logbook/practice", data=practice_form())
    assert response.status_code == 302
    entry = db.session.scalar(select(PracticeEntry))
    assert (entry.hours, entry.status, entry.kind, entry.private_note) == (Decimal("2.50"), "pending", "group", NOTE)
    assert _notified(world["teacher"], "logbook_submitted") == 1
    assert _notified(world["coordinator_teacher"], "logbook_submitted") == 1
    assert _notified(world["other_teacher"], "logbook_submitted") == 0
    assert any(world["teacher"].email in mail for mail in outbox())
    page = client.get("/logbook").get_data(as_text=True)
    assert "Bostedet" in page and "Waiting for confirmation" in page and NOTE in page


def test_supervision_with_a_system_supervisor_goes_to_that_supervisor_only(client, login, world):
    login(world["learner"])
    response = client.post("/logbook/supervision", data=supervision_form(
        supervisor_id=str(world["supervisor"].id), supervisor_name=""))
    assert response.status_code == 302
    entry = db.session.scalar(select(SupervisionEntry))
    assert entry.supervisor_id == world["supervisor"].id and entry.supervisor_name is None
    assert _notified(world["supervisor"], "logbook_submitted") == 1
    assert _notified(world["teacher"], "logbook_submitted") == 0


def test_supervision_with_an_external_supervisor_goes_to_the_cohort_instructors(client, login, world):
    login(world["learner"])
    assert client.post("/logbook/supervision", data=supervision_form()).status_code == 302
    entry = db.session.scalar(select(SupervisionEntry))
    assert entry.supervisor_id is None and entry.supervisor_name == "Hanne Ekstern"
    assert _notified(world["teacher"], "logbook_submitted") == 1
    assert _notified(world["supervisor"], "logbook_submitted") == 0


def test_notification_texts_and_links(app, world):
    entry = practice(world["learner"])
    services.return_entry(world["teacher"], entry, "Hvilken dag var det?")
    db.session.commit()
    submitted = db.session.scalar(select(Notification).where(Notification.kind == "logbook_submitted"))
    returned = db.session.scalar(select(Notification).where(Notification.kind == "logbook_returned"))
    with app.test_request_context():
        assert "Amir Learner" in describe(submitted, "en") and link_for(submitted).endswith("/logbook/confirmations")
        assert returned.user_id == world["learner"].id and link_for(returned).endswith("/logbook")


# --- Who may confirm ------------------------------------------------------------------------------------------

# entry kind, who tries, may confirm
CONFIRM_TABLE = [
    ("practice", "teacher", True),
    ("practice", "coordinator_teacher", True),
    ("practice", "other_teacher", False),  # a learner outside their cohort
    ("practice", "supervisor", False),
    ("practice", "learner", False),  # their own entry
    ("practice", "fellow", False),
    ("practice", "coordinator", False),
    ("practice", "workplace", False),
    ("named", "supervisor", True),
    ("named", "teacher", False),  # not the named supervisor
    ("named", "other_teacher", False),
    ("named", "learner", False),
    ("named", "coordinator", False),
    ("external", "teacher", True),
    ("external", "supervisor", False),
    ("external", "other_teacher", False),
    ("external", "learner", False),
    ("external", "workplace", False),
]


def _entry_of_kind(world, kind):
    if kind == "practice":
        return practice(world["learner"])
    return supervision(world["learner"], world["supervisor"] if kind == "named" else None)


@pytest.mark.parametrize("kind, who, allowed", CONFIRM_TABLE)
def test_who_may_confirm(client, login, world, kind, who, allowed):
    entry = _entry_of_kind(world, kind)
    assert can(world[who], "logbook_entry.confirm", entry) is allowed
    login(world[who])
    response = client.post(f"/logbook/{entry.entry_type}/{entry.id}/confirm")
    assert response.status_code == (302 if allowed else 403)
    assert _fresh(entry).status == ("confirmed" if allowed else "pending")


@pytest.mark.parametrize("kind, who, allowed", CONFIRM_TABLE)
def test_who_may_return(client, login, world, kind, who, allowed):
    entry = _entry_of_kind(world, kind)
    login(world[who])
    response = client.post(f"/logbook/{entry.entry_type}/{entry.id}/return", data={"comment": "Ret datoen"})
    assert response.status_code == (302 if allowed else 403)
    assert _fresh(entry).status == ("returned" if allowed else "pending")


def test_nobody_confirms_their_own_entry_even_as_instructor_of_their_cohort(client, login, world):
    both = make_user("learner", "instructor", locale="en")
    world["cohort"].instructors.append(both)
    db.session.commit()
    from lms.cohorts.services import enrol

    enrol(world["cohort"], [both.id])
    db.session.commit()
    entry = practice(both)
    assert not can(both, "logbook_entry.confirm", entry)
    with pytest.raises(checks.LogbookError):
        services.confirm(both, entry)
    db.session.rollback()
    login(both)
    assert client.post(f"/logbook/practice/{entry.id}/confirm").status_code == 403
    assert "/logbook/practice/" not in client.get("/logbook/confirmations").get_data(as_text=True)
    # Naming yourself as supervisor is refused too.
    response = client.post("/logbook/supervision", data=supervision_form(supervisor_id=str(both.id),
                                                                         supervisor_name=""))
    assert response.status_code == 422 and "Choose a supervisor from the list." in response.get_data(as_text=True)
    assert _fresh(entry).status == "pending"


def test_returning_needs_a_comment(client, login, world):
    entry = practice(world["learner"])
    login(world["teacher"])
    response = client.post(f"/logbook/practice/{entry.id}/return", data={"comment": "   "})
    assert response.status_code == 422
    assert "Write a comment: the learner needs to know what to change." in response.get_data(as_text=True)
    assert _fresh(entry).status == "pending"
    with pytest.raises(checks.LogbookError):
        services.return_entry(world["teacher"], entry, "")
    assert client.post(f"/logbook/practice/{entry.id}/return", data={"comment": "Var det 2 timer?"}
                       ).status_code == 302
    assert _fresh(entry).status == "returned" and _notified(world["learner"], "logbook_returned") == 1


def test_a_decided_entry_cannot_be_decided_again(client, login, world):
    entry = practice(world["learner"])
    login(world["teacher"])
    assert client.post(f"/logbook/practice/{entry.id}/confirm").status_code == 302
    response = client.post(f"/logbook/practice/{entry.id}/return", data={"comment": "For sent"},
                           follow_redirects=True)
    assert "This entry is not waiting for confirmation any more." in response.get_data(as_text=True)
    assert _fresh(entry).status == "confirmed"


# --- The learner's changes ------------------------------------------------------------------------------------

def test_returned_entry_is_edited_and_goes_back_for_confirmation(client, login, world):
    entry = practice(world["learner"])
    services.return_entry(world["teacher"], entry, "Timetallet ser forkert ud")
    db.session.commit()
    login(world["learner"])
    page = client.get("/logbook").get_data(as_text=True)
    assert "Returned to you" in page and "Timetallet ser forkert ud" in page
    form = client.get(f"/logbook/practice/{entry.id}/edit").get_data(as_text=True)
    assert 'value="Aktivitetscentret"' in form
    response = client.post(f"/logbook/practice/{entry.id}/edit", data=practice_form(hours="3"))
    assert response.status_code == 302
    entry = _fresh(entry)
    assert (entry.status, entry.hours) == ("pending", Decimal("3.00"))
    assert _notified(world["teacher"], "logbook_submitted") == 2


def test_pending_entry_can_be_deleted(client, login, world):
    entry = practice(world["learner"])
    login(world["learner"])
    assert client.post(f"/logbook/practice/{entry.id}/delete").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(PracticeEntry)) == 0


@pytest.mark.parametrize("kind", ["practice", "named"])
def test_confirmed_entry_cannot_be_edited_or_deleted(client, login, world, kind):
    entry = _entry_of_kind(world, kind)
    services.confirm(world["teacher"] if kind == "practice" else world["supervisor"], entry)
    db.session.commit()
    learner = world["learner"]
    assert not can(learner, "logbook_entry.edit", entry) and not can(learner, "logbook_entry.delete", entry)
    assert can(learner, "logbook_entry.correct", entry)
    with pytest.raises(checks.LogbookError):
        services.update_entry(learner, entry, services.values_of(entry))
    with pytest.raises(checks.LogbookError):
        services.delete_entry(learner, entry)
    db.session.rollback()
    login(learner)
    form = practice_form(setting="Ændret") if kind == "practice" else supervision_form(topics="Ændret")
    response = client.post(f"/logbook/{entry.entry_type}/{entry.id}/edit", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "can no longer be changed" in page and 'value="Ændret"' in page
    assert client.get(f"/logbook/{entry.entry_type}/{entry.id}/edit").status_code == 302
    response = client.post(f"/logbook/{entry.entry_type}/{entry.id}/delete", follow_redirects=True)
    assert "can no longer be deleted" in response.get_data(as_text=True)
    entry = _fresh(entry)
    assert entry is not None and entry.status == "confirmed" and "Ændret" not in (
        getattr(entry, "setting", "") + getattr(entry, "topics", ""))


@pytest.mark.parametrize("who", ["fellow", "teacher", "coordinator", "stranger"])
def test_nobody_else_changes_a_learners_entry(client, login, world, who):
    entry = practice(world["learner"])
    login(world[who])
    assert client.get(f"/logbook/practice/{entry.id}/edit").status_code == 403
    assert client.post(f"/logbook/practice/{entry.id}/edit", data=practice_form(setting="X")).status_code == 403
    assert client.post(f"/logbook/practice/{entry.id}/delete").status_code == 403
    assert client.get(f"/logbook/practice/{entry.id}/correction").status_code == 403
    assert _fresh(entry).setting == "Aktivitetscentret"


def test_correction_needs_its_own_confirmation_then_replaces_the_original(client, login, world):
    learner, teacher = world["learner"], world["teacher"]
    original = practice(learner, hours=Decimal("2"))
    services.confirm(teacher, original)
    db.session.commit()
    assert services.confirmed_practice_hours(learner.id) == Decimal("2.00")
    login(learner)
    form = client.get(f"/logbook/practice/{original.id}/correction").get_data(as_text=True)
    assert 'value="Aktivitetscentret"' in form
    assert client.post(f"/logbook/practice/{original.id}/correction", data=practice_form(
        worked_on=original.worked_on.isoformat(), hours="3")).status_code == 302
    correction = db.session.scalar(select(PracticeEntry).where(PracticeEntry.corrects_id == original.id))
    assert correction.status == "pending" and _fresh(original).status == "confirmed"
    assert services.confirmed_practice_hours(learner.id) == Decimal("2.00")  # the original counts until then
    assert "A correction is waiting for confirmation" in client.get("/logbook").get_data(as_text=True)
    again = client.get(f"/logbook/practice/{original.id}/correction")  # one open correction at a time
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/practice/{correction.id}/edit")
    with pytest.raises(checks.LogbookError):
        services.add_entry(learner, "practice", services.values_of(original), corrects=original)
    db.session.rollback()
    client.post("/logout")
    login(teacher)
    queue = client.get("/logbook/confirmations").get_data(as_text=True)
    assert "This corrects an entry" in queue and NOTE not in queue
    assert client.post(f"/logbook/practice/{correction.id}/confirm").status_code == 302
    assert _fresh(original).status == "superseded" and _fresh(correction).status == "confirmed"
    assert services.confirmed_practice_hours(learner.id) == Decimal("3.00")


def test_supervision_correction_keeps_the_session_count(app, world):
    learner, supervisor = world["learner"], world["supervisor"]
    original = supervision(learner, supervisor)
    services.confirm(supervisor, original)
    correction = services.add_entry(learner, "supervision", {**services.values_of(original), "minutes": 75},
                                    corrects=original)
    assert services.confirmed_supervision_sessions(learner.id) == 1
    services.confirm(supervisor, correction)
    db.session.commit()
    assert services.confirmed_supervision_sessions(learner.id) == 1
    assert _fresh(original).status == "superseded"


def test_a_pending_entry_is_not_corrected_but_changed(client, login, world):
    entry = practice(world["learner"])
    login(world["learner"])
    assert client.get(f"/logbook/practice/{entry.id}/correction").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(PracticeEntry)) == 1


# --- Totals -----------------------------------------------------------------------------------------------------

def test_only_confirmed_entries_count(client, login, world):
    learner, teacher, supervisor = world["learner"], world["teacher"], world["supervisor"]
    confirmed = practice(learner, hours=Decimal("2.5"))
    services.confirm(teacher, confirmed)
    practice(learner, hours=Decimal("4"))  # pending
    returned = practice(learner, hours=Decimal("1"), worked_on=_today() - timedelta(days=10))
    services.return_entry(teacher, returned, "Mangler sted")
    session = supervision(learner, supervisor)
    services.confirm(supervisor, session)
    supervision(learner)  # pending, external
    db.session.commit()
    assert services.confirmed_practice_hours(learner.id) == Decimal("2.50")
    assert services.confirmed_supervision_sessions(learner.id) == 1
    assert services.confirmed_practice_hours(world["fellow"].id) == Decimal("0.00")
    assert services.totals_for([learner.id])[learner.id] == {
        "hours": Decimal("2.50"), "sessions": 1, "pending": 2, "returned": 1}
    login(learner)
    page = client.get("/logbook").get_data(as_text=True)
    assert "Confirmed practice hours: <strong>2.5</strong>" in page
    assert "Confirmed supervision sessions: <strong>1</strong>" in page


# --- Bad input --------------------------------------------------------------------------------------------------

PRACTICE_PROBLEMS = [
    ({"hours": "-1"}, "hours", "The hours must be more than 0."),
    ({"hours": "0"}, "hours", "The hours must be more than 0."),
    ({"hours": "25"}, "hours", "A day has at most 24 hours."),
    ({"hours": "to timer"}, "hours", "Enter the number of hours, for example 2.5."),
    ({"hours": "NaN"}, "hours", "Enter the number of hours, for example 2.5."),
    ({"hours": "2.555"}, "hours", "Use at most two decimals"),
    ({"hours": ""}, "hours", "Enter the number of hours"),
    ({"worked_on": "2099-01-01"}, "worked_on", "The date cannot be in the future."),
    ({"worked_on": "1999-12-31"}, "worked_on", "The date cannot be before 2000."),
    ({"worked_on": "2026-02-31"}, "worked_on", "Enter a valid date, for example 2026-03-15."),
    ({"worked_on": ""}, "worked_on", "Enter the date."),
    ({"setting": "  "}, "setting", "Write where you worked."),
    ({"setting": "x" * 201}, "setting", "At most 200 characters."),
    ({"kind": ""}, "kind", "Choose the kind of work."),
    ({"kind": "sleeping"}, "kind", "Choose the kind of work."),
]


@pytest.mark.parametrize("values, field, message", PRACTICE_PROBLEMS)
def test_bad_practice_input_is_explained_next_to_the_field_and_kept(client, login, world, values, field, message):
    login(world["learner"])
    response = client.post("/logbook/practice", data=practice_form(**values))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="practice-{field}-error">{message}' in page
    assert 'aria-invalid="true"' in page and NOTE in page  # the typed note is kept too
    typed = next(iter(values.values()))
    if typed.strip() and field != "kind":
        assert f'value="{typed}"' in page
    assert db.session.scalar(select(func.count()).select_from(PracticeEntry)) == 0


SUPERVISION_PROBLEMS = [
    ({"minutes": "601"}, "minutes", "A supervision session can be at most 600 minutes"),
    ({"minutes": "0"}, "minutes", "The duration must be more than 0 minutes."),
    ({"minutes": "-30"}, "minutes", "The duration must be more than 0 minutes."),
    ({"minutes": "1,5"}, "minutes", "Enter the duration in whole minutes"),
    ({"held_on": "3000-01-01"}, "held_on", "The date cannot be in the future."),
    ({"held_on": "i går"}, "held_on", "Enter a valid date"),
    ({"supervision_form": "coffee"}, "supervision_form", "Choose the form of supervision."),
    ({"supervisor_name": ""}, "supervisor_id", "Choose your supervisor from the list, or write the name"),
    ({"supervisor_id": "999999"}, "supervisor_id", "Choose a supervisor from the list"),
    ({"supervisor_id": "abc", "supervisor_name": ""}, "supervisor_id", "Choose your supervisor from the list"),
    ({"topics": ""}, "topics", "Write the topics in a few words."),
    ({"summary": "x" * 2001}, "summary", "At most 2000 characters."),
]


@pytest.mark.parametrize("values, field, message", SUPERVISION_PROBLEMS)
def test_bad_supervision_input_is_explained_and_kept(client, login, world, values, field, message):
    login(world["learner"])
    response = client.post("/logbook/supervision", data=supervision_form(**values))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="supervision-{field}-error">{message}' in page
    assert NOTE in page
    typed = next(iter(values.values()))
    if typed.strip() and field not in ("supervision_form", "supervisor_id"):
        assert typed in page
    assert db.session.scalar(select(func.count()).select_from(SupervisionEntry)) == 0


def test_both_a_system_and_an_external_supervisor_is_refused(client, login, world):
    login(world["learner"])
    response = client.post("/logbook/supervision", data=supervision_form(supervisor_id=str(world["supervisor"].id)))
    assert response.status_code == 422 and "not both" in response.get_data(as_text=True)


def test_more_than_24_hours_on_one_day_is_refused(client, login, world):
    day = _today() - timedelta(days=1)
    practice(world["learner"], worked_on=day, hours=Decimal("20"))
    login(world["learner"])
    response = client.post("/logbook/practice", data=practice_form(worked_on=day.isoformat(), hours="5"))
    assert response.status_code == 422 and "that makes 25 hours" in response.get_data(as_text=True)
    assert client.post("/logbook/practice", data=practice_form(worked_on=day.isoformat(), hours="4")
                       ).status_code == 302


def test_tomorrow_is_allowed_for_time_zones_but_not_later(app, world):
    practice(world["learner"], worked_on=_today() + timedelta(days=1))
    with pytest.raises(checks.LogbookError) as refused:
        practice(world["learner"], worked_on=_today() + timedelta(days=2))
    assert refused.value.field == "worked_on"


# --- Who sees what ----------------------------------------------------------------------------------------------

@pytest.fixture
def full_logbook(world):
    """Entries in every state, each with the marker in its private note."""
    learner, teacher, supervisor = world["learner"], world["teacher"], world["supervisor"]
    confirmed = practice(learner, worked_on=_today() - timedelta(days=9))
    services.confirm(teacher, confirmed)
    services.add_entry(learner, "practice", {**services.values_of(confirmed), "hours": Decimal("3")},
                       corrects=confirmed)
    returned = practice(learner, worked_on=_today() - timedelta(days=8))
    services.return_entry(teacher, returned, "Hvor var det?")
    practice(learner)
    supervision(learner, supervisor)
    supervision(learner)
    db.session.commit()
    return world


PAGES = ["/logbook", "/logbook/confirmations", "/logbook/overview", "/notifications", "/dashboard", "/grading",
         "/cohorts", "/curriculum", "/"]


@pytest.mark.parametrize("who", ["teacher", "coordinator_teacher", "supervisor", "other_teacher", "coordinator",
                                 "workplace", "fellow", "stranger"])
def test_the_private_note_is_never_shown_to_anyone_else(client, login, full_logbook, outbox, who):
    world = full_logbook
    login(world[who])
    entries = [*db.session.scalars(select(PracticeEntry)), *db.session.scalars(select(SupervisionEntry))]
    urls = [*PAGES, f"/cohorts/{world['cohort'].id}"]
    for entry in entries:
        urls += [f"/logbook/{entry.entry_type}/{entry.id}/edit", f"/logbook/{entry.entry_type}/{entry.id}/correction"]
        assert not can(world[who], "logbook_entry.read_note", entry)
    for url in urls:
        response = client.get(url, follow_redirects=True)
        assert response.status_code in (200, 403), url
        assert NOTE not in response.get_data(as_text=True), url
    assert not any(NOTE in mail for mail in outbox())


def test_the_learner_sees_their_note_and_the_confirmer_sees_facts_and_summary(client, login, full_logbook):
    world = full_logbook
    login(world["learner"])
    assert client.get("/logbook").get_data(as_text=True).count(NOTE) == 6
    client.post("/logout")
    login(world["supervisor"])
    queue = client.get("/logbook/confirmations").get_data(as_text=True)
    assert SUMMARY in queue and "Grænser" in queue and "Amir Learner" in queue and NOTE not in queue


@pytest.mark.parametrize("who", ["coordinator", "teacher"])
def test_overview_shows_counts_but_no_content(client, login, full_logbook, who):
    login(full_logbook[who])
    page = client.get("/logbook/overview").get_data(as_text=True)
    assert "Amir Learner" in page
    for private in (NOTE, SUMMARY, "Aktivitetscentret", "Grænser", "Hvor var det?"):
        assert private not in page
    assert ("Stranger Learner" in page) is (who == "coordinator")  # instructors see their own cohorts only


# page, who may open it
PAGE_TABLE = [
    ("/logbook", "learner", 200), ("/logbook", "teacher", 403), ("/logbook", "coordinator", 403),
    ("/logbook", "workplace", 403),
    ("/logbook/confirmations", "teacher", 200), ("/logbook/confirmations", "supervisor", 200),
    ("/logbook/confirmations", "learner", 403), ("/logbook/confirmations", "coordinator", 403),
    ("/logbook/confirmations", "workplace", 403),
    ("/logbook/overview", "coordinator", 200), ("/logbook/overview", "teacher", 200),
    ("/logbook/overview", "learner", 403), ("/logbook/overview", "workplace", 403),
]


@pytest.mark.parametrize("url, who, expected", PAGE_TABLE)
def test_page_access(client, login, world, url, who, expected):
    login(world[who])
    assert client.get(url).status_code == expected


def test_pages_need_a_login(client):
    for url in ("/logbook", "/logbook/confirmations", "/logbook/overview"):
        assert "/login" in client.get(url).headers["Location"]


def test_navigation_links_follow_the_rules(client, login, world):
    login(world["learner"])
    assert 'href="/logbook"' in client.get("/dashboard").get_data(as_text=True)
    client.post("/logout")
    login(world["teacher"])
    page = client.get("/curriculum").get_data(as_text=True)
    assert 'href="/logbook/confirmations"' in page and 'href="/logbook"' not in page
    client.post("/logout")
    login(world["coordinator"])
    assert 'href="/logbook/overview"' in client.get("/curriculum").get_data(as_text=True)


def test_queue_lists_what_the_user_may_confirm_oldest_first(client, login, world):
    learner, stranger = world["learner"], world["stranger"]
    first = practice(learner, worked_on=_today() - timedelta(days=20))
    second = practice(learner, worked_on=_today() - timedelta(days=30))  # older work, sent later
    named = supervision(learner, world["supervisor"], topics="Navngivet")
    external = supervision(learner, topics="Ekstern-emne")
    practice(stranger, setting="Andet hold")
    login(world["teacher"])
    page = client.get("/logbook/confirmations").get_data(as_text=True)
    assert page.index(f"/practice/{first.id}/confirm") < page.index(f"/practice/{second.id}/confirm")
    assert f"/supervision/{external.id}/confirm" in page and f"/supervision/{named.id}/confirm" not in page
    assert "Andet hold" not in page
    client.post("/logout")
    login(world["supervisor"])
    page = client.get("/logbook/confirmations").get_data(as_text=True)
    assert f"/supervision/{named.id}/confirm" in page and "/practice/" not in page
    assert f"/supervision/{external.id}/confirm" not in page


# --- Query counts -----------------------------------------------------------------------------------------------

def _fill(world, learners, n):
    for i in range(n):
        learner = learners[i % len(learners)]
        entry = practice(learner, worked_on=_today() - timedelta(days=i + 1), hours=Decimal("1"))
        supervision(learner, world["supervisor"] if i % 2 else None, held_on=_today() - timedelta(days=i + 1))
        if i % 3 == 0:
            services.confirm(world["teacher"], entry)
            services.add_entry(learner, "practice", {**services.values_of(entry), "hours": Decimal("2")},
                               corrects=entry)
    db.session.commit()


def test_learner_logbook_query_count_does_not_grow(client, login, world, count_queries):
    learner = world["learner"]
    _fill(world, [learner], 1)
    login(learner)
    client.get("/logbook")
    with count_queries() as few:
        client.get("/logbook")
    _fill(world, [learner], 12)
    with count_queries() as many:
        client.get("/logbook")
    assert few() == many(), f"{few}\n---\n{many}"


def test_confirmation_queue_query_count_does_not_grow(client, login, world, count_queries):
    world["supervisor"] = world["teacher"]  # so that both kinds of supervision land in the teacher's queue
    _fill(world, [world["learner"]], 1)
    login(world["teacher"])
    client.get("/logbook/confirmations")
    with count_queries() as few:
        client.get("/logbook/confirmations")
    _fill(world, [world["learner"], world["fellow"]], 12)
    with count_queries() as many:
        client.get("/logbook/confirmations")
    assert few() == many(), f"{few}\n---\n{many}"


def test_overview_query_count_does_not_grow(client, login, world, count_queries):
    _fill(world, [world["learner"]], 1)
    login(world["coordinator"])
    with count_queries() as few:
        client.get("/logbook/overview")
    for _ in range(5):
        make_user("learner")
    _fill(world, [world["learner"], world["fellow"], world["stranger"]], 9)
    with count_queries() as many:
        client.get("/logbook/overview")
    assert few() == many(), f"{few}\n---\n{many}"


# --- Demo data --------------------------------------------------------------------------------------------------

def test_demo_has_a_logbook_and_loads_twice(app):
    from lms.auth.models import User

    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0
    peer = db.session.scalar(select(User).where(User.email == "peer@demo.peer-lms.dk"))
    practice_entries, supervision_entries = services.entries_for(peer.id)
    assert sorted(e.status for e in practice_entries) == ["confirmed", "pending"]
    assert sorted(e.status for e in supervision_entries) == ["confirmed", "pending"]
    assert services.confirmed_practice_hours(peer.id) > 0 and services.confirmed_supervision_sessions(peer.id) == 1
