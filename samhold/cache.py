"""Cache versioning: a cached value is keyed by a version number that a change bumps, so
everything cached under the old number is simply never read again (no need to find it)."""

from django.core.cache import cache


def cache_version(name: str) -> int:
    """The current version of the cached things called `name` (1 if none yet)."""
    return cache.get_or_set(f"version:{name}", 1, None)


def cache_version_bump(name: str) -> None:
    """Everything cached under `name` is stale from now on."""
    try:
        cache.incr(f"version:{name}")
    except ValueError:
        cache.set(f"version:{name}", 1, None)


def versioned_key(name: str, *parts) -> str:
    return ":".join([name, str(cache_version(name)), *map(str, parts)])
