"""The written-work cycle from the learner's side: drafts, submission, versions, conflicts, nothing lost."""
import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.reflections import services
from lms.reflections.models import Submission, SubmissionVersion

from .factories import make_cohort, make_user

MODULE = "intro-peer-support"
URL = f"/modules/{MODULE}/reflection"


@pytest.fixture
def learner():
    return make_user("learner", track="paid")


@pytest.fixture
def instructor(learner):
    teacher = make_user("instructor")
    make_cohort(instructors=[teacher], learners=[learner])
    return teacher


def _submission(learner) -> Submission:
    db.session.expire_all()
    return db.session.scalar(select(Submission).where(Submission.learner_id == learner.id))


def test_save_draft_then_submit(client, login, learner, instructor, outbox):
    login(learner)
    assert "Ikke påbegyndt" in client.get(URL).get_data(as_text=True)
    response = client.post(URL, data={"text": "Første udkast", "revision": 0, "action": "save"})
    assert response.status_code == 302
    submission = _submission(learner)
    assert (submission.status, submission.draft_text, submission.draft_revision) == ("draft", "Første udkast", 1)
    response = client.post(URL, data={"text": "Min refleksion om **håb**", "revision": 1, "action": "submit"})
    assert response.status_code == 302
    submission = _submission(learner)
    assert submission.status == "submitted" and [v.text for v in submission.versions] == [
        "Min refleksion om **håb**"]
    page = client.get(URL).get_data(as_text=True)
    assert "venter på feedback" in page and "<strong>håb</strong>" in page
    assert any(instructor.email in mail for mail in outbox())
    assert not any("Min refleksion" in mail for mail in outbox())  # no private text in mails


def test_preview_renders_safely_without_saving(client, login, learner):
    login(learner)
    response = client.post(URL, data={"text": "**fed** <script>alert(1)</script>", "revision": 0,
                                      "action": "preview"})
    page = response.get_data(as_text=True)
    assert "<strong>fed</strong>" in page and "<script>alert" not in page
    assert _submission(learner) is None


def test_empty_submission_is_refused_with_message(client, login, learner):
    login(learner)
    response = client.post(URL, data={"text": "   ", "revision": 0, "action": "submit"})
    assert response.status_code == 422
    assert "Skriv din refleksion, før du afleverer den" in response.get_data(as_text=True)
    assert _submission(learner) is None


def test_too_long_text_is_refused_and_kept(client, login, learner):
    login(learner)
    text = "æøå " * 12_501  # 50,004 characters
    response = client.post(URL, data={"text": text, "revision": 0, "action": "save"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "grænsen er 50000" in page.replace(".", "").replace(",", "")
    assert text.strip() in page
    assert 'aria-describedby="text-hint text-error"' in page
    assert _submission(learner) is None


def test_submitted_text_cannot_be_edited(client, login, learner):
    services.submit(learner, MODULE, "Afleveret", 0)
    db.session.commit()
    login(learner)
    response = client.post(URL, data={"text": "Ændret bagefter", "revision": 1, "action": "save"})
    assert response.status_code == 422
    assert "kan ikke ændres nu" in response.get_data(as_text=True)
    assert "Ændret bagefter" in response.get_data(as_text=True)  # shown back, not silently dropped
    assert _submission(learner).draft_text == "Afleveret"


def test_a_version_is_never_rewritten(app, learner):
    version = services.submit(learner, MODULE, "Original", 0)
    db.session.commit()
    version.text = "Forfalsket"
    with pytest.raises(ValueError):
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(select(SubmissionVersion.text)) == "Original"


def test_two_tabs_conflict_shows_both_texts_and_overwrites_nothing(client, login, learner):
    login(learner)
    client.post(URL, data={"text": "Fra fane A", "revision": 0, "action": "save"})
    client.post(URL, data={"text": "Fra fane A, udvidet", "revision": 1, "action": "save"})
    response = client.post(URL, data={"text": "Fra fane B", "revision": 1, "action": "save"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Fra fane B" in page and "Fra fane A, udvidet" in page
    assert 'id="revision" name="revision" type="hidden" value="2"' in page
    assert _submission(learner).draft_text == "Fra fane A, udvidet"
    # After seeing both, the learner's deliberate save goes through.
    assert client.post(URL, data={"text": "Samlet tekst", "revision": 2, "action": "save"}).status_code == 302
    assert _submission(learner).draft_text == "Samlet tekst"


def test_autosave(client, login, learner):
    login(learner)
    response = client.post(f"{URL}/autosave", data={"text": "Skriver løbende", "revision": 0})
    assert response.status_code == 200 and response.get_json()["revision"] == 1
    response = client.post(f"{URL}/autosave", data={"text": "Mere tekst", "revision": 1})
    assert response.get_json()["revision"] == 2
    stale = client.post(f"{URL}/autosave", data={"text": "Gammel fane", "revision": 1})
    assert stale.status_code == 409 and "error" in stale.get_json()
    assert _submission(learner).draft_text == "Mere tekst"
    too_long = client.post(f"{URL}/autosave", data={"text": "x" * 50_001, "revision": 2})
    assert too_long.status_code == 422


def test_expired_session_keeps_text_and_saves_after_login(client, login, learner):
    text = "Jeg skrev længe, og så udløb sessionen."
    response = client.post(URL, data={"text": text, "revision": 0, "action": "save"})  # not logged in
    page = response.get_data(as_text=True)
    assert response.status_code == 401 and text in page
    response = client.post(f"{URL}/relogin", data={"email": learner.email, "password": "wrong password!",
                                                   "text": text, "revision": 0})
    assert response.status_code == 422 and text in response.get_data(as_text=True)
    response = client.post(f"{URL}/relogin", data={"email": learner.email, "password": "correct horse battery",
                                                   "text": text, "revision": 0})
    assert response.status_code == 302
    assert _submission(learner).draft_text == text


def test_stale_form_token_keeps_the_text(app, learner, tmp_path):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    token = login_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert client.post("/login", data={"email": learner.email, "password": "correct horse battery",
                                       "csrf_token": token}).status_code == 302
    text = "Tekst skrevet i en gammel fane"
    response = client.post(URL, data={"text": text, "revision": 0, "action": "save", "csrf_token": "stale"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and text in page and "Tryk på Gem igen" in page
    with client.session_transaction() as session:  # the session itself expired: the login form keeps the text
        session.clear()
    response = client.post(URL, data={"text": text, "revision": 0, "action": "save", "csrf_token": "stale"})
    assert response.status_code == 401 and text in response.get_data(as_text=True)


def test_learner_of_another_track_cannot_write(client, login):
    login(make_user("learner", track="colleague"))
    assert client.get("/modules/bridge-regional/reflection").status_code == 403
    assert client.post("/modules/bridge-regional/reflection", data={"text": "x", "revision": 0}).status_code == 403


def test_dashboard_and_module_page_show_status(client, login, learner):
    services.submit(learner, MODULE, "Tekst", 0)
    db.session.commit()
    login(learner)
    assert "Afleveret" in client.get("/dashboard").get_data(as_text=True)
    assert "Afleveret" in client.get(f"/modules/{MODULE}").get_data(as_text=True)


def test_history_and_diff_between_versions(client, login, learner, instructor):
    from lms.grading.services import save_feedback

    services.submit(learner, MODULE, "Jeg lytter godt.", 0)
    submission = _submission(learner)
    save_feedback(instructor, submission, decision="revision_requested", text="Giv et eksempel.", marks={},
                  criteria_count=0, release=True)
    services.submit(learner, MODULE, "Jeg lytter rigtig godt, fx i går.", submission.draft_revision)
    db.session.commit()
    login(learner)
    page = client.get(URL).get_data(as_text=True)
    assert "Version 1" in page and "Version 2" in page
    assert "<ins>rigtig" in page and "<del>godt.</del>" in page
    assert "Giv et eksempel." in page
    assert _submission(learner).status == "resubmitted"


def test_dashboard_query_count_does_not_grow_with_submissions(client, login, learner, count_queries):
    login(learner)
    client.get("/dashboard")
    with count_queries() as few:
        client.get("/dashboard")
    for module_id in ("intro-peer-support", "experiential-competence", "own-story", "stages-of-change"):
        services.submit(learner, module_id, "Tekst", 0)
    db.session.commit()
    with count_queries() as many:
        client.get("/dashboard")
    assert few() == many()


def test_autosave_after_logout_answers_401_not_a_login_page(client):
    response = client.post(f"{URL}/autosave", data={"text": "x", "revision": 0},
                           headers={"X-Requested-With": "fetch"})
    assert response.status_code == 401 and "error" in response.get_json()


def test_approved_reflection_is_final(client, login, learner, instructor):
    from lms.grading.services import save_feedback

    services.submit(learner, MODULE, "Færdig", 0)
    save_feedback(instructor, _submission(learner), decision="approved", text="", marks={}, criteria_count=0,
                  release=True)
    db.session.commit()
    with pytest.raises(services.ReflectionError):
        services.save_draft(learner, MODULE, "Ny tekst", _submission(learner).draft_revision)
    with pytest.raises(services.ReflectionError):
        services.submit(learner, MODULE, "Ny tekst", _submission(learner).draft_revision)
    db.session.rollback()
    login(learner)
    assert "godkendt" in client.get(URL).get_data(as_text=True).lower()
