"""The benchmarked pages run a fixed number of SQL queries whatever the amount of data (bench/run.py measures them
at national scale; the dashboard, grading queue and overviews have their own tests next to their features)."""
from lms.certification import services as certification
from lms.curriculum import get_curriculum
from lms.extensions import db
from lms.learning.services import set_module_read
from lms.reflections import services as reflections

from .factories import make_user
from .test_certification import make_ready

MODULE = "listening-and-questions"


def _module_ids(track: str) -> list[str]:
    return [m.id for m in get_curriculum().modules_for_track(track)]


def test_module_page_query_count_does_not_grow(client, login, count_queries):
    learner = make_user("learner", track="paid")
    login(learner)
    client.get(f"/modules/{MODULE}")
    with count_queries() as few:
        assert client.get(f"/modules/{MODULE}").status_code == 200
    for module_id in _module_ids("paid"):
        set_module_read(learner.id, module_id, True)
        reflections.submit(learner, module_id, "Min refleksion", 0)
    db.session.commit()
    with count_queries() as many:
        assert client.get(f"/modules/{MODULE}").status_code == 200
    assert few() == many() <= 8, many


def test_staff_module_page_query_count_is_the_same(client, login, count_queries):
    login(make_user("instructor"))
    client.get(f"/modules/{MODULE}")
    with count_queries() as staff:
        assert client.get(f"/modules/{MODULE}").status_code == 200
    assert staff() <= 6, staff


def test_public_verification_query_count_does_not_grow(app, client, count_queries):
    coordinator = make_user("coordinator")
    first = certification.issue_certificate(make_ready("paid", name="Lene Peer"), coordinator)
    db.session.commit()
    url = f"/verify/{first.display_code}"
    client.get(url)
    with count_queries() as one:
        assert client.get(url).status_code == 200
    for track in ("paid", "volunteer", "colleague", "paid"):
        certification.issue_certificate(make_ready(track), coordinator)
    db.session.commit()
    with count_queries() as five:
        assert client.get(url).status_code == 200
    with count_queries() as unknown:
        assert client.get("/verify/AAAA-BBBB-CCCC").status_code == 404
    assert (one(), five(), unknown()) == (1, 1, 1), f"{one!r}\n{five!r}\n{unknown!r}"
