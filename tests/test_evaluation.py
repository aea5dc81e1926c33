"""Self-assessments (the learner's own) and the anonymous course evaluation: invitations, answering, skipping,
what is stored, who sees what."""
import io
import json
import re
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from lms.certification import services as certification
from lms.certification.status import local_date
from lms.cohorts.models import Enrolment
from lms.cohorts.services import enrol, save_cohort
from lms.evaluation.models import (
    CourseEvaluation,
    CourseEvaluationReceipt,
    CourseEvaluationScore,
    SelfAssessment,
)
from lms.extensions import db
from lms.timeutil import utcnow

from .factories import make_user

MARK = "EGNE-ORD-7731"


def today():
    return local_date(utcnow())


def cohort_ending(days: int, learners, name: str | None = None):
    """A cohort that started two months ago and ends `days` from today (negative: ended)."""
    cohort = save_cohort(None, name=name or f"Hold {days} {len(learners)} {id(learners)}",
                         starts_on=today() - timedelta(days=60), ends_on=today() + timedelta(days=days),
                         instructor_ids=[])
    enrol(cohort, [u.id for u in learners])
    db.session.commit()
    return cohort


def enrolment_of(learner) -> Enrolment:
    return db.session.scalar(select(Enrolment).where(Enrolment.learner_id == learner.id))


def dashboard(client) -> str:
    response = client.get("/dashboard")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def answers(**values) -> dict:
    """Form data: theme_experiential=3, chime_hope=..., anything not given is "no answer"."""
    return {key: str(value) for key, value in values.items()}


# --- Invitations on the dashboard -----------------------------------------------------------------------------

def test_start_is_invited_while_the_course_runs_and_later_leaves_it(client, login):
    learner = make_user("learner", track="paid")
    cohort_ending(60, [learner])
    login(learner)
    page = dashboard(client)
    assert "/self-assessment/start" in page and "/self-assessment/end" not in page
    assert "/course-evaluation/" not in page  # the end is far away
    assert client.get("/self-assessment/start").status_code == 200
    assert "/self-assessment/start" in dashboard(client)  # looking and leaving ("later") changes nothing
    assert db.session.scalar(select(func.count()).select_from(SelfAssessment)) == 0


def test_skip_records_a_skipped_assessment_and_stops_asking(client, login):
    learner = make_user("learner", track="paid")
    cohort_ending(60, [learner])
    login(learner)
    response = client.post("/self-assessment/start/skip", data={"back": "dashboard"})
    assert response.status_code == 302
    record = db.session.scalar(select(SelfAssessment))
    assert (record.kind, record.status, record.answers, record.enrolment_id) == (
        "start", "skipped", [], enrolment_of(learner).id)
    assert "/self-assessment/start" not in dashboard(client)
    # Skipping is not final: the learner may still answer while it is open.
    assert client.post("/self-assessment/start", data=answers(chime_hope=4)).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(SelfAssessment)).status == "answered"


def test_the_end_is_asked_near_the_end_with_the_course_evaluation(client, login):
    learner = make_user("learner", track="paid")
    cohort = cohort_ending(10, [learner])
    login(learner)
    page = dashboard(client)
    assert "/self-assessment/end" in page and "/self-assessment/start" not in page
    assert f"/course-evaluation/{cohort.id}" in page


def test_an_ended_cohort_still_asks_for_the_end_for_a_while(client, login):
    learner = make_user("learner", track="paid")
    cohort_ending(-20, [learner])
    enrolment = enrolment_of(learner)
    enrolment.status = "completed"
    db.session.commit()
    login(learner)
    assert "/self-assessment/end" in dashboard(client)
    assert client.get("/self-assessment/start").status_code == 302  # the start is over


def test_a_paused_learner_is_not_asked(client, login):
    learner = make_user("learner", track="paid")
    cohort_ending(60, [learner])
    enrolment_of(learner).status = "paused"
    db.session.commit()
    login(learner)
    assert "/self-assessment/start" not in dashboard(client)
    assert client.get("/self-assessment/start").status_code == 200  # still possible from their own page


def test_renewal_is_asked_in_the_certificates_renewal_window(client, login):
    learner = make_user("learner", track="paid")
    issued = utcnow() - timedelta(days=700)  # valid for 24 months: expires in about a month, the window is open
    certification.create_certificate(learner, issued_by=None, snapshot={}, now=issued)
    db.session.commit()
    login(learner)
    assert "/self-assessment/renewal" in dashboard(client)
    assert client.post("/self-assessment/renewal", data=answers(theme_relational=4)).status_code == 302
    record = db.session.scalar(select(SelfAssessment))
    assert record.kind == "renewal" and record.certificate_id is not None and record.enrolment_id is None
    assert "/self-assessment/renewal" not in dashboard(client)


def test_no_card_without_anything_due(client, login):
    learner = make_user("learner", track="paid")
    login(learner)
    page = dashboard(client)
    assert "/self-assessment/" not in page.replace('href="/self-assessment"', "")


# --- Answering --------------------------------------------------------------------------------------------------

def test_answers_are_stored_and_a_skipped_question_is_missing_not_zero(client, login):
    learner = make_user("learner", track="paid")
    cohort_ending(60, [learner])
    login(learner)
    response = client.post("/self-assessment/start", data={**answers(theme_experiential=2, chime_hope=5),
                                                           "theme_relational": "", "comment": f"Min vej {MARK}"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/self-assessment")
    record = db.session.scalar(select(SelfAssessment))
    values = {a.question_id: a.value for a in record.answers}
    assert values["theme.experiential"] == 2 and values["chime.hope"] == 5
    assert values["theme.relational"] is None and values["chime.identity"] is None  # missing, not 0
    assert 0 not in values.values() and len(values) == 11
    assert record.comment == f"Min vej {MARK}"
    # Answered once is answered: the form does not open again.
    response = client.get("/self-assessment/start")
    assert response.status_code == 302
    assert client.post("/self-assessment/start", data=answers(chime_hope=1)).status_code == 302
    db.session.expire_all()
    assert {a.question_id: a.value for a in db.session.scalar(select(SelfAssessment)).answers}["chime.hope"] == 5


@pytest.mark.parametrize("bad", ["0", "6", "abc", "-1", "3.5", "<script>"])
def test_a_bad_value_is_explained_next_to_the_question_and_the_rest_is_kept(client, login, bad):
    learner = make_user("learner", track="paid")
    cohort_ending(60, [learner])
    login(learner)
    response = client.post("/self-assessment/start", data={**answers(chime_hope=4), "theme_experiential": bad,
                                                           "comment": "Stadig her"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="theme_experiential-error"' in page
    assert re.search(r'<fieldset[^>]*aria-describedby="[^"]*theme_experiential-error"', page)
    assert _checked(page, "chime_hope", "4") and not _checked(page, "chime_hope", "")
    assert "Stadig her" in page and "<script>" not in page.split("<main", 1)[1]
    assert db.session.scalar(select(func.count()).select_from(SelfAssessment)) == 0


def _checked(page: str, name: str, value: str) -> bool:
    tags = re.findall(rf'<input[^>]*name="{name}"[^>]*value="{value}"[^>]*>', page)
    assert tags, (name, value)
    return any("checked" in tag for tag in tags)


def test_a_too_long_comment_is_refused_and_kept(client, login):
    learner = make_user("learner", track="paid")
    cohort_ending(60, [learner])
    login(learner)
    response = client.post("/self-assessment/start", data={"comment": "x" * 2001})
    assert response.status_code == 422 and 'id="comment-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(SelfAssessment)) == 0


def test_nothing_open_sends_the_learner_to_their_page(client, login):
    learner = make_user("learner", track="paid")
    login(learner)
    for kind in ("start", "end", "renewal"):
        response = client.get(f"/self-assessment/{kind}")
        assert response.status_code == 302 and response.headers["Location"].endswith("/self-assessment")
        assert client.post(f"/self-assessment/{kind}/skip").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(SelfAssessment)) == 0
    assert client.get("/self-assessment/middle").status_code == 404


# --- The learner's own picture, and nobody else's ------------------------------------------------------------------

def _answer_start_and_end(learner, start: dict, end: dict, comment: str = ""):
    from lms.curriculum import get_curriculum
    from lms.evaluation import services
    from lms.evaluation.invitations import Target
    from lms.evaluation.questions import self_assessment_questions

    questions = self_assessment_questions(get_curriculum())
    enrolment_id = enrolment_of(learner).id
    services.save_self_assessment(learner.id, Target("start", enrolment_id=enrolment_id), questions, start, comment)
    services.save_self_assessment(learner.id, Target("end", enrolment_id=enrolment_id), questions, end, None)
    db.session.commit()


def test_own_page_shows_start_against_end_as_svg_and_table(client, login):
    learner = make_user("learner", track="paid")
    cohort_ending(10, [learner])
    _answer_start_and_end(learner, {"chime.hope": 2, "theme.experiential": 3}, {"chime.hope": 4}, f"Tekst {MARK}")
    login(learner)
    page = client.get("/self-assessment").get_data(as_text=True)
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert "<title" in svg and "<desc" in svg and 'role="img"' in svg and "style=" not in svg
    assert "<script" not in page
    table = page[page.index("<table"):page.index("</table>")]
    assert "<caption" in table and 'scope="col"' in table and 'scope="row"' in table
    assert "+2" in table  # hope went from 2 to 4
    assert 'class="suppressed"' in table  # experiential was not answered at the end: shown as "no answer"
    assert MARK in page  # the learner sees their own words


def test_only_the_learner_sees_their_answers(client, login):
    learner, other = make_user("learner", track="paid"), make_user("learner", track="paid")
    cohort_ending(10, [learner, other])
    _answer_start_and_end(learner, {"chime.hope": 2}, {"chime.hope": 4}, f"Tekst {MARK}")
    login(other)
    assert MARK not in client.get("/self-assessment").get_data(as_text=True)
    for role in ("coordinator", "instructor", "workplace_contact"):
        client.post("/logout")
        login(make_user(role))
        assert client.get("/self-assessment").status_code == 403
        assert client.get("/self-assessment/start").status_code == 403


def test_export_holds_the_self_assessment_and_its_answers(client, login):
    learner = make_user("learner", track="paid")
    cohort_ending(10, [learner])
    _answer_start_and_end(learner, {"chime.hope": 2}, {"chime.hope": 4}, f"Tekst {MARK}")
    login(learner)
    archive = zipfile.ZipFile(io.BytesIO(client.post("/account/export").data))
    data = json.loads(archive.read("data.json"))
    assert len(data["self_assessment"]) == 2 and MARK in json.dumps(data["self_assessment"], ensure_ascii=False)
    assert {a["value"] for a in data["self_assessment_answer"] if a["question_id"] == "chime.hope"} == {2, 4}


# --- The anonymous course evaluation ------------------------------------------------------------------------------

def test_answer_table_has_no_link_to_a_person():
    for name in ("course_evaluation", "course_evaluation_score"):
        table = db.metadata.tables[name]
        assert {fk.column.table.name for fk in table.foreign_keys} <= {"cohort", "course_evaluation"}
        assert not any("user" in c.name or "learner" in c.name for c in table.columns)
        assert not any(getattr(c.type, "python_type", None) is datetime or "DateTime" in type(c.type).__name__
                       or c.name.endswith("_at") for c in table.columns)
    receipt = db.metadata.tables["course_evaluation_receipt"]
    assert {c.name for c in receipt.columns} == {"user_id", "cohort_id"}  # no time, no answer id
    for name in ("course_evaluation", "course_evaluation_score", "course_evaluation_receipt"):
        # On SQLite the rows are kept in key order, not in the order they were written.
        assert db.metadata.tables[name].dialect_options["sqlite"]["with_rowid"] is False


def test_course_evaluation_is_stored_without_the_person_and_only_once(client, login):
    learner = make_user("learner", track="paid")
    cohort = cohort_ending(5, [learner, make_user("learner", track="paid")])
    login(learner)
    page = client.get(f"/course-evaluation/{cohort.id}").get_data(as_text=True)
    assert "<fieldset" in page and "<legend>" in page
    data = {**answers(course_relevance=4, course_safety=5), "worked_well": f"Godt {MARK}", "to_change": ""}
    assert client.post(f"/course-evaluation/{cohort.id}", data=data).status_code == 302
    answer = db.session.scalar(select(CourseEvaluation))
    assert answer.cohort_id == cohort.id and answer.worked_well == f"Godt {MARK}" and answer.to_change is None
    assert len(answer.id) == 32 and answer.id not in ("1", str(learner.id))
    scores = {s.question_id: s.value for s in db.session.scalars(select(CourseEvaluationScore))}
    assert scores == {"course.relevance": 4, "course.experience": None, "course.safety": 5, "course.balance": None}
    assert db.session.get(CourseEvaluationReceipt, (learner.id, cohort.id)) is not None
    # The answer names nobody: the learner's id and name appear in no column of it.
    row = db.session.execute(select(CourseEvaluation.__table__)).one()
    assert learner.name not in str(row) and learner.email not in str(row)
    # A second answer is refused, and the dashboard no longer asks.
    assert client.post(f"/course-evaluation/{cohort.id}", data=data).status_code == 409
    assert db.session.scalar(select(func.count()).select_from(CourseEvaluation)) == 1
    assert f"/course-evaluation/{cohort.id}" not in dashboard(client)


def test_service_refuses_a_second_answer_even_when_called_directly(app):
    from lms.evaluation import services
    from lms.evaluation.questions import course_questions

    learner = make_user("learner", track="paid")
    cohort = cohort_ending(5, [learner])
    services.submit_course_evaluation(learner.id, cohort.id, course_questions(), {}, {"worked_well": "a"})
    db.session.commit()
    with pytest.raises(services.EvaluationError):
        services.submit_course_evaluation(learner.id, cohort.id, course_questions(), {}, {"worked_well": "b"})
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(CourseEvaluation)) == 1


def test_course_evaluation_is_closed_far_from_the_end_and_for_others(client, login):
    learner, outsider = make_user("learner", track="paid"), make_user("learner", track="paid")
    cohort = cohort_ending(60, [learner])
    cohort_ending(5, [outsider])
    login(learner)
    assert client.post(f"/course-evaluation/{cohort.id}", data=answers(course_relevance=4)).status_code == 409
    client.post("/logout")
    login(outsider)
    assert client.get(f"/course-evaluation/{cohort.id}").status_code == 403
    assert client.get("/course-evaluation/99999").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(CourseEvaluation)) == 0


def test_course_evaluation_bad_input_never_fails(client, login):
    learner = make_user("learner", track="paid")
    cohort = cohort_ending(5, [learner])
    login(learner)
    for value in ("9", "", "<svg onload=alert(1)>", "\u202e\u0000", "1e309"):
        response = client.post(f"/course-evaluation/{cohort.id}", data={"course_relevance": value,
                                                                       "worked_well": value * 3,
                                                                       "to_change": "x" * 2001})
        assert response.status_code == 422
        assert 'id="to_change-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(CourseEvaluation)) == 0
    assert db.session.scalar(select(func.count()).select_from(CourseEvaluationReceipt)) == 0


def test_the_dates_of_a_submission_cannot_link_receipt_and_answer(app):
    """Neither table stores a time; the answer's key is random, so ordering the rows tells nothing."""
    from lms.evaluation import services
    from lms.evaluation.questions import course_questions

    learners = [make_user("learner", track="paid") for _ in range(3)]
    cohort = cohort_ending(5, learners)
    for learner in learners:
        services.submit_course_evaluation(learner.id, cohort.id, course_questions(), {}, {"worked_well": "ok"},
                                          now=datetime.now(UTC))
    db.session.commit()
    ids = list(db.session.scalars(select(CourseEvaluation.id)))
    assert len(set(ids)) == 3 and all(len(i) == 32 for i in ids)
    assert not any(i.isdigit() for i in ids)
