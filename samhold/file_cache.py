"""The cache of a production machine without a cache server (no CACHE_URL): files that every
process on the machine reads and writes (gunicorn's workers, the task worker, housekeeping).

A cache in each process's own memory would keep what one process cached after another made it
stale: the version numbers of samhold.cache live in the cache too, so a page published through
one worker would bump the version in that worker alone, and the others would serve the old page
table (cached for a day), counts and cards. Files on one machine are shared by all its processes.
Two machines still need a cache server (see the README, More than one machine).

Django's file cache lists the whole directory on every write to see whether it is over
MAX_ENTRIES; with thousands of entries (a page of results writes twenty cards) that listing
would cost more than the cache saves. Here each process looks at most once a minute.
"""

import time

from django.core.cache.backends.filebased import FileBasedCache

CULL_INTERVAL_SECONDS = 60.0


class MachineFileCache(FileBasedCache):
    def __init__(self, directory, params):
        super().__init__(directory, params)
        self._next_cull = 0.0

    def _cull(self):
        now = time.monotonic()
        if now < self._next_cull:
            return
        self._next_cull = now + CULL_INTERVAL_SECONDS
        super()._cull()
