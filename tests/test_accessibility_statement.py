"""The accessibility statement (/accessibility): public, linked from every page's footer, and saying what the
Danish model asks for: compliance status, what is not accessible, how and when it was tested, whom to write to,
and where to complain."""
import re

from babel.dates import format_date
from flask_babel import force_locale
from flask_babel import gettext as _

from lms.accessibility import COMPLAINT_URL, TESTED_ON
from lms.certification import services
from lms.extensions import db

from .factories import make_user
from .test_certification import make_ready


def _main(page: str) -> str:
    return re.search(r"<main.*?</main>", page, re.S).group(0)


def _footer(page: str) -> str:
    return re.search(r'<footer class="site-footer">.*?</footer>', page, re.S).group(0)


def test_statement_is_public_and_complete_in_english(client):
    response = client.get("/accessibility", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="en">' in page and "<h1>Accessibility statement</h1>" in page
    main = " ".join(_main(page).split())
    assert "partially compliant with the Web Content Accessibility Guidelines (WCAG) 2.1, level AA" in main
    assert "It is not a tagged PDF" in main and "the public verification page" in main
    # How and when it was tested.
    assert f"prepared on {format_date(TESTED_ON, 'long', locale='en')}" in main
    assert "axe-core against WCAG 2.0 and 2.1, levels A and AA, in the Chromium browser" in main
    assert "in Danish and in English" in main
    assert "Tab, Shift+Tab, Enter and Space and no mouse" in main and "never trapped" in main
    assert "360 CSS pixels" in main and "200 % zoom" in main
    assert "not yet been tested by people who use screen readers" in main
    # Feedback, and the complaint route to the supervisory authority.
    assert '<a href="mailto:tilgaengelighed@peer-lms.local">tilgaengelighed@peer-lms.local</a>' in main
    assert "Danish Agency for Digital Government (Digitaliseringsstyrelsen)" in main
    assert f'<a href="{COMPLAINT_URL}" hreflang="da">' in main


def test_statement_is_danish_by_default_with_a_danish_date(client):
    page = client.get("/accessibility").get_data(as_text=True)
    assert '<html lang="da">' in page
    with force_locale("da"):
        assert f"<h1>{_('Accessibility statement')}</h1>" in page
    main = " ".join(_main(page).split())
    assert format_date(TESTED_ON, "long", locale="da") in main  # e.g. 23. november 2026
    for term in ("axe-core", "(WCAG) 2.1", "EN 301 549", "Digitaliseringsstyrelsen", "Shift+Tab"):
        assert term in main, term


def test_footer_of_every_kind_of_page_links_to_the_statement(client, login):
    pages = [client.get("/login"), client.get("/verify"), client.get("/no-such-page"), client.get("/accessibility")]
    login(make_user("learner"))
    pages += [client.get("/dashboard"), client.get("/admin/people")]  # a learner's own page, and a refusal
    assert [p.status_code for p in pages] == [200, 200, 404, 200, 200, 403]
    for response in pages:
        footer = _footer(response.get_data(as_text=True))
        assert re.search(r'<a href="/accessibility">[^<]+</a>', footer), footer


def test_contact_comes_from_the_configuration(app, client):
    app.config.update(ACCESSIBILITY_CONTACT="web@kommune.example", ACCESSIBILITY_PHONE="33 66 33 66")
    main = _main(client.get("/accessibility", headers={"Accept-Language": "en"}).get_data(as_text=True))
    assert '<a href="mailto:web@kommune.example">web@kommune.example</a>' in main
    assert "Phone: 33 66 33 66" in main
    assert "peer-lms.local" not in main


def test_what_the_statement_says_about_the_pdf_is_true(client, login):
    """The statement says the certificate PDF is not tagged. When the PDF gets a structure tree, this fails:
    then change the statement (and this test) with it."""
    page = client.get("/accessibility", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "It is not a tagged PDF" in page
    coordinator = make_user("coordinator")
    certificate = services.issue_certificate(make_ready("paid"), coordinator)
    db.session.commit()
    login(coordinator)
    pdf = client.get(f"/certification/certificates/{certificate.id}.pdf").data
    assert pdf.startswith(b"%PDF")
    assert b"/StructTreeRoot" not in pdf and b"/MarkInfo" not in pdf
