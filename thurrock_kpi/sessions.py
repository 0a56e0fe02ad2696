"""Sessions end after SESSION_COOKIE_AGE without a request, not after that long from signing in.

Django's SESSION_SAVE_EVERY_REQUEST would do it, but it writes the session on every request and
turns a database that cannot take that write (read-only after a failover, or down) into a 400 or
a 500 on pages that only read, where thurrock_kpi/middleware.py promises they keep working or
answer 503. So: the session is saved again (its expiry pushed on) when a twentieth of its age has
passed since it last was (6 minutes of a 2-hour session), and if that save fails, only the
extending is lost: the page the person asked for is still theirs. A save the view asked for (a
log-in, a log-out) is Django's own, untouched."""

import time

from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.db import DatabaseError

REFRESHED_AT = "_refreshed_at"  # when the session was last saved, seconds since the epoch


class SessionMiddleware(DjangoSessionMiddleware):
    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if session is None or session.modified or not self.refresh_due(request):
            return super().process_response(request, response)
        session[REFRESHED_AT] = int(time.time())  # marks it modified: Django saves it, with a new expiry
        try:
            return super().process_response(request, response)
        except (DatabaseError, SessionInterrupted):
            return response  # saved before setting its cookie: the response is as the view left it

    def refresh_due(self, request) -> bool:
        session = request.session
        if session.is_empty():  # a visitor never signed in has no session to keep alive
            return False
        try:
            refreshed_at = session.get(REFRESHED_AT, 0)
        except DatabaseError:  # the session cannot even be read: nothing to extend
            return False
        if session.is_empty():  # its cookie named a session that has ended: never start another here
            return False
        return time.time() - refreshed_at >= session.get_expiry_age() / 20
