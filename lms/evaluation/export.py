"""The programme report as CSV: the same numbers as the page, one per line, with a header row.

UTF-8 with a byte-order mark, so spreadsheet programs read æ, ø and å correctly. Numbers use a decimal point;
a hidden number is left empty with the reason in the last column. Free text is never exported.
"""
import csv
import io

from flask_babel import gettext as _

from .charts import note
from .measures import KINDS, LABELS, Report
from .reports import MEASURES


def _safe(text: str) -> str:
    """Cohort and organisation names are typed by people: never let a spreadsheet run one as a formula."""
    text = str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _line(grouping: str, group: str, measure: str, question: str, cell) -> list:
    shown = cell is not None and not cell.hidden and cell.value is not None
    return [_safe(grouping), _safe(group), _safe(measure), _safe(question), cell.value if shown else "",
            cell.n if cell is not None and not cell.hidden else "", "" if shown else note(cell)]


def report_csv(report: Report, grouping_label: str, locale: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("Grouping"), _("Group"), _("Measure"), _("Question"), _("Value"), _("Based on (n)"),
                     _("Note")])
    for row in [*report.rows, *([report.total] if report.total else [])]:
        for key in ("people", *MEASURES):
            writer.writerow(_line(grouping_label, row.label, str(LABELS[key]), "", row.cells[key]))
        for question in report.questions:
            for kind in KINDS:
                writer.writerow(_line(grouping_label, row.label, _("Self-assessment: %(kind)s", kind=LABELS[kind]),
                                      question.title(locale), row.cells[f"sa:{question.id}:{kind}"]))
        if report.course:
            writer.writerow(_line(grouping_label, row.label, _("Course evaluation: %(what)s",
                                                                what=LABELS["respondents"]), "", row.respondents))
            for question in report.course_questions:
                writer.writerow(_line(grouping_label, row.label, _("Course evaluation: %(what)s", what=_("Mean")),
                                      question.title(locale), row.cells[f"course:{question.id}"]))
    return "\ufeff" + out.getvalue()
