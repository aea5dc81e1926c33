"""Workplaces: a contact sees their own organisations' people's participation (facts, never texts), filters,
sorts, pages and exports it; coordinators see everyone with totals. Boundaries and privacy are tested with
marker strings planted in every private text."""
import csv
import io
from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from lms.certification import services as certification
from lms.cohorts import services as cohorts
from lms.cohorts.schedule import pause
from lms.extensions import db
from lms.grading.services import save_feedback
from lms.logbook import services as logbook
from lms.logbook.checks import local_today
from lms.reflections import services as reflections
from lms.reflections.models import Submission

from .factories import make_cohort, make_organisation, make_user
from .test_certification import LONG_AGO, approve, attend, declare, log_practice, log_supervision

MARKERS = {
    "reflection": "MARKØR-refleksion-4411",
    "draft": "MARKØR-kladde-4412",
    "feedback": "MARKØR-feedback-4413",
    "summary": "MARKØR-supervision-4414",
    "note": "MARKØR-privat-note-4415",
    "topics": "MARKØR-emner-4416",
    "setting": "MARKØR-sted-4417",
    "withdrawal": "MARKØR-udmeldelse-4418",
}
MODULE = "intro-peer-support"


@pytest.fixture
def world():
    home = make_organisation("Ærø Kommune, Socialområdet")
    other = make_organisation("Region Øst, Psykiatrien")
    teacher = make_user("instructor")
    peer = make_user("learner", track="paid", organisation=home, name="Åse Ødegård")
    volunteer = make_user("learner", track="volunteer", organisation=home, name="Bent Æbelø")
    colleague = make_user("learner", track="colleague", organisation=home, name="Carla Kollega")
    outsider = make_user("learner", track="paid", organisation=other, name="Dorte Udenfor")
    cohort = make_cohort(instructors=[teacher], learners=[peer, volunteer, colleague, outsider], name="Hold Syd")
    contact = make_user("workplace_contact", organisation=home, name="Kontakt Hjem")
    other_contact = make_user("workplace_contact", organisation=other, name="Kontakt Anden")
    _plant_private_texts(peer, teacher)
    _plant_private_texts(outsider, teacher)
    return {"home": home, "other": other, "teacher": teacher, "peer": peer, "volunteer": volunteer,
            "colleague": colleague, "outsider": outsider, "cohort": cohort, "contact": contact,
            "other_contact": other_contact, "coordinator": make_user("coordinator")}


def _plant_private_texts(learner, teacher):
    """Every private text a learner's records can hold, with a marker that must never reach a workplace."""
    reflections.submit(learner, MODULE, f"Min tekst {MARKERS['reflection']}", 0)
    submission = reflections.get_submission(learner.id, MODULE)
    save_feedback(teacher, submission, decision="approved", text=f"Godt {MARKERS['feedback']}", marks={},
                  criteria_count=0, release=True)
    reflections.save_draft(learner, "recovery-and-hope", f"Kladde {MARKERS['draft']}", 0)
    day = local_today() - timedelta(days=3)
    practice = logbook.add_entry(learner, "practice", {
        "worked_on": day, "hours": Decimal("3.5"), "setting": MARKERS["setting"], "kind": "one_to_one",
        "private_note": MARKERS["note"]})
    supervision = logbook.add_entry(learner, "supervision", {
        "held_on": day, "minutes": 60, "supervision_form": "individual", "supervisor_id": teacher.id,
        "supervisor_name": None, "topics": MARKERS["topics"], "summary": MARKERS["summary"],
        "private_note": MARKERS["note"]})
    logbook.confirm(teacher, practice)
    logbook.confirm(teacher, supervision)
    db.session.commit()


def _text(response) -> str:
    return response.get_data(as_text=True)


def _csv_rows(response) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


# --- the boundary ------------------------------------------------------------------------------------------

# who, whose page, expected status
BOUNDARY = [
    ("contact", "peer", 200),
    ("contact", "colleague", 200),
    ("contact", "outsider", 403),
    ("contact", "teacher", 404),
    ("other_contact", "outsider", 200),
    ("other_contact", "peer", 403),
    ("coordinator", "outsider", 200),
    ("teacher", "peer", 403),
    ("peer", "volunteer", 403),
    ("peer", "peer", 403),
]


@pytest.mark.parametrize("who, whose, expected", BOUNDARY)
def test_person_page_boundary(client, login, world, who, whose, expected):
    login(world[who])
    response = client.get(f"/workplace/people/{world[whose].id}")
    assert response.status_code == expected
    if expected == 200:
        assert world[whose].name in _text(response)


@pytest.mark.parametrize("path", ["/workplace/?organisation={id}", "/workplace/export.csv?organisation={id}",
                                  "/workplace/export.xlsx?organisation={id}"])
def test_contact_cannot_reach_another_organisation_by_filter_or_export(client, login, world, path):
    login(world["contact"])
    response = client.get(path.format(id=world["other"].id))
    assert response.status_code in (404, 422)
    assert world["outsider"].name not in _text(response) if response.mimetype == "text/html" else True


@pytest.mark.parametrize("who, allowed", [("contact", True), ("coordinator", True), ("teacher", False),
                                          ("peer", False)])
def test_who_sees_the_overview(client, login, world, who, allowed):
    login(world[who])
    assert client.get("/workplace/").status_code == (200 if allowed else 403)
    assert client.get("/workplace/export.csv").status_code == (200 if allowed else 403)


def test_contact_sees_only_their_own_people(client, login, world):
    login(world["contact"])
    page = _text(client.get("/workplace/"))
    for name in ("Åse Ødegård", "Bent Æbelø", "Carla Kollega"):
        assert name in page
    assert "Dorte Udenfor" not in page
    rows = _csv_rows(client.get("/workplace/export.csv"))
    assert sorted(r[0] for r in rows[1:]) == ["Bent Æbelø", "Carla Kollega", "Åse Ødegård"]


def test_contact_following_two_organisations_sees_both_and_can_narrow(client, login, world):
    from lms.workplace.services import link_contact

    link_contact(world["other"], world["contact"])
    db.session.commit()
    login(world["contact"])
    page = _text(client.get("/workplace/"))
    assert "Dorte Udenfor" in page and "Åse Ødegård" in page
    assert "Region Øst, Psykiatrien" in page  # per-organisation totals appear with more than one
    narrowed = _text(client.get(f"/workplace/?organisation={world['other'].id}"))
    assert "Dorte Udenfor" in narrowed and "Åse Ødegård" not in narrowed
    assert client.get(f"/workplace/people/{world['outsider'].id}").status_code == 200


def test_a_row_escapes_names_and_links_to_the_person(client, login, world):
    odd = make_organisation("<Ringe & Co>")
    person = make_user("learner", track="paid", organisation=odd, name='<b>Ib "Ø" & Co</b>')
    db.session.commit()
    login(world["coordinator"])
    page = _text(client.get("/workplace/"))
    assert (f'<th scope="row"><a href="/workplace/people/{person.id}">&lt;b&gt;Ib &#34;Ø&#34; &amp; Co&lt;/b&gt;</a>'
            "</th><td>&lt;Ringe &amp; Co&gt;</td>") in page
    assert "<b>Ib" not in page and "<Ringe" not in page


# --- no private text anywhere ----------------------------------------------------------------------------------

def test_no_private_text_in_any_workplace_page_or_export(client, login, world):
    cohorts.withdraw(cohorts.current_enrolment(world["volunteer"].id), MARKERS["withdrawal"])
    db.session.commit()
    for who in ("contact", "coordinator"):
        login(world[who])
        outputs = [_text(client.get("/workplace/")),
                   _text(client.get("/workplace/?status=withdrawn")),
                   client.get("/workplace/export.csv").get_data().decode("utf-8-sig")]
        for person in ("peer", "volunteer", "colleague"):
            outputs.append(_text(client.get(f"/workplace/people/{world[person].id}")))
        workbook = load_workbook(io.BytesIO(client.get("/workplace/export.xlsx").get_data()), read_only=True)
        outputs.append(repr([list(row) for row in workbook.active.iter_rows(values_only=True)]))
        joined = "\n".join(outputs)
        assert "Åse Ødegård" in joined  # the pages did render the people
        for kind, marker in MARKERS.items():
            assert marker not in joined, f"{kind} text reached a workplace page ({who})"
        client.post("/logout")


def test_pause_is_shown_neutrally(client, login, world):
    enrolment = cohorts.current_enrolment(world["peer"].id)
    pause(enrolment)
    db.session.commit()
    login(world["contact"])
    page = _text(client.get(f"/workplace/people/{world['peer'].id}"))
    assert "På pause" in page
    overview = _text(client.get("/workplace/?status=paused"))
    assert "Åse Ødegård" in overview and "Bent Æbelø" not in overview


# --- the facts are right -------------------------------------------------------------------------------------

def test_facts_in_the_export_match_the_records(client, login, world):
    peer = world["peer"]
    attend(peer, 3, 1, cohort=world["cohort"])
    log_practice(peer, 2)
    log_supervision(peer, 2)
    declare(peer)
    login(world["contact"])
    rows = _csv_rows(client.get("/workplace/export.csv?track=paid"))
    header, (row,) = rows[0], rows[1:]
    values = dict(zip(header, row, strict=True))
    assert values["Navn"] == "Åse Ødegård"
    assert values["Organisation"] == "Ærø Kommune, Socialområdet"
    assert values["Hold"] == "Hold Syd"
    assert values["Status"] == "Aktiv"
    assert values["Fremmøde (%)"] == "75"
    assert values["Moduler godkendt"] == "1"
    assert values["Praktiktimer bekræftet"] == "5.5"  # 3.5 through the logbook and 2 written directly
    assert values["Supervisionsseancer bekræftet"] == "3"
    assert values["Kompetencebevis"] == "Intet kompetencebevis"


def test_certified_person_shows_validity_and_filters(client, login, world):
    colleague = world["colleague"]
    approve(colleague)
    attend(colleague, 10, cohort=world["cohort"])
    declare(colleague)
    db.session.commit()
    certificate = certification.issue_certificate(colleague, world["coordinator"])
    db.session.commit()
    login(world["contact"])
    certified = _text(client.get("/workplace/?certificate=valid"))
    assert "Carla Kollega" in certified and "Åse Ødegård" not in certified
    assert "1 af 1 registrerede kolleger" in _text(client.get("/workplace/"))
    rows = _csv_rows(client.get("/workplace/export.csv?certificate=valid"))
    valid_until = certificate.expires_at.astimezone(ZoneInfo("Europe/Copenhagen")).date().isoformat()
    assert rows[1][-2:] == ["Gyldigt", valid_until]


def test_xlsx_matches_csv(client, login, world):
    login(world["coordinator"])
    csv_rows = _csv_rows(client.get("/workplace/export.csv"))
    workbook = load_workbook(io.BytesIO(client.get("/workplace/export.xlsx").get_data()))
    sheet_rows = [["" if v is None else (v.date().isoformat() if hasattr(v, "date") else f"{v:g}"
                                         if isinstance(v, float | int) else str(v)) for v in row]
                  for row in workbook.active.iter_rows(values_only=True)]
    assert sheet_rows == csv_rows
    assert len(csv_rows) == 1 + 4 and "Åse Ødegård" in {r[0] for r in csv_rows}


def test_sorting_by_progress_columns(client, login, world):
    log_practice(world["volunteer"], 10)
    login(world["contact"])
    rows = _csv_rows(client.get("/workplace/export.csv?sort=practice_hours&order=desc"))
    assert [r[0] for r in rows[1:]] == ["Bent Æbelø", "Åse Ødegård", "Carla Kollega"]
    attend(world["colleague"], 1, cohort=world["cohort"])
    attend(world["peer"], 1, 1, cohort=world["cohort"])
    rows = _csv_rows(client.get("/workplace/export.csv?sort=attendance&order=desc"))
    # 100 %, then 50 %, then nobody registered last (the order of attendance rates in the SQL and on screen agree)
    assert [r[0] for r in rows[1:]][:2] == ["Carla Kollega", "Åse Ødegård"]
    page = _text(client.get("/workplace/?sort=modules&order=desc"))
    assert page.index("Åse Ødegård") < page.index("Bent Æbelø")
    assert 'aria-sort="descending"' in page


def test_bad_filter_is_explained_and_the_rest_still_works(client, login, world):
    login(world["contact"])
    response = client.get("/workplace/?status=nonsense&track=volunteer")
    assert response.status_code == 422
    page = _text(response)
    assert "Vælg en af mulighederne på listen." in page
    assert "Bent Æbelø" in page and "Åse Ødegård" not in page
    assert client.get("/workplace/?cohort=abc").status_code == 422
    assert client.get("/workplace/export.csv?status=nonsense").status_code == 404
    assert client.get("/workplace/?page=9999").status_code == 200  # past the end: the last page


def test_coordinator_totals_page_counts_every_organisation(client, login, world):
    login(world["coordinator"])
    overview_page = _text(client.get("/workplace/"))
    assert "Dorte Udenfor" in overview_page and "/workplace/totals" in overview_page
    page = _text(client.get("/workplace/totals"))
    assert "Ærø Kommune, Socialområdet" in page and "Region Øst, Psykiatrien" in page
    assert "Dorte Udenfor" not in page  # counts, no names


def test_totals_per_track(client, login, world):
    cohorts.withdraw(cohorts.current_enrolment(world["volunteer"].id), "")
    make_user("learner", track="colleague", organisation=world["home"])  # registered, never enrolled
    db.session.commit()
    from lms.workplace.overview import Filters, totals

    per_organisation, per_track, overall = totals(Filters(frozenset({world["home"].id})))
    assert overall.people == 4 and overall.by_status["active"] == 2 and overall.by_status["withdrawn"] == 1
    assert per_track["colleague"].people == 2 and per_track["colleague"].taking_part == 1
    assert per_organisation == {world["home"].id: overall}
    login(world["contact"])
    never = _text(client.get("/workplace/?status=not_enrolled"))
    assert "Viser 1–1 af 1 personer." in never and "Ikke tilmeldt" in never


def test_a_person_who_moved_cohort_is_shown_in_the_current_one(app, world):
    """The current enrolment is the newest that was not left for another cohort, in the list, totals and export."""
    from lms.workplace.overview import Filters, export_rows, participation_page, totals

    later = make_cohort(name="Hold Nord")
    cohorts.enrol(later, [world["peer"].id])  # the enrolment in Hold Syd becomes "moved"
    finished = make_user("learner", track="paid", organisation=world["home"], name="Frida Færdig")
    first = make_cohort(learners=[finished], name="Hold Vest")
    db.session.flush()
    cohorts.current_enrolment(finished.id).status = "completed"
    returning = make_user("learner", track="paid", organisation=world["home"], name="Gitte Igen")
    make_cohort(learners=[returning], name="Hold Øst")
    cohorts.current_enrolment(returning.id).status = "completed"
    db.session.flush()
    cohorts.enrol(later, [returning.id])  # a second course after a completed one: the newest counts
    db.session.commit()
    scope = Filters(frozenset({world["home"].id}))
    for rows in (participation_page(scope).rows, list(export_rows(scope))):
        by_name = {row.person.name: row.person for row in rows}
        assert (by_name["Åse Ødegård"].cohort, by_name["Åse Ødegård"].status) == ("Hold Nord", "active")
        assert (by_name["Frida Færdig"].cohort, by_name["Frida Færdig"].status) == (first.name, "completed")
        assert (by_name["Gitte Igen"].cohort, by_name["Gitte Igen"].status) == ("Hold Nord", "active")
    _per_organisation, _per_track, overall = totals(scope)
    assert overall.people == 5 and overall.by_status["active"] == 4 and overall.by_status["completed"] == 1
    assert participation_page(Filters(frozenset({world["home"].id}), cohort_id=world["cohort"].id)).total == 2


# --- size does not change the number of queries ------------------------------------------------------------------

def _grow(world, n):
    learners = [make_user("learner", track="paid", organisation=world["home"]) for _ in range(n)]
    cohort = make_cohort(learners=learners)
    for learner in learners:
        approve(learner, [MODULE])
        log_practice(learner, 1)
    attend(learners[0], 2, cohort=cohort)
    db.session.add(Submission(learner_id=learners[1].id, module_id="recovery-and-hope", status="submitted",
                              draft_text="", last_submitted_at=LONG_AGO))
    db.session.commit()


@pytest.mark.parametrize("who, path", [
    ("contact", "/workplace/"), ("contact", "/workplace/?sort=attendance"), ("contact", "/workplace/?status=active"),
    ("contact", "/workplace/?sort=certificate&certificate=none"), ("coordinator", "/workplace/"),
    ("coordinator", "/workplace/?sort=cohort&order=desc&track=paid")])
def test_overview_query_count_is_fixed(client, login, world, count_queries, who, path):
    login(world[who])
    client.get(path)
    with count_queries() as small:
        assert client.get(path).status_code == 200
    _grow(world, 12)
    with count_queries() as large:
        assert client.get(path).status_code == 200
    assert large() == small(), large


def test_pages_of_fifty(client, login, world):
    _grow(world, 60)
    login(world["contact"])
    first = _text(client.get("/workplace/"))
    assert "Viser 1–50 af 63 personer." in first
    last = _text(client.get("/workplace/?page=2"))
    assert "Viser 51–63 af 63 personer." in last and 'aria-current="page"' in last


def test_export_streams_every_row_not_only_the_page(client, login, world):
    _grow(world, 60)
    login(world["contact"])
    assert len(_csv_rows(client.get("/workplace/export.csv"))) == 1 + 63


def test_export_and_person_views_are_in_the_audit_log(client, login, world):
    from sqlalchemy import select

    from lms.audit.models import AuditEvent

    login(world["contact"])
    client.get("/workplace/export.csv")
    client.get(f"/workplace/people/{world['peer'].id}")
    events = db.session.execute(select(AuditEvent.action, AuditEvent.subject_type, AuditEvent.learner_id)
                                .order_by(AuditEvent.id)).all()
    assert ("export", "organisation", None) in events
    assert ("view", "person", world["peer"].id) in events


def test_contact_lands_on_the_overview(client, login, world):
    response = login(world["contact"])
    assert client.get("/").headers["Location"].endswith("/workplace/")
    assert response.status_code == 302


def test_export_rows_in_chunks_keep_the_screen_order(app, world):
    from lms.workplace.overview import Filters, export_rows, participation_page

    _grow(world, 20)
    filters = Filters(frozenset({world["home"].id}), sort="practice_hours", descending=True)
    chunked = [row.person.id for row in export_rows(filters, chunk=7)]
    assert chunked == [row.person.id for row in participation_page(filters).rows]
    assert len(chunked) == len(set(chunked)) == 23


def test_an_export_larger_than_a_chunk_reads_the_same_facts_for_its_whole_scope(app, world):
    """Above one chunk the facts are read for the filtered scope in one pass (a subquery, not lists of ids):
    every number and certificate must equal what the page's per-id reading gives."""
    from lms.workplace.facts import participation_rows
    from lms.workplace.overview import Filters, export_rows

    _grow(world, 6)
    colleague = world["colleague"]
    approve(colleague)
    attend(colleague, 10, cohort=world["cohort"])
    declare(colleague)
    db.session.commit()
    certification.issue_certificate(colleague, world["coordinator"])
    db.session.commit()
    scoped = list(export_rows(Filters(None), chunk=3))
    by_ids = participation_rows([row.person.id for row in scoped], scoped[0].now)
    assert len(scoped) == 10
    assert [(r.person, r.checklist, r.certificate) for r in scoped] == \
        [(r.person, r.checklist, r.certificate) for r in by_ids]
    rows = {r.person.id: r for r in scoped}
    assert rows[colleague.id].checklist.met and rows[colleague.id].certificate_state == "valid"
    assert rows[world["peer"].id].item("modules").actual == 1
    assert rows[world["peer"].id].item("practice_hours").actual == Decimal("3.50")


def test_attendance_counts_as_the_schedule_does_with_pauses_and_excused_absences(app, world):
    from datetime import UTC, datetime

    from lms.cohorts.models import Enrolment
    from lms.cohorts.schedule import attendance_rates
    from lms.cohorts.schedule_models import EnrolmentPause
    from lms.workplace.facts import participation_rows
    from lms.workplace.overview import Filters, participation_page

    peer, volunteer = world["peer"], world["volunteer"]
    attend(peer, 3, 2, 1, cohort=world["cohort"])  # sessions from LONG_AGO, a day apart
    attend(volunteer, 1, 1, cohort=world["cohort"])
    enrolment = db.session.scalar(db.select(Enrolment).where(Enrolment.learner_id == peer.id))
    # A pause over the 4th and 5th sessions (days 3 and 4): their absences do not count.
    db.session.add(EnrolmentPause(enrolment_id=enrolment.id, started_at=LONG_AGO + timedelta(days=2, hours=12),
                                  ended_at=LONG_AGO + timedelta(days=4, hours=12)))
    db.session.commit()
    now = datetime.now(UTC)
    expected = attendance_rates([peer.id, volunteer.id], now)
    rows = {r.person.id: r.item("attendance") for r in participation_rows([peer.id, volunteer.id], now)}
    assert (expected[peer.id].present, expected[peer.id].counted) == (3, 3)
    assert rows[peer.id].actual == Decimal("100.0")
    assert (expected[volunteer.id].present, expected[volunteer.id].counted) == (1, 2)
    assert rows[volunteer.id].actual == Decimal("50.0")
    page = participation_page(Filters(frozenset({world["home"].id}), sort="attendance", descending=True))
    assert [r.person.name for r in page.rows][:2] == ["Åse Ødegård", "Bent Æbelø"]
