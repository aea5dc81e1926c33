"""The certificate in the browser: a coordinator issues it to a learner who meets every requirement, anyone can
verify it with its code on the public page (no login), and after the coordinator revokes it the public page says
so, without the reason. Run with the mouse and with the keyboard alone (the `hands` fixture)."""
import re

import pytest

from .helpers import COORDINATOR, main_menu, see_flash, see_heading
from .world import add_ready_learner

pytestmark = pytest.mark.browser

CODE = r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}"  # as printed on the certificate
REASON = "Udstedt ved en fejl: praktiktimerne var registreret to gange."


def _public_result(page, code: str):
    return page.get_by_role("region", name=f"Resultat for koden {code}")


def test_certificate_is_issued_verified_publicly_and_revoked(lms_server, open_page, new_context, hands):
    from playwright.sync_api import expect

    email, name = add_ready_learner(lms_server, "Maja Klar")
    coordinator = open_page("/admin/people", COORDINATOR)
    hands.press(main_menu(coordinator).get_by_role("link", name="Certificering"))
    see_heading(coordinator, "Certificering")
    ready = coordinator.get_by_role("region", name="Klar til kompetencebevis")
    hands.press(ready.get_by_role("rowheader", name=name).get_by_role("link", name=name))

    see_heading(coordinator, f"Kompetencebevis: {name}")
    expect(coordinator.locator("p.lead .status")).to_have_text("Klar til kompetencebevis")
    checklist = coordinator.get_by_role("region", name="Krav til kompetencebeviset").locator(".checklist > li")
    expect(checklist).to_have_count(5)
    expect(checklist.locator(".status")).to_have_text(["Opfyldt"] * 5)
    hands.press(coordinator.get_by_role("button", name="Udsted kompetencebeviset"))

    flash = coordinator.locator(".flashes .flash")
    expect(flash).to_have_text(re.compile(rf"^Kompetencebeviset er udstedt\. Verifikationskoden er {CODE}\.$"))
    code = re.search(CODE, flash.inner_text()).group(0)
    expect(coordinator.locator("p.lead .status")).to_have_text("Har et gyldigt kompetencebevis")
    row = coordinator.get_by_role("region", name="Kompetencebeviser").get_by_role("row").filter(
        has=coordinator.get_by_role("rowheader", name=code))
    expect(row.locator(".status")).to_have_text("Gyldigt")

    # Anyone with the code: no login, in a browser that asks for Danish.
    public = new_context(locale="da-DK").new_page()
    public.goto(lms_server("/verify"))
    see_heading(public, "Bekræft et kompetencebevis")
    hands.fill(public.get_by_label("Verifikationskode"), code.lower().replace("-", " "))  # typed by hand
    hands.press(public.get_by_role("button", name="Bekræft"))
    result = _public_result(public, code)
    expect(result.locator(".status")).to_have_text("Gyldigt")
    expect(result).to_contain_text("Kompetencebeviset er ægte og gyldigt.")
    expect(result.get_by_role("row").filter(has_text="Navn").get_by_role("cell")).to_have_text(name)
    assert public.url.endswith(f"/verify/{code}")

    # The coordinator revokes it: first without a reason, which is refused and explained at the field.
    revoke = coordinator.get_by_role("region", name=f"Tilbagekald kompetencebevis {code}")
    hands.press(revoke.get_by_role("button", name="Tilbagekald kompetencebeviset"))
    expect(revoke.get_by_role("alert")).to_have_text("Ret venligst de felter, der er markeret nedenfor.")
    reason = revoke.get_by_label("Årsag til tilbagekaldelsen")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(reason).to_have_accessible_description(re.compile("Skriv en årsag til tilbagekaldelsen."))
    hands.fill(reason, REASON)
    hands.press(revoke.get_by_role("button", name="Tilbagekald kompetencebeviset"))
    see_flash(coordinator, "Kompetencebeviset er tilbagekaldt. Det står nu på verifikationssiden og på badget.")
    expect(row.locator(".status")).to_have_text("Tilbagekaldt")
    expect(row).to_contain_text(REASON)  # coordinators and the holder see why
    expect(coordinator.get_by_role("region", name=f"Tilbagekald kompetencebevis {code}")).to_have_count(0)

    public.reload()
    expect(result.locator(".status")).to_have_text("Tilbagekaldt")
    expect(result).to_contain_text("Kompetencebeviset er tilbagekaldt og er ikke gyldigt.")
    expect(public.locator("main")).not_to_contain_text(REASON)  # the public never does
