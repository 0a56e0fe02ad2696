"""GET /healthz, for the load balancer or monitor in front of the app servers: 200 when this
process can query the database and reach Redis (when a cache is configured on it), else 503
naming what failed. Anyone may ask (no log-in; django-axes throttles log-ins only), and the
answer is never cached, so a monitor always sees the present.

The body names each check and, for a failure, only the kind of error ("OperationalError"):
the details, which may hold a host or a user name, go to the log with their traceback."""

import logging

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("thurrock_kpi.health")



def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache(alias):
    def check():
        cache = caches[alias]
        if hasattr(cache, "ping"):  # ours (thurrock_kpi/cache.py) takes a failed GET for a miss
            cache.ping()
        else:
            cache.get("healthz")  # a real round trip: a GET on the Redis server
    return check


def checks() -> dict:
    """What /healthz checks, by the name it reports: the database always, and each cache on Redis."""
    found = {"database": check_database}
    redis = [alias for alias in settings.CACHES if isinstance(caches[alias], RedisCache)]
    for alias in redis:
        found["redis" if alias == "default" else f"redis ({alias})"] = check_cache(alias)
    return found


@never_cache
@require_safe
def healthz(request):
    results = {}
    for name, check in checks().items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:  # whatever the failure, the answer is a 503 naming the check
            logger.error("health check %s failed", name, exc_info=True)
            results[name] = f"failed: {type(error).__name__}"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse({"status": "ok" if healthy else "failing", "checks": results}, status=200 if healthy else 503)
