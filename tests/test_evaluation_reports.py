"""Programme reports: hand-computed aggregates on a known data set, small-group suppression, no individual's
answers anywhere, skipped answers as missing, access, CSV and a fixed number of queries."""
import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from lms.certification import services as certification
from lms.cohorts import schedule
from lms.cohorts.models import Enrolment
from lms.cohorts.services import enrol, save_cohort
from lms.curriculum import get_curriculum
from lms.evaluation import measures, reports, services
from lms.evaluation.invitations import Target
from lms.evaluation.questions import course_questions, self_assessment_questions
from lms.evaluation.reports import Group, protect
from lms.extensions import db
from lms.logbook.models import PracticeEntry, SupervisionEntry

from .factories import make_organisation, make_user

ENROLLED = datetime(2025, 9, 1, 9, 0, tzinfo=UTC)
SECRET = "HEMMELIG-SELVVURDERING-5150"


# --- Building a known data set ------------------------------------------------------------------------------------

def cohort_of(name: str, starts_on: date, learners, statuses: dict | None = None):
    cohort = save_cohort(None, name=name, starts_on=starts_on, ends_on=starts_on + timedelta(days=90),
                         instructor_ids=[])
    enrol(cohort, [u.id for u in learners])
    for enrolment in db.session.scalars(db.select(Enrolment).where(Enrolment.cohort_id == cohort.id)):
        enrolment.enrolled_at = ENROLLED
        enrolment.status = (statuses or {}).get(enrolment.learner_id, "active")
    db.session.commit()
    return cohort


def enrolment_id(learner, cohort) -> int:
    return db.session.scalar(db.select(Enrolment.id).where(Enrolment.learner_id == learner.id,
                                                           Enrolment.cohort_id == cohort.id))


def assess(learner, cohort, kind: str, values: dict | None, comment: str | None = None):
    """values None: the whole self-assessment was skipped."""
    target = Target(kind, enrolment_id=enrolment_id(learner, cohort))
    if values is None:
        services.skip_self_assessment(learner.id, target)
    else:
        services.save_self_assessment(learner.id, target, self_assessment_questions(get_curriculum()), values,
                                      comment)


def evaluate(learner, cohort, values: dict, worked_well: str = "", to_change: str = ""):
    services.submit_course_evaluation(learner.id, cohort.id, course_questions(), values,
                                      {"worked_well": worked_well, "to_change": to_change},
                                      now=datetime.combine(cohort.ends_on, time(12), tzinfo=UTC))


def practice(learner, hours: str, status: str = "confirmed"):
    db.session.add(PracticeEntry(learner_id=learner.id, status=status, worked_on=date(2025, 10, 1),
                                 hours=Decimal(hours), setting="Værested", kind="group", private_note=""))


def supervision(learner, minutes: int):
    db.session.add(SupervisionEntry(learner_id=learner.id, status="confirmed", held_on=date(2025, 10, 2),
                                    minutes=minutes, supervision_form="individual", supervisor_name="Ekstern",
                                    topics="Grænser", summary="", private_note=""))


@pytest.fixture
def known(app):
    """Cohort A (6 learners) with everything filled in by hand, cohort C (5 learners) with 3 course evaluations."""
    org = make_organisation("Kommune A")
    a = [make_user("learner", track="paid", organisation=org, name=f"Deltager A{i}") for i in range(1, 7)]
    c = [make_user("learner", track="paid", organisation=org, name=f"Deltager C{i}") for i in range(1, 6)]
    cohort_a = cohort_of("Hold A", date(2025, 9, 1), a, {a[0].id: "completed", a[1].id: "completed"})
    cohort_c = cohort_of("Hold C", date(2025, 9, 15), c)
    # Certificates: a1-a5 after 100, 120, 130, 150 and 400 days (median 130); a6's was revoked and does not count.
    for learner, days in zip(a, (100, 120, 130, 150, 400, 50), strict=True):
        certificate = certification.create_certificate(learner, issued_by=None, snapshot={},
                                                       now=ENROLLED + timedelta(days=days))
    certificate.revoked_at = ENROLLED + timedelta(days=60)
    # Logbook: 10 + 5.5 confirmed practice hours (a3's 10 hours wait for confirmation); 90 + 60 supervision minutes.
    practice(a[0], "10"), practice(a[1], "5.5"), practice(a[2], "10", status="pending")
    supervision(a[0], 90), supervision(a[1], 60)
    # Attendance: 7 of 10 counted sessions (a4's excused absence does not count).
    coordinator = make_user("coordinator")
    marks = [dict(zip([u.id for u in a], ("present", "present", "absent", "present", "present", ""), strict=True)),
             dict(zip([u.id for u in a], ("present", "absent", "absent", "excused", "present", "present"),
                      strict=True))]
    for day, mark in zip((date(2025, 10, 1), date(2025, 10, 8)), marks, strict=True):
        session = schedule.save_session(None, cohort_a, day=day, starts=time(9), ends=time(12), place="Lokale",
                                        module_ids=[])
        schedule.register_attendance(session, mark, coordinator.id, {u.id for u in a})
    # Self-assessments. Hope at the start: 2, 3, skipped, 1, 4, 2. At the end: 4, 4, 5, 3, (a5 skipped all), 4.
    # Relational at the start: 1, 2, 3, 3, 2, 1; at the end: 3, 3, 4, 5, -, 2.
    starts = [(2, 1), (3, 2), (None, 3), (1, 3), (4, 2), (2, 1)]
    ends = [(4, 3), (4, 3), (5, 4), (3, 5), None, (4, 2)]
    for learner, start, end in zip(a, starts, ends, strict=True):
        assess(learner, cohort_a, "start", {"chime.hope": start[0], "theme.relational": start[1]},
               comment=f"{SECRET} {learner.id}")
        assess(learner, cohort_a, "end", None if end is None else {"chime.hope": end[0], "theme.relational": end[1]})
    # Course evaluation: everyone in A (relevance 4, 4, 4, 4, 5, 3; safety 5, 4, -, 4, 3, 5); three in C.
    for i, (learner, relevance, safety) in enumerate(zip(a, (4, 4, 4, 4, 5, 3), (5, 4, None, 4, 3, 5),
                                                         strict=True)):
        evaluate(learner, cohort_a, {"course.relevance": relevance, "course.safety": safety},
                 worked_well=f"Holdet A-tekst {i}")
    for i, learner in enumerate(c[:3]):
        evaluate(learner, cohort_c, {"course.relevance": 1}, worked_well=f"LILLE-GRUPPE-C-{i}")
    db.session.commit()
    return cohort_a, cohort_c, a, c


def build(grouping: str = "cohort"):
    return measures.build_report(grouping, reports.load(), get_curriculum(), "da",
                                 self_assessment_questions(get_curriculum()), course_questions())


def row_named(report, label: str):
    return next(row for row in report.rows if row.label == label)


# --- Aggregates against hand-computed values --------------------------------------------------------------------

def test_aggregates_match_the_hand_computed_values(known):
    report = build("cohort")
    assert [row.label for row in report.rows] == ["Hold A", "Hold C"]
    cells = row_named(report, "Hold A").cells
    expected = {"people": 6, "completion_rate": 33.3, "certification_rate": 83.3, "time_to_certificate": 130.0,
                "attendance": 70.0, "practice_hours": 2.6, "supervision_hours": 0.4}
    assert {key: cells[key].value for key in expected} == expected
    assert (cells["time_to_certificate"].n, cells["attendance"].n) == (5, 6)


def test_skipped_answers_are_missing_not_zero(known):
    cells = row_named(build("cohort"), "Hold A").cells
    # Hope at the start: (2 + 3 + 1 + 4 + 2) / 5 = 2.4 over the five who answered; with a zero it would be 2.0.
    assert (cells["sa:chime.hope:start"].value, cells["sa:chime.hope:start"].n) == (2.4, 5)
    # At the end a5 skipped the whole self-assessment: (4 + 4 + 5 + 3 + 4) / 5 = 4.0.
    assert (cells["sa:chime.hope:end"].value, cells["sa:chime.hope:end"].n) == (4.0, 5)
    # Only four people answered hope at both start and end: too few, so the change is not shown.
    assert cells["sa:chime.hope:change"].hidden and cells["sa:chime.hope:change"].value is None
    # Relational: start 12 / 6 = 2.0; end 17 / 5 = 3.4; each person's change +2 +1 +1 +2 +1 -> 1.4 over 5.
    assert (cells["sa:theme.relational:start"].value, cells["sa:theme.relational:start"].n) == (2.0, 6)
    assert (cells["sa:theme.relational:end"].value, cells["sa:theme.relational:end"].n) == (3.4, 5)
    assert (cells["sa:theme.relational:change"].value, cells["sa:theme.relational:change"].n) == (1.4, 5)
    # Nobody answered identity: no data, not a zero.
    assert cells["sa:chime.identity:start"].value is None and cells["sa:chime.identity:start"].n == 0


def test_course_evaluation_results(known):
    report = build("cohort")
    a, c = row_named(report, "Hold A"), row_named(report, "Hold C")
    assert (a.respondents.value, a.cells["course:course.relevance"].value) == (6, 4.0)
    assert (a.cells["course:course.safety"].value, a.cells["course:course.safety"].n) == (4.2, 5)
    assert a.texts["worked_well"] == [f"Holdet A-tekst {i}" for i in range(6)]
    assert c.respondents.hidden and c.texts is None and c.cells["course:course.relevance"].hidden
    # A shown and C hidden: the total would give C away by subtraction, so it is hidden too.
    assert report.total.respondents.hidden and report.total.cells["course:course.relevance"].hidden


def test_totals_and_other_groupings(known):
    report = build("cohort")
    assert report.total.cells["people"].value == 11
    assert report.total.cells["completion_rate"].value == 18.2  # 2 of 11
    by_year = build("year")
    assert [row.label for row in by_year.rows] == ["2025"]
    year = by_year.rows[0]
    assert year.cells["people"].value == 11 and year.respondents.value == 9
    # The year has 9 respondents, but the words of cohort C (3 respondents) are still never shown.
    assert year.texts["worked_well"] == [f"Holdet A-tekst {i}" for i in range(6)]
    by_track = build("track")
    assert not by_track.course and by_track.rows[0].cells["people"].value == 11
    assert build("organisation").rows[0].label == "Kommune A"


# --- Small groups ----------------------------------------------------------------------------------------------------

def _groups(*sizes) -> list[Group]:
    start, groups = 0, []
    for i, size in enumerate(sizes):
        groups.append(Group(i, f"G{i}", (0, i), learners=set(range(start, start + size))))
        start += size
    return groups


@pytest.mark.parametrize("sizes, shown, other", [
    ((5,), [5], None), ((4,), [], None), ((4, 5), [], 9), ((4, 5, 6), [6], 9), ((2, 2, 7), [], 11),
    ((3, 3, 8, 9), [8, 9], 6), ((1, 1, 1, 1, 1), [], 5),
])
def test_protect_merges_small_groups_so_no_group_below_five_can_be_recovered(sizes, shown, other):
    visible, merged = protect(_groups(*sizes), "Andre")
    assert [g.size for g in visible] == shown
    assert (merged.size if merged else None) == other
    assert all(g.size >= 5 for g in visible) and (merged is None or merged.size >= 5)


def _four_or_five(n: int):
    people = [make_user("learner", track="paid", name=f"Lille{n} Person{i}") for i in range(n)]
    cohort = cohort_of(f"Hold med {n}", date(2025, 9, 1), people)
    for i, learner in enumerate(people):
        assess(learner, cohort, "start", {"chime.hope": i % 5 + 1}, comment=f"{SECRET}-{n}-{i}")
        evaluate(learner, cohort, {"course.relevance": 5}, worked_well=f"FRITEKST-{n}-{i}", to_change=f"ÆNDR-{n}-{i}")
    db.session.commit()
    return people


def _pages(client, login) -> str:
    """Every report page and CSV, concatenated."""
    login(make_user("coordinator"))
    text = []
    for grouping in reports.GROUPINGS:
        page = client.get(f"/evaluation/reports?by={grouping}")
        assert page.status_code == 200
        data = client.get(f"/evaluation/reports.csv?by={grouping}")
        assert data.status_code == 200
        text += [page.get_data(as_text=True), data.data.decode("utf-8-sig")]
    return "\n".join(text)


def test_a_group_of_four_is_not_shown_anywhere(client, login):
    people = _four_or_five(4)
    everything = _pages(client, login)
    assert "FRITEKST-4" not in everything and "ÆNDR-4" not in everything and SECRET not in everything
    assert "Hold med 4" not in everything
    assert not any(p.name in everything or p.email in everything for p in people)
    assert build("cohort").nothing_shown


def test_a_group_of_five_is_shown_without_any_individual(client, login):
    people = _four_or_five(5)
    everything = _pages(client, login)
    assert "Hold med 5" in everything
    assert all(f"FRITEKST-5-{i}" in everything for i in range(5))  # five respondents: the words are shown
    assert SECRET not in everything  # a learner's own words in a self-assessment never are
    assert not any(p.name in everything or p.email in everything for p in people)
    hope = build("cohort").rows[0].cells["sa:chime.hope:start"]
    assert (hope.value, hope.n) == (3.0, 5)  # (1 + 2 + 3 + 4 + 5) / 5, never a single person's answer


def test_a_small_cohort_is_merged_and_the_total_does_not_give_it_away(client, login):
    cohort_of("Hold Seks", date(2025, 9, 1), [make_user("learner", track="paid") for _ in range(6)])
    small = [make_user("learner", track="paid") for _ in range(4)]
    small_cohort = cohort_of("Hold Fire", date(2025, 9, 1), small, {small[0].id: "completed"})
    cohort_of("Hold Syv", date(2025, 9, 1), [make_user("learner", track="paid") for _ in range(7)])
    for learner in small:
        evaluate(learner, small_cohort, {"course.relevance": 1}, worked_well="FIRE-ORD")
    db.session.commit()
    report = build("cohort")
    assert len(report.rows) == 2 and report.rows[0].label == "Hold Syv"  # six joined four: see protect()
    other = report.rows[-1]
    assert other.group.other and other.group.merged == 2 and other.cells["people"].value == 10
    assert report.total.cells["people"].value == 17  # 17 - 7 = 10: the combined row, never the group of four
    assert other.texts is None or "FIRE-ORD" not in str(other.texts)
    everything = _pages(client, login)
    assert "Hold Fire" not in everything and "Hold Seks" not in everything and "FIRE-ORD" not in everything


def test_words_of_small_cohorts_stay_hidden_even_when_their_year_has_enough_respondents(client, login):
    for name in ("Hold Nord", "Hold Syd"):
        people = [make_user("learner", track="paid") for _ in range(5)]
        cohort = cohort_of(name, date(2025, 9, 1), people)
        for i, learner in enumerate(people[:3]):
            evaluate(learner, cohort, {"course.relevance": 3 + i % 2}, worked_well=f"ORD-{name}-{i}")
    db.session.commit()
    year = build("year").rows[0]
    assert year.respondents.value == 6 and year.cells["course:course.relevance"].value == 3.3  # 20 / 6
    assert year.texts is None
    assert "ORD-Hold" not in _pages(client, login)


# --- The pages ---------------------------------------------------------------------------------------------------

def test_report_page_has_svg_charts_with_tables_and_the_numbers(client, login, known):
    login(make_user("coordinator"))
    page = client.get("/evaluation/reports?by=cohort").get_data(as_text=True)
    assert page.count("<svg") == page.count("<title id=") >= 4 + 2 + 2
    assert page.count("<table") >= page.count("<svg")
    assert "<script" not in page and "style=" not in page
    assert "33,3" in page and "83,3" in page and "2,4" in page  # Danish decimals
    assert "Holdet A-tekst 0" in page and "LILLE-GRUPPE-C" not in page
    assert SECRET not in page and "Deltager A1" not in page


def test_csv_holds_the_same_numbers_with_a_header(client, login, known):
    login(make_user("coordinator"))
    response = client.get("/evaluation/reports.csv?by=cohort")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert len(header) == 7 and all(len(r) == 7 for r in body)
    by_key = {(r[1], r[2], r[3]): r for r in body}
    completion = [r for r in body if r[1] == "Hold A" and r[4] == "33.3"]
    assert completion and completion[0][5] == "6"
    hope_start = [r for (group, measure, question), r in by_key.items()
                  if group == "Hold A" and question in ("Håb og optimisme", "Hope and optimism") and r[4] == "2.4"]
    assert hope_start and hope_start[0][5] == "5"
    assert "Holdet A-tekst" not in response.data.decode("utf-8-sig")  # free text is never exported
    assert SECRET not in response.data.decode("utf-8-sig")


def test_a_formula_in_a_group_name_is_defused_in_the_csv(client, login):
    cohort_of("=HYPERLINK(1)", date(2025, 9, 1), [make_user("learner", track="paid") for _ in range(5)])
    login(make_user("coordinator"))
    text = client.get("/evaluation/reports.csv?by=cohort").data.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_an_unknown_grouping_is_explained_not_a_failure(client, login):
    login(make_user("coordinator"))
    response = client.get("/evaluation/reports?by=<script>")
    assert response.status_code == 422 and 'id="by-error"' in response.get_data(as_text=True)
    assert "<script>" not in response.get_data(as_text=True).split("<main", 1)[1]
    assert client.get("/evaluation/reports.csv?by=nonsense").status_code == 400


def test_only_coordinators_see_reports(client, login):
    for roles in (("learner",), ("instructor",), ("workplace_contact",)):
        login(make_user(*roles))
        assert client.get("/evaluation/reports").status_code == 403
        assert client.get("/evaluation/reports.csv").status_code == 403
        client.post("/logout")
    login(make_user("coordinator"))
    page = client.get("/evaluation/reports").get_data(as_text=True)
    assert 'href="/evaluation/reports"' in page  # the menu links to it


def _more_data(n_cohorts: int, size: int, offset: int):
    for k in range(n_cohorts):
        people = [make_user("learner", track=("paid", "volunteer")[i % 2]) for i in range(size)]
        cohort = cohort_of(f"Ekstra {offset}-{k}", date(2024 + k % 2, 9, 1), people)
        session = schedule.save_session(None, cohort, day=date(2025, 1, 10), starts=time(9), ends=time(12),
                                        place="Lokale", module_ids=[])
        schedule.register_attendance(session, {u.id: "present" for u in people}, people[0].id,
                                     {u.id for u in people})
        for learner in people:
            assess(learner, cohort, "start", {"chime.hope": 3, "theme.relational": 2})
            assess(learner, cohort, "end", {"chime.hope": 4})
            evaluate(learner, cohort, {"course.relevance": 4}, worked_well="fint")
            practice(learner, "3")
            supervision(learner, 45)
            certification.create_certificate(learner, issued_by=None, snapshot={}, now=ENROLLED + timedelta(days=90))
    db.session.commit()


@pytest.mark.parametrize("grouping", reports.GROUPINGS)
def test_report_query_count_is_fixed(client, login, count_queries, grouping):
    _more_data(1, 5, 0)
    login(make_user("coordinator"))
    client.get(f"/evaluation/reports?by={grouping}")
    with count_queries() as few:
        assert client.get(f"/evaluation/reports?by={grouping}").status_code == 200
    _more_data(4, 7, 1)
    with count_queries() as many:
        assert client.get(f"/evaluation/reports?by={grouping}").status_code == 200
    assert few() == many() <= 16, many
    with count_queries() as csv_many:
        client.get(f"/evaluation/reports.csv?by={grouping}")
    assert csv_many() <= few()
