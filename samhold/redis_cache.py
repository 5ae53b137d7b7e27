"""Django's Redis cache backend, made to serve on while the Redis server is down.

Django's RedisCache raises on every call when Redis cannot be reached, so a stopped cache
server would turn every page into a 500. Here a connection failure is logged and the call
answers as a cache miss would (reads find nothing, writes are dropped): pages are built from
the database, slower but whole. For a few seconds after a failure this process does not try
Redis at all, so an outage costs one failed connection per process, not one per cache call.

While Redis was unreachable, changes may have bumped a cache version (samhold.cache) that never
reached it; once it answers again, values cached before the outage could then pass for current.
So the first call after an outage in which this process dropped a write empties the cache
(FLUSHDB: the Redis database named in CACHE_URL must hold Samhold's cache and nothing else).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
# After a failure, seconds this process serves without trying Redis again.
PAUSE_SECONDS = 5.0
# A Redis server that does not answer must not hold a request for long.
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}
        super().__init__(server, {**params, "OPTIONS": options})
        self._paused_until = 0.0
        self._writes_dropped = False

    def _call(self, writes: bool, fallback, method, *args, **kwargs):
        if time.monotonic() < self._paused_until:
            self._writes_dropped |= writes
            return fallback
        try:
            if self._writes_dropped:
                super().clear()
                self._writes_dropped = False
                logger.warning("The cache server answers again; emptied it, as changes made meanwhile missed it.")
            return method(*args, **kwargs)
        except UNREACHABLE as error:
            if self._paused_until == 0.0 or time.monotonic() - self._paused_until > PAUSE_SECONDS:
                logger.warning("The cache server cannot be reached, serving without it: %s", error)
            self._paused_until = time.monotonic() + PAUSE_SECONDS
            self._writes_dropped |= writes
            return fallback

    def reachable(self) -> bool:
        """Whether the cache server answered the last time this process asked it."""
        return time.monotonic() >= self._paused_until

    def get(self, key, default=None, version=None):
        return self._call(False, default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._call(False, {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call(False, False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(True, False, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(True, None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's contract: the keys that failed to be set.
        return self._call(True, list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(True, False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(True, False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._call(True, None, super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        # Answered as if the key were new (a version bump cannot fail a save); the dropped write
        # empties the cache once Redis is back.
        return self._call(True, delta, super().incr, key, delta, version)

    def clear(self):
        return self._call(True, None, super().clear)
