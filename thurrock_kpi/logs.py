"""Logs as one JSON object a line on stdout, where a container platform or journald collects them
(settings.LOGGING). Each request writes one line: method, path, status, duration and the id of
who asked; an unhandled error writes its traceback in the same form (Django's django.request).

What a line never holds: a username, a password or any form field, and no query-string value.
The query string is logged by its parameter names only ("query": ["section", "year"]): a filter
value is harmless, but `next=` or a search may carry what a person typed, so no value is kept.
Who asked is the user's id, a number the performance team can look up, never the name."""

import json
import logging
import time
from datetime import UTC, datetime

from django.utils.functional import empty

logger = logging.getLogger("thurrock_kpi.requests")

# The extra fields a record may carry into its line (RequestLogMiddleware's, Django's status_code).
FIELDS = ("method", "path", "query", "status", "duration_ms", "user_id", "status_code")


class JsonFormatter(logging.Formatter):
    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update({name: getattr(record, name) for name in FIELDS if hasattr(record, name)})
        request = getattr(record, "request", None)  # Django's django.request records carry it
        if request is not None and hasattr(request, "path") and "path" not in line:
            line.update(method=request.method, path=request.path)
        if record.exc_info:
            line["traceback"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def user_id(request):
    """The signed-in user's id if this request already looked them up, else None. Looking them up
    only to log them would cost a query on every request that never asked (a static file,
    /healthz), and fail with the database it reports on."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:  # Django's lazy user, never read
        return None
    return user.pk


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        status = response.status_code
        level = logging.ERROR if status >= 500 else logging.WARNING if status >= 400 else logging.INFO
        logger.log(level, "%s %s %s", request.method, request.path, status, extra={
            "method": request.method,
            "path": request.path,
            "query": sorted(request.GET.keys()),
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "user_id": user_id(request),
        })
        return response

