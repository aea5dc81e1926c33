"""The learner's reading path: dashboard, module page, progress; and who sees which module."""
import pytest

from lms.curriculum import get_curriculum
from lms.extensions import db
from lms.learning.services import read_module_ids, set_module_read

from .factories import make_user


def _track_module_ids(track):
    return [m.id for m in get_curriculum().modules_for_track(track)]


@pytest.mark.parametrize("track", ["paid", "volunteer", "colleague"])
def test_dashboard_shows_only_the_learners_track(client, login, track):
    login(make_user("learner", track=track))
    page = client.get("/dashboard").get_data(as_text=True)
    for module in get_curriculum().modules.values():
        link = f'href="/modules/{module.id}"'
        if module.id in _track_module_ids(track):
            assert link in page, module.id
        else:
            assert link not in page, module.id


def test_dashboard_groups_by_theme_with_progress_and_next_step(client, login):
    learner = make_user("learner", track="volunteer")
    first, second = _track_module_ids("volunteer")[:2]
    set_module_read(learner.id, first, True)
    db.session.commit()
    login(learner)
    page = client.get("/dashboard").get_data(as_text=True)
    total = len(_track_module_ids("volunteer"))
    assert f'<progress max="{total}" value="1" aria-labelledby="overall-heading"></progress>' in page
    assert f'<span class="progress-text">1 af {total} moduler læst ({round(100 / total)} %)</span>' in page
    assert "Erfaringskompetencer" in page and "Civilsamfundsmæssige kompetencer" in page
    next_step = page.split('id="next-heading"')[1].split("</section>")[0]
    assert f"/modules/{second}" in next_step


@pytest.mark.parametrize("locale, read_word, unread_word, reflection_word, hours_text", [
    ("da", "Læst", "Ikke læst endnu", "Refleksion", "ca. {hours} timer"),
    ("en", "Read", "Not read yet", "Reflection", "about {hours} hours"),
])
def test_each_module_in_the_list_says_read_reflection_status_and_hours(client, login, locale, read_word,
                                                                      unread_word, reflection_word, hours_text):
    from lms.reflections import services as reflections

    learner = make_user("learner", track="volunteer")
    learner.locale = locale
    first, second = _track_module_ids("volunteer")[:2]
    set_module_read(learner.id, first, True)
    reflections.save_draft(learner, second, "Mine tanker", 0)
    db.session.commit()
    login(learner)
    page = client.get("/dashboard").get_data(as_text=True)
    modules = get_curriculum().modules

    def item(module_id):
        return page.split(f'<li><a href="/modules/{module_id}">')[1].split("</li>")[0]

    read, drafted = item(first), item(second)
    assert read.startswith(f"{modules[first].title(locale)}</a>")
    assert f'<span class="status status-done">{read_word}</span>' in read
    assert f'<span class="status status-open">{unread_word}</span>' in drafted
    assert (f'<a href="/modules/{second}/reflection" class="reflection-link">{reflection_word}'
            f'<span class="visually-hidden">: {modules[second].title(locale)}</span></a>') in drafted
    assert "status-draft" in drafted and "status-draft" not in read
    assert hours_text.format(hours=int(round(modules[second].hours))) in drafted


def test_mark_as_read_and_unread(client, login):
    learner = make_user("learner", track="paid")
    login(learner)
    module_id = _track_module_ids("paid")[0]
    assert client.post(f"/modules/{module_id}/read", data={"read": "1"}).status_code == 302
    assert client.post(f"/modules/{module_id}/read", data={"read": "1"}).status_code == 302  # twice is fine
    assert read_module_ids(learner.id) == {module_id}
    assert "Markér som ikke læst" in client.get(f"/modules/{module_id}").get_data(as_text=True)
    client.post(f"/modules/{module_id}/read", data={"read": "0"})
    assert read_module_ids(learner.id) == set()


def test_module_page_content_note_before_text_and_navigation(client, login):
    login(make_user("learner", track="paid"))
    modules = get_curriculum().modules_for_track("paid")
    with_note = next(m for m in modules if m.content_note)
    page = client.get(f"/modules/{with_note.id}").get_data(as_text=True)
    assert page.index("content-note") < page.index("module-body")
    assert with_note.objectives[0] in page
    index = modules.index(with_note)
    if index > 0:
        assert f'rel="prev" href="/modules/{modules[index - 1].id}"' in page
    if index + 1 < len(modules):
        assert f'rel="next" href="/modules/{modules[index + 1].id}"' in page
    assert "Refleksionsopgave" in page


def test_first_module_has_no_previous(client, login):
    login(make_user("learner", track="colleague"))
    first = _track_module_ids("colleague")[0]
    page = client.get(f"/modules/{first}").get_data(as_text=True)
    assert 'rel="prev"' not in page and 'rel="next"' in page


def test_learner_cannot_open_or_mark_another_tracks_module(client, login):
    login(make_user("learner", track="colleague"))
    other = next(m for m in get_curriculum().modules.values() if "colleague" not in m.track_ids)
    assert client.get(f"/modules/{other.id}").status_code == 403
    assert client.post(f"/modules/{other.id}/read", data={"read": "1"}).status_code == 403


def test_unknown_module_is_404(client, login):
    login(make_user("learner"))
    assert client.get("/modules/no-such-module").status_code == 404


@pytest.mark.parametrize("roles, path, expected", [
    ((), "/dashboard", 302),
    ((), "/curriculum", 302),
    ((), "/modules/intro-peer-support", 302),
    (("learner",), "/curriculum", 403),
    (("learner",), "/admin/people", 403),
    (("instructor",), "/dashboard", 403),
    (("instructor",), "/curriculum", 200),
    (("instructor",), "/modules/bridge-regional", 200),
    (("workplace_contact",), "/curriculum", 200),
    (("workplace_contact",), "/admin/people", 403),
    (("coordinator",), "/curriculum", 200),
    (("coordinator",), "/admin/people", 200),
    (("coordinator",), "/admin/organisations", 200),
    (("coordinator", "learner"), "/dashboard", 200),
])
def test_page_access(client, login, roles, path, expected):
    if roles:
        login(make_user(*roles))
    assert client.get(path).status_code == expected


@pytest.mark.parametrize("roles, target", [
    (("learner",), "/dashboard"), (("coordinator",), "/admin/people"), (("instructor",), "/curriculum"),
    (("workplace_contact",), "/workplace/"),
])
def test_home_sends_each_role_to_its_work(client, login, roles, target):
    login(make_user(*roles))
    assert client.get("/").headers["Location"].endswith(target)


def test_staff_can_read_but_not_mark_modules(client, login):
    login(make_user("instructor"))
    page = client.get("/modules/intro-peer-support").get_data(as_text=True)
    assert "Markér som læst" not in page
    assert client.post("/modules/intro-peer-support/read", data={"read": "1"}).status_code == 403


def test_curriculum_overview_lists_every_module_and_track(client, login):
    login(make_user("coordinator"))
    page = client.get("/curriculum").get_data(as_text=True)
    for module in get_curriculum().modules.values():
        assert f'href="/modules/{module.id}"' in page
    for track in get_curriculum().tracks.values():
        assert track.name["da"] in page


def test_dashboard_query_count_is_fixed(client, login, count_queries):
    learner = make_user("learner", track="paid")
    login(learner)
    client.get("/dashboard")
    with count_queries() as few:
        client.get("/dashboard")
    for module_id in _track_module_ids("paid"):
        set_module_read(learner.id, module_id, True)
    db.session.commit()
    with count_queries() as many:
        client.get("/dashboard")
    assert few() == many() <= 11  # 11: the self-assessment invitation (lms/evaluation) reads its state in one query
