"""The suite's N+1 guard (tests/lazyload.py) catches a relationship lazy-loaded object by object in a request,
and leaves single lazy loads and properly loaded lists alone."""
import pytest
from flask import render_template_string
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms.extensions import db
from lms.reflections import services
from lms.reflections.models import SubmissionVersion

from . import lazyload
from .factories import make_user

MODULES = ("intro-peer-support", "own-story", "experiential-competence")
# A list page that reaches through a lazy="select" relationship (version -> submission) for every row.
PAGE = "{% for v in versions %}{{ v.submission.module_id }} {% endfor %}"


@pytest.fixture
def versions(app):
    learner = make_user("learner", track="paid")
    for module_id in MODULES:
        services.submit(learner, module_id, "Tekst", 0)
    db.session.commit()
    db.session.expunge_all()  # a request starts with an empty session


@pytest.fixture
def page(app):
    """A throwaway route rendering PAGE from `query`, so the guard sees a real request being dispatched."""
    state = {}

    @app.get("/_n_plus_one")
    def n_plus_one():
        return render_template_string(PAGE, versions=db.session.scalars(state["query"]).all())

    def get(query):
        state["query"] = query
        return app.test_client().get("/_n_plus_one")

    return get


def test_a_lazy_load_in_a_loop_fails_the_request_and_the_test(versions, page):
    response = page(select(SubmissionVersion))
    assert response.status_code == 500  # the app's error page; the guard raised inside the request
    assert lazyload.VIOLATIONS == [
        "SubmissionVersion.submission was lazy-loaded for a second object in one request (N+1): load it with "
        "selectinload/joinedload in the query that lists the objects"]
    lazyload.VIOLATIONS.clear()  # expected here; anywhere else the autouse fixture fails the test


def test_loading_the_relationship_with_the_list_passes(versions, page):
    response = page(select(SubmissionVersion).options(selectinload(SubmissionVersion.submission)))
    assert response.status_code == 200 and response.get_data(as_text=True).split() == list(MODULES)
    assert lazyload.VIOLATIONS == []


def test_a_single_lazy_load_is_allowed(versions, page):
    response = page(select(SubmissionVersion).limit(1))
    assert response.status_code == 200 and lazyload.VIOLATIONS == []


def test_test_code_outside_a_request_is_not_watched(versions):
    assert [v.submission.module_id for v in db.session.scalars(select(SubmissionVersion))] == list(MODULES)
    assert lazyload.VIOLATIONS == []
