"""Class sessions, attendance (with pauses and excused absences), pause/resume and the calendar feed."""
from datetime import date, datetime, time, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from lms.cohorts import schedule
from lms.cohorts.models import Enrolment
from lms.cohorts.schedule_models import ClassSession
from lms.cohorts.services import enrol
from lms.extensions import db
from lms.timeutil import utcnow

from .factories import make_cohort, make_user


@pytest.fixture
def hold():
    learner, teacher = make_user("learner", track="paid"), make_user("instructor")
    cohort = make_cohort(instructors=[teacher], learners=[learner], name="Hold Nord")
    return {"learner": learner, "teacher": teacher, "cohort": cohort,
            "enrolment": db.session.scalar(select(Enrolment).where(Enrolment.learner_id == learner.id))}


def _session(cohort, days_ago: float, place="Lokale 1", modules=("intro-peer-support",)) -> ClassSession:
    moment = (utcnow() - timedelta(days=days_ago)).astimezone(schedule.LOCAL)
    session = schedule.save_session(None, cohort, day=moment.date(), starts=time(9, 0), ends=time(12, 0),
                                    place=place, module_ids=list(modules))
    db.session.commit()
    return session


def test_plan_session_with_local_time_and_errors_kept(client, login, hold):
    login(make_user("coordinator"))
    url = f"/cohorts/{hold['cohort'].id}/sessions"
    response = client.post(url, data={"day": "2027-03-02", "starts": "12:00", "ends": "09:00", "place": "Lokale 2"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'value="Lokale 2"' in page and 'value="2027-03-02"' in page
    assert client.post(url, data={"day": "3027-03-02", "starts": "09:00", "ends": "12:00",
                                  "place": "x"}).status_code == 422
    assert client.post(url, data={"day": "", "starts": "nine", "ends": "12:00", "place": ""}).status_code == 422
    response = client.post(url, data={"day": "2027-03-02", "starts": "09:00", "ends": "12:00", "place": "Lokale 2",
                                      "modules": ["intro-peer-support", "own-story"]})
    assert response.status_code == 302
    session = db.session.scalar(select(ClassSession))
    assert session.starts_at == datetime(2027, 3, 2, 8, 0, tzinfo=session.starts_at.tzinfo)  # 09:00 CET = 08:00 UTC
    assert session.module_ids == ["intro-peer-support", "own-story"]
    page = client.get(f"/cohorts/{hold['cohort'].id}").get_data(as_text=True)
    assert "Lokale 2" in page and "09:00–12:00" in page


def test_edit_and_delete_session(client, login, hold):
    session = _session(hold["cohort"], -3)
    login(make_user("coordinator"))
    assert client.get(f"/sessions/{session.id}/edit").status_code == 200
    response = client.post(f"/sessions/{session.id}/edit", data={"day": "2027-01-05", "starts": "10:00",
                                                                 "ends": "13:00", "place": "Aulaen"})
    assert response.status_code == 302
    db.session.expire_all()
    assert session.place == "Aulaen" and session.module_ids == []
    assert client.post(f"/sessions/{session.id}/delete").status_code == 302
    assert db.session.scalar(select(ClassSession)) is None


@pytest.mark.parametrize("who, status", [("teacher", 200), ("coordinator", 200), ("learner", 403),
                                         ("other_teacher", 403)])
def test_who_registers_attendance(client, login, hold, who, status):
    session = _session(hold["cohort"], 1)
    users = {"teacher": hold["teacher"], "learner": hold["learner"], "coordinator": make_user("coordinator"),
             "other_teacher": make_user("instructor")}
    login(users[who])
    assert client.get(f"/sessions/{session.id}/attendance").status_code == status
    response = client.post(f"/sessions/{session.id}/attendance", data={f"learner_{hold['learner'].id}": "present"})
    assert response.status_code == (302 if status == 200 else 403)


def test_attendance_form_and_bad_values(client, login, hold):
    session = _session(hold["cohort"], 1)
    login(hold["teacher"])
    learner_field = f"learner_{hold['learner'].id}"
    assert client.post(f"/sessions/{session.id}/attendance", data={learner_field: "asleep"}).status_code == 422
    client.post(f"/sessions/{session.id}/attendance", data={learner_field: "excused"})
    assert schedule.attendance_for(session.id) == {hold["learner"].id: "excused"}
    client.post(f"/sessions/{session.id}/attendance", data={learner_field: ""})
    assert schedule.attendance_for(session.id) == {}


def test_attendance_rate_with_excused_pause_and_future(app, hold):
    learner, cohort, enrolment = hold["learner"], hold["cohort"], hold["enrolment"]
    others = make_user("learner")
    enrol(cohort, [others.id])
    allowed = {learner.id, others.id}
    plan = [(30, "present"), (25, "absent"), (20, "excused"), (15, "absent"), (10, "present"), (5, None)]
    for days_ago, status in plan:
        session = _session(cohort, days_ago)
        if status:
            schedule.register_attendance(session, {learner.id: status}, hold["teacher"].id, allowed)
    future = _session(cohort, -5)
    schedule.register_attendance(future, {learner.id: "absent"}, hold["teacher"].id, allowed)
    db.session.commit()
    # present 2, absent 2, excused not counted, unregistered not counted, future not counted
    assert schedule.attendance_rates([learner.id])[learner.id] == schedule.AttendanceRate(2, 4)
    # A pause from 17 to 12 days ago covers the absence 15 days ago: it no longer counts.
    schedule.pause(enrolment, now=utcnow() - timedelta(days=17))
    schedule.resume(enrolment, now=utcnow() - timedelta(days=12))
    db.session.commit()
    rate = schedule.attendance_rates([learner.id, others.id])
    assert rate[learner.id] == schedule.AttendanceRate(2, 3) and rate[learner.id].percent == 66.7
    assert rate[others.id].counted == 0 and rate[others.id].percent is None


def test_exactly_eighty_percent(app, hold):
    learner = hold["learner"]
    for i, status in enumerate(["present"] * 4 + ["absent"]):
        schedule.register_attendance(_session(hold["cohort"], 10 + i), {learner.id: status}, hold["teacher"].id,
                                     {learner.id})
    db.session.commit()
    assert schedule.attendance_rates([learner.id])[learner.id].percent == 80.0


def test_learner_pauses_without_reason_and_resumes(client, login, hold):
    enrolment = hold["enrolment"]
    login(hold["learner"])
    assert client.post(f"/enrolments/{enrolment.id}/pause").status_code == 302
    db.session.expire_all()
    assert enrolment.status == "paused"
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Genoptag" in page or "Resume" in page
    assert client.post(f"/enrolments/{enrolment.id}/resume").status_code == 302
    db.session.expire_all()
    assert enrolment.status == "active" and schedule.open_pause(enrolment.id) is None


def test_pause_moves_the_personal_end_date(app, hold):
    enrolment = hold["enrolment"]
    schedule.pause(enrolment, now=utcnow() - timedelta(days=10))
    schedule.resume(enrolment, now=utcnow())
    assert schedule.personal_end_date(enrolment) == hold["cohort"].ends_on + timedelta(days=10)


def test_only_the_learner_or_a_coordinator_can_pause(client, login, hold):
    enrolment = hold["enrolment"]
    login(make_user("learner"))
    assert client.post(f"/enrolments/{enrolment.id}/pause").status_code == 403
    client.post("/logout")
    login(hold["teacher"])
    assert client.post(f"/enrolments/{enrolment.id}/pause").status_code == 403
    client.post("/logout")
    login(make_user("coordinator"))
    assert client.post(f"/enrolments/{enrolment.id}/pause").status_code == 302
    db.session.expire_all()
    assert enrolment.status == "paused"


def test_resume_in_a_later_cohort_keeps_everything(app, hold):
    from lms.reflections.services import get_submission, submit

    learner, enrolment = hold["learner"], hold["enrolment"]
    submit(learner, "intro-peer-support", "Skrevet før pausen", 0)
    schedule.pause(enrolment, now=utcnow() - timedelta(days=3))
    later = make_cohort(name="Hold Syd")
    enrol(later, [learner.id])
    db.session.commit()
    db.session.expire_all()
    assert enrolment.status == "moved" and schedule.open_pause(enrolment.id) is None
    assert get_submission(learner.id, "intro-peer-support").versions[0].text == "Skrevet før pausen"


def test_calendar_feed(client, login, hold):
    _session(hold["cohort"], -2, place="Kulturhuset")
    _session(hold["cohort"], -9, place="Biblioteket")
    _session(make_cohort(name="Andet hold"), -3, place="Et andet sted")
    login(hold["learner"])
    page = client.get("/schedule").get_data(as_text=True)
    assert "Kulturhuset" in page and "Et andet sted" not in page
    feed_path = page.split('id="feed-url" type="text" readonly value="')[1].split('"')[0].replace("http://lms.test", "")
    client.post("/logout")
    response = client.get(feed_path)  # no login: calendar apps cannot log in
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.data)
    events = calendar.walk("VEVENT")
    assert sorted(str(e["LOCATION"]) for e in events) == ["Biblioteket", "Kulturhuset"]
    assert all("Hold Nord" in str(e["SUMMARY"]) for e in events)
    assert all(e.decoded("DTEND") - e.decoded("DTSTART") == timedelta(hours=3) for e in events)
    login(hold["learner"])
    client.post("/schedule/calendar/reset")
    assert client.get(feed_path).status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_instructor_schedule_shows_taught_cohorts(client, login, hold):
    _session(hold["cohort"], -1, place="Undervisningslokalet")
    login(hold["teacher"])
    assert "Undervisningslokalet" in client.get("/schedule").get_data(as_text=True)


def test_local_time_conversion_in_summer():
    moment = schedule.local_to_utc(date(2027, 7, 1), time(9, 0))
    assert moment.hour == 7  # CEST is UTC+2
