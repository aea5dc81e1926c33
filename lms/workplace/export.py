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

from .facts import PROGRESS_ITEMS, Row

LOCAL = ZoneInfo("Europe/Copenhagen")


def _number(value) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    return float(value) if isinstance(value, Decimal) else value


def _valid_until(row: Row) -> date | None:
    return row.certificate.expires_at.astimezone(LOCAL).date() if row.certificate else None


HEADERS = (_l("Name"), _l("Organisation"), _l("Track"), _l("Cohort"), _l("Status"),
           _l("Attendance (%)"), _l("Attendance required (%)"), _l("Modules approved"), _l("Modules required"),
           _l("Practice hours confirmed"), _l("Practice hours required"), _l("Supervision sessions confirmed"),
           _l("Supervision sessions required"), _l("Certificate"), _l("Valid until"))


def row_values(labels: dict) -> Callable[[Row], list]:
    """The values of one row, in the order of HEADERS. `labels` translates tracks, statuses and certificate states
    (translated once for the whole file, not once per row). One function per row rather than one per cell: an
    export of ten thousand people has 150,000 cells."""
    tracks, statuses, certificates = ({key: str(text) for key, text in labels[kind].items()}
                                      for kind in ("tracks", "statuses", "certificates"))

    def values(row: Row) -> list:
        person = row.person
        items = {item.key: item for item in row.checklist.items} if row.checklist else {}
        out = [person.name, person.organisation, tracks.get(person.track, person.track or ""), person.cohort or "",
               statuses[person.status]]
        for key in PROGRESS_ITEMS:
            item = items.get(key)
            out += (None, None) if item is None else (_number(item.actual), _number(item.required))
        out += (certificates[row.certificate_state], _valid_until(row))
        return out

    return values


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
    values = row_values(labels)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([str(header) for header in HEADERS])
    yield ("\ufeff" + buffer.getvalue()).encode()
    buffer.seek(0), buffer.truncate()
    for n, row in enumerate(rows, 1):
        writer.writerow([_plain(value) for value in values(row)])
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

    values = row_values(labels)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header = []
    for text in HEADERS:
        cell = WriteOnlyCell(sheet, value=str(text))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append(values(row))
    target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (send_file closes it when sent)
    workbook.save(target)
    target.seek(0)
    return target
