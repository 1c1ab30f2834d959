"""Streamed CSV downloads of dashboard tables (fans, chatter performance)."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator

from django.http import StreamingHttpResponse

from huntaze.exports.services.exporting import csv_cell


class _Echo:
    """``csv.writer`` target that hands each row back instead of buffering it."""

    def write(self, value: str) -> str:
        return value


def _csv_chunks(rows: Iterator[list[object]], rows_per_chunk: int = 500) -> Iterator[str]:
    """CSV text in chunks, after a byte order mark so spreadsheet apps read UTF-8 (emoji names).

    Cells are written as the account export writes them (``csv_cell``): ISO 8601 times, and fan
    text that a spreadsheet would run as a formula (``=`` ``+`` ``-`` ``@``…) prefixed with ``'``.
    """
    writer = csv.writer(_Echo())
    yield "\ufeff"
    while chunk := list(itertools.islice(rows, rows_per_chunk)):
        yield "".join(writer.writerow([csv_cell(cell) for cell in row]) for row in chunk)


def csv_download(rows: Iterator[list[object]], *, filename: str) -> StreamingHttpResponse:
    """``rows`` (header first) as a streamed CSV attachment named ``filename``."""
    response = StreamingHttpResponse(_csv_chunks(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
