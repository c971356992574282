"""The one CSV dialect of every export, streamed and safe to open in a spreadsheet.

Swedish spreadsheet users open downloads by double-clicking them. Swedish Excel
uses the comma as decimal separator, so it splits lines on semicolons, and it
reads a file as UTF-8 only when the file starts with a byte order mark. So every
export is: semicolon-separated, UTF-8 with BOM, CRLF line ends, quotes only
where needed. A cell that a spreadsheet would run as a formula (it starts with
=, +, -, @, a tab or a carriage return) gets a leading apostrophe, so a name
such as `=HYPERLINK(...)` is shown as text and never evaluated (OWASP "CSV
injection"). Dates are ISO 8601 and times local, minute precision.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from django.utils import timezone

BOM = "\ufeff"
CONTENT_TYPE = "text/csv; charset=utf-8"
# Cells starting with these are formulas (or become them) in a spreadsheet program.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class SpreadsheetDialect(csv.Dialect):
    """Semicolon-separated, as Swedish spreadsheet programs expect."""

    delimiter = ";"
    quotechar = '"'
    doublequote = True
    skipinitialspace = False
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL


def csv_cell(value) -> str:
    """One cell as text: None empty, dates ISO, times local, formulas neutralised.

    Integers are written as they are (a figure of -1 does not exist; counts
    are never negative), so spreadsheets still read them as numbers.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable]) -> Iterator[str]:
    """The encoded lines of `rows` (the first is the header), BOM first, one at a time."""
    writer = csv.writer(_Echo(), dialect=SpreadsheetDialect)
    yield BOM
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_response(rows: Iterable[Iterable], *, filename: str) -> StreamingHttpResponse:
    """A download of `rows` (header first) in the one dialect, streamed row by row.

    `rows` may be a generator: nothing is held in memory, however many rows.
    """
    response = StreamingHttpResponse(csv_lines(rows), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
