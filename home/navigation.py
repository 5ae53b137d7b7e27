"""The header menu and translation links are cached; a publish anywhere bumps the version."""

from django.core.cache import cache

NAVIGATION_VERSION_KEY = "home:navigation:version"


def navigation_key(*parts) -> str:
    version = cache.get_or_set(NAVIGATION_VERSION_KEY, 1, None)
    return ":".join(["home:navigation", str(version), *map(str, parts)])


def navigation_invalidate() -> None:
    try:
        cache.incr(NAVIGATION_VERSION_KEY)
    except ValueError:
        cache.set(NAVIGATION_VERSION_KEY, 1, None)
