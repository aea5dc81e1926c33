"""Bar charts drawn on the server as inline SVG: no script, no library, no external file.

Each chart has a <title> and a <desc>, and the page shows a table with the same numbers beside it. Colours and
type come from classes styled in static/css/evaluation.css (no style attributes: the CSP forbids inline styles).
"""
import math
from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import gettext as _
from markupsafe import Markup, escape

WIDTH, LABEL_WIDTH, BAR_X, BAR_WIDTH = 640, 232, 240, 300
BAR, GAP, LEGEND, AXIS = 18, 14, 26, 26
MAX_LABEL = 30


@dataclass(frozen=True)
class Series:
    name: str
    values: list  # one per category: a number, or None for no bar
    notes: list  # one per category: the text at the end of the bar ("3,5", "fewer than 5 — not shown")


def number(value, places: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, int):  # a count of people or answers
        return format_decimal(value, format="#,##0")
    return format_decimal(round(float(value), places), format="#,##0.0" if places else "#,##0")


def scale(largest: float) -> tuple[float, int]:
    """A round full scale for the largest value, and how many ticks divide it evenly: 130 -> (200, 4)."""
    if largest <= 0:
        return 1, 4
    step = 10 ** math.floor(math.log10(largest))
    for factor, ticks in ((1, 5), (2, 4), (4, 4), (5, 5), (10, 5)):
        if largest <= factor * step:
            return factor * step, ticks
    return 10 * step, 5


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[:MAX_LABEL - 1].rstrip() + "…"


def _text(x: float, y: float, text: str, css: str, anchor: str = "start") -> str:
    return (f'<text x="{x:.0f}" y="{y:.0f}" class="{css}" text-anchor="{anchor}" dominant-baseline="middle">'
            f'{escape(text)}</text>')


def bar_chart(chart_id: str, title: str, description: str, categories: list[str], series: list[Series],
              maximum: float, ticks: int = 4) -> Markup:
    """Horizontal bars, one block per category and one bar per series in it; `maximum` is the full scale."""
    maximum = maximum or 1
    top = LEGEND * len(series) if len(series) > 1 else 6
    block = len(series) * BAR + GAP
    height = top + len(categories) * block + AXIS
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" class="chart" role="img" '
             f'aria-labelledby="{chart_id}-title {chart_id}-desc" id="{chart_id}">',
             f'<title id="{chart_id}-title">{escape(title)}</title>',
             f'<desc id="{chart_id}-desc">{escape(description)}</desc>']
    if len(series) > 1:  # the legend: one line per series, above the bars
        for i, s in enumerate(series):
            y = 6 + i * LEGEND
            parts.append(f'<rect x="{BAR_X}" y="{y}" width="12" height="12" class="chart-bar chart-series-{i}"/>')
            parts.append(_text(BAR_X + 18, y + 6, s.name, "chart-legend"))
    bottom = top + len(categories) * block
    for t in range(ticks + 1):
        x = BAR_X + BAR_WIDTH * t / ticks
        parts.append(f'<line x1="{x:.0f}" y1="{top}" x2="{x:.0f}" y2="{bottom}" class="chart-grid"/>')
        places = 0 if float(maximum / ticks).is_integer() or maximum >= 10 else 1
        parts.append(_text(x, bottom + AXIS / 2, number(maximum * t / ticks, places), "chart-tick", "middle"))
    for c, category in enumerate(categories):
        y0 = top + c * block + GAP / 2
        parts.append(f'<g><title>{escape(category)}</title>'
                     f'{_text(LABEL_WIDTH, y0 + len(series) * BAR / 2, _short(category), "chart-label", "end")}</g>')
        for i, s in enumerate(series):
            y = y0 + i * BAR
            value = s.values[c]
            width = 0 if value is None else max(0.0, min(1.0, float(value) / maximum)) * BAR_WIDTH
            if width:
                parts.append(f'<rect x="{BAR_X}" y="{y + 2:.0f}" width="{width:.1f}" height="{BAR - 4}" '
                             f'class="chart-bar chart-series-{i}"/>')
            parts.append(_text(BAR_X + width + 6, y + BAR / 2, s.notes[c], "chart-value"))
    parts.append("</svg>")
    return Markup("".join(parts))


def note(cell, unit: str = "") -> str:
    """The text for a report cell: the number, or why there is none."""
    if cell is None or cell.hidden:
        return _("fewer than 5 — not shown")
    if cell.value is None:
        return _("no data")
    return f"{number(cell.value)}{unit}"


def cell_series(name: str, cells: list, unit: str = "") -> Series:
    return Series(name, [None if c is None or c.hidden else c.value for c in cells], [note(c, unit) for c in cells])


# --- The charts of the pages ----------------------------------------------------------------------------------

def own_chart(questions, compared: dict, kind_labels: dict, locale: str) -> Markup | None:
    """The learner's own start-versus-end picture (and renewal, when answered), on the 1-5 scale."""
    kinds = [k for k in ("start", "end", "renewal") if k in compared]
    if not kinds:
        return None
    series = []
    for kind in kinds:
        values = [compared[kind].value(q.id) for q in questions]
        series.append(Series(str(kind_labels[kind]), values,
                             [_("no answer") if v is None else str(v) for v in values]))
    return bar_chart("own-chart", _("Your self-assessment"),
                     _("Your answers on a scale from 1 to 5 for each question, at %(kinds)s. A question you skipped "
                       "has no bar.", kinds=", ".join(s.name for s in series)),
                     [q.title(locale) for q in questions], series, 5, ticks=5)


def report_charts(report, labels: dict, locale: str) -> dict:
    """Every chart of a programme report, drawn from the same cells as its tables."""
    rows, names = report.rows, [row.label for row in report.rows]

    def cells(key):
        return [row.cells[key] for row in rows]

    def largest(*keys):
        return scale(max([c.value for k in keys for c in cells(k) if c.value is not None and not c.hidden] or [1]))

    charts = {
        "outcomes": bar_chart("chart-outcomes", _("Completion and certification"),
                              _("Share of the people in each group who completed the course and who hold a "
                                "certificate, in per cent."), names,
                              [cell_series(_("Completed the course"), cells("completion_rate"), " %"),
                               cell_series(_("Hold a certificate"), cells("certification_rate"), " %")], 100),
        "attendance": bar_chart("chart-attendance", str(labels["attendance"]),
                                _("Share of registered class sessions attended, in per cent, per group."), names,
                                [cell_series(str(labels["attendance"]), cells("attendance"), " %")], 100),
        "hours": bar_chart("chart-hours", _("Practice and supervision"),
                           _("Confirmed hours of practice and of supervision per person, on average, per group."),
                           names, [cell_series(_("Practice hours"), cells("practice_hours")),
                                   cell_series(_("Supervision hours"), cells("supervision_hours"))],
                           *largest("practice_hours", "supervision_hours")),
        "time": bar_chart("chart-time", str(labels["time_to_certificate"]),
                          _("Median number of days from enrolment to certificate, per group."), names,
                          [cell_series(str(labels["time_to_certificate"]), cells("time_to_certificate"))],
                          *largest("time_to_certificate")),
    }
    questions = report.questions
    charts["assessment"] = [bar_chart(
        f"chart-sa-{i}", _("Self-assessment: %(group)s", group=row.label),
        _("Mean answer on the scale from 1 to 5 at the start and at the end of the course, per question."),
        [q.title(locale) for q in questions],
        [cell_series(str(labels["start"]), [row.cells[f"sa:{q.id}:start"] for q in questions]),
         cell_series(str(labels["end"]), [row.cells[f"sa:{q.id}:end"] for q in questions])], 5, ticks=5)
        for i, row in enumerate(rows)]
    charts["course"] = [bar_chart(
        f"chart-course-{i}", _("Course evaluation: %(group)s", group=row.label),
        _("Mean answer on the scale from 1 (strongly disagree) to 5 (strongly agree), per statement."),
        [q.title(locale) for q in report.course_questions],
        [cell_series(_("Mean"), [row.cells[f"course:{q.id}"] for q in report.course_questions])], 5, ticks=5)
        for i, row in enumerate(rows)] if report.course else []
    return charts
