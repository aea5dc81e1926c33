"""The certificate as a PDF, in Danish, made on the server with fpdf2 and its built-in fonts (no system fonts).

Everything printed comes from the certificate's snapshot, so the PDF of an issued certificate never changes
when the rules or the curriculum do. The document is the programme's Danish certificate, so its text is Danish
whatever language the person downloading it uses.
"""
import unicodedata
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal
from fpdf import FPDF

from .models import Certificate
from .status import local_date

ENCODING = "windows-1252"  # the built-in fonts' encoding: covers æ, ø, å and the typographic marks
BRAND = (29, 92, 99)
MUTED = (90, 90, 90)


def printable(text: str) -> str:
    """Text the built-in fonts can show: characters outside the encoding lose their accents, or become '?'."""
    out = []
    for char in str(text):
        try:
            char.encode(ENCODING)
            out.append(char)
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            out.append(plain or "?")
    return "".join(out)


def _date(moment) -> str:
    return format_date(local_date(moment), "long", locale="da")


def _hours(value) -> str:
    return format_decimal(Decimal(str(value)).normalize(), locale="da")


class _Certificate(FPDF):
    def __init__(self, programme: str, verify_url: str):
        super().__init__(format="A4")
        self.core_fonts_encoding = ENCODING
        self.programme, self.verify_url = programme, verify_url
        self.set_auto_page_break(auto=True, margin=22)
        self.set_margins(20, 15, 20)

    def footer(self):
        self.set_y(-16)
        self.set_font("Helvetica", size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, printable(f"{self.programme} · Bekræft beviset på {self.verify_url} · Side {self.page_no()}"),
                  align="C")

    def line_text(self, text: str, size: float = 11, style: str = "", height: float = 6, color=(0, 0, 0)):
        self.set_font("Helvetica", style, size)
        self.set_text_color(*color)
        self.multi_cell(0, height, printable(text), new_x="LMARGIN", new_y="NEXT")


def certificate_pdf(certificate: Certificate, *, programme: str, verify_url: str) -> bytes:
    snapshot = certificate.snapshot
    pdf = _Certificate(programme, verify_url)
    pdf.set_title(printable(f"Kompetencebevis - {certificate.holder_name}"))
    pdf.set_author(printable(programme))
    pdf.add_page()
    pdf.line_text(programme, 12, "B", color=BRAND)
    pdf.ln(2)
    pdf.line_text("Kompetencebevis", 26, "B", 12, BRAND)
    if snapshot.get("kind") == "renewal":
        pdf.line_text("Fornyet bevis", 12, "I", color=MUTED)
    pdf.ln(4)
    pdf.line_text("Dette bevis er udstedt til", 11, color=MUTED)
    pdf.line_text(certificate.holder_name, 20, "B", 10)
    pdf.line_text(f"Spor: {snapshot['track']['name']['da']}", 12)
    pdf.ln(2)
    pdf.line_text(f"Udstedt: {_date(certificate.issued_at)}    Gyldigt til: {_date(certificate.expires_at)}", 11, "B")
    if certificate.revoked_at is not None:
        pdf.line_text(f"Beviset blev tilbagekaldt {_date(certificate.revoked_at)} og er ikke længere gyldigt.",
                      11, "B", color=(160, 0, 0))
    pdf.ln(3)
    pdf.line_text(f"{programme} er en praksisnær uddannelse i peer-støtte i psykiatrien. Beviset dokumenterer, at "
                  "indehaveren har gennemført uddannelsens krav for sit spor, herunder godkendte refleksioner over "
                  "modulerne i de seks kompetencetemaer.", 10, height=5)
    _themes(pdf, snapshot)
    _hours_section(pdf, snapshot)
    pdf.ln(4)
    pdf.line_text("Verifikation", 13, "B", 8, BRAND)
    pdf.line_text(f"Verifikationskode: {certificate.display_code}", 12, "B")
    pdf.line_text(f"Bekræft beviset på: {verify_url}", 10)
    pdf.line_text("Siden viser, om beviset er gyldigt, udløbet eller tilbagekaldt.", 9, color=MUTED)
    return bytes(pdf.output())


def _themes(pdf: _Certificate, snapshot: dict) -> None:
    pdf.ln(3)
    pdf.line_text("De seks kompetencetemaer og gennemførte moduler", 13, "B", 8, BRAND)
    modules = snapshot.get("modules", [])
    for number, theme in enumerate(snapshot.get("themes", []), start=1):
        pdf.line_text(f"{number}. {theme['name']['da']}", 10.5, "B", 5.5)
        done = [m for m in modules if m["theme"] == theme["id"]]
        for module in done:
            pdf.set_x(pdf.l_margin + 5)
            pdf.line_text(f"- {module['title']['da']} ({_hours(module['hours'])} timer)", 9.5, height=4.6)
        if not done:
            pdf.set_x(pdf.l_margin + 5)
            pdf.line_text("Ingen moduler i dette tema på sporet.", 9.5, "I", 4.6, MUTED)


def _hours_section(pdf: _Certificate, snapshot: dict) -> None:
    modules = snapshot.get("modules", [])
    pdf.ln(3)
    pdf.line_text("Timer og aktiviteter", 13, "B", 8, BRAND)
    module_hours = sum(Decimal(str(m["hours"])) for m in modules)
    pdf.line_text(f"Moduler: {len(modules)} moduler, i alt {_hours(module_hours)} timer", 10, height=5)
    pdf.line_text(f"Bekræftet praktik: {_hours(snapshot.get('practice_hours', 0))} timer", 10, height=5)
    pdf.line_text(f"Bekræftet supervision: {snapshot.get('supervision_sessions', 0)} sessioner", 10, height=5)
    attendance = snapshot.get("attendance") or {}
    if attendance.get("counted"):
        percent = Decimal(100 * attendance["present"]) / attendance["counted"]
        pdf.line_text(f"Fremmøde: {_hours(percent.quantize(Decimal('0.1')))} % "
                      f"({attendance['present']} af {attendance['counted']} undervisningsgange)", 10, height=5)
    renewal = {item["key"]: item for item in snapshot.get("renewal") or []}
    if "activity_hours" in renewal:
        pdf.line_text(f"Efteruddannelse siden sidste bevis: {_hours(renewal['activity_hours']['actual'])} timer",
                      10, height=5)
