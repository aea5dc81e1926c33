"""The participation overview as CSV and as an Excel workbook: the screen's columns and filters, every row.

Rows are produced a chunk at a time (overview.participation_rows); the CSV streams as it is written and the
workbook is written in openpyxl's write-only mode to a temporary file, so memory stays flat for any size.
"""
import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

from .facts import Row

LOCAL = ZoneInfo("Europe/Copenhagen")


def _number(value) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    return float(value) if isinstance(value, Decimal) else value


def _item(key: str, part: str) -> Callable[[Row], object]:
    def value(row: Row):
        item = row.item(key)
        if item is None:
            return None
        return _number(item.actual if part == "actual" else item.required)

    return value


def _valid_until(row: Row) -> date | None:
    return row.certificate.expires_at.astimezone(LOCAL).date() if row.certificate else None


def columns(labels: dict) -> list[tuple[str, Callable[[Row], object]]]:
    """(header, value) per column. `labels` translates tracks, statuses and certificate states."""
    # Translated once for the whole file, not once per row.
    labels = {kind: {key: str(text) for key, text in labels[kind].items()}
              for kind in ("statuses", "certificates", "tracks")}
    return [
        (_l("Name"), lambda r: r.person.name),
        (_l("Organisation"), lambda r: r.person.organisation),
        (_l("Track"), lambda r: labels["tracks"].get(r.person.track, r.person.track or "")),
        (_l("Cohort"), lambda r: r.person.cohort or ""),
        (_l("Status"), lambda r: labels["statuses"][r.status]),
        (_l("Attendance (%)"), _item("attendance", "actual")),
        (_l("Attendance required (%)"), _item("attendance", "required")),
        (_l("Modules approved"), _item("modules", "actual")),
        (_l("Modules required"), _item("modules", "required")),
        (_l("Practice hours confirmed"), _item("practice_hours", "actual")),
        (_l("Practice hours required"), _item("practice_hours", "required")),
        (_l("Supervision sessions confirmed"), _item("supervision_sessions", "actual")),
        (_l("Supervision sessions required"), _item("supervision_sessions", "required")),
        (_l("Certificate"), lambda r: labels["certificates"][r.certificate_state]),
        (_l("Valid until"), _valid_until),
    ]


def _plain(value) -> object:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return value


def csv_lines(rows: Iterable[Row], labels: dict, batch: int = 200) -> Iterator[bytes]:
    """UTF-8 with a byte order mark (so spreadsheet programs read æ, ø and å right) and a header row."""
    cols = columns(labels)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([str(header) for header, _ in cols])
    yield ("\ufeff" + buffer.getvalue()).encode()
    buffer.seek(0), buffer.truncate()
    for n, row in enumerate(rows, 1):
        writer.writerow([_plain(value(row)) for _, value in cols])
        if n % batch == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0), buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()


def xlsx_file(rows: Iterable[Row], labels: dict, title: str):
    """A temporary file holding the workbook, positioned at its start (the caller sends and closes it)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cols = columns(labels)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header = []
    for text, _ in cols:
        cell = WriteOnlyCell(sheet, value=str(text))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([value(row) for _, value in cols])
    target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (send_file closes it when sent)
    workbook.save(target)
    target.seek(0)
    return target
