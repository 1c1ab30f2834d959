"""Logging helpers: every record carries the request id."""

import logging

from huntaze.core.requestid import request_id_get


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_get() or "-"
        return True
