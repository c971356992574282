"""The one CSV dialect of every export: semicolons, UTF-8 with BOM, formulas neutralised."""

import csv
import datetime
import io
import zoneinfo

from django.http import StreamingHttpResponse

from common.csv import csv_cell, csv_response


def _read(response) -> list[list[str]]:
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_rows_are_semicolon_separated_utf8_with_bom_and_streamed():
    rows = iter([["Namn", "Antal"], ["Åsa; Öberg", 3], ["Bo", 0]])
    response = csv_response(rows, filename="lista.csv")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="lista.csv"'
    raw = response.getvalue()
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
    assert _read(csv_response([["a", "b"], ["Åsa; Öberg", 3]], filename="x.csv")) == [
        ["a", "b"],
        ["Åsa; Öberg", "3"],
    ]


def test_cells_that_a_spreadsheet_would_run_get_an_apostrophe():
    for text in ("=1+1", "+46", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(text) == "'" + text
    assert csv_cell("Kurator") == "Kurator"
    assert csv_cell(-3) == "-3"  # numbers stay numbers
    assert csv_cell(None) == ""


def test_dates_are_iso_and_times_local():
    assert csv_cell(datetime.date(2026, 3, 9)) == "2026-03-09"
    moment = datetime.datetime(2026, 6, 1, 10, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert csv_cell(moment) == "2026-06-01 12:30"  # Europe/Stockholm, summer time
