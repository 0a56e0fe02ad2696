"""Django's Redis cache, except that a Redis which does not answer is a cache miss, not a 500.

Nothing the product keeps in Redis is the only copy: pages and scorecards are computed again
(reports.cache), sessions are read from the database (the cached_db engine). So while Redis is
down or restarting, every page is still served, slower, and each failure is logged; /healthz
asks Redis itself (`ping`) and reports it failing."""

import logging

import redis
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

logger = logging.getLogger("thurrock_kpi.cache")


def _missed(operation: str):
    logger.warning("Redis did not answer a %s: carrying on without the cache", operation, exc_info=True)


class RedisCache(DjangoRedisCache):
    def ping(self) -> bool:
        """Redis itself, errors and all: for the health check."""
        return self._cache.get_client().ping()

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except redis.RedisError:
            _missed("get")
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except redis.RedisError:
            _missed("get_many")
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except redis.RedisError:
            _missed("has_key")
            return False


def _forgiving_write(name: str, fallback):
    method = getattr(DjangoRedisCache, name)

    def write(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except redis.RedisError:
            _missed(name)
            return fallback(*args)

    write.__name__ = write.__qualname__ = name
    write.__doc__ = f"Django's {name}; nothing is kept when Redis does not answer."
    return write


# What each write answers when Redis did not take it: nothing added, touched or deleted; every
# key of a set_many not set (Django's answer is the keys that failed).
for _name, _fallback in (("add", lambda *a: False), ("set", lambda *a: None), ("touch", lambda *a: False),
                         ("delete", lambda *a: False), ("set_many", lambda data, *a: list(data)),
                         ("delete_many", lambda *a: None)):
    setattr(RedisCache, _name, _forgiving_write(_name, _fallback))
