"""The header menu and translation links are cached; a publish anywhere bumps the version."""

from samhold.cache import cache_version_bump, versioned_key

NAVIGATION = "home:navigation"


def navigation_key(*parts) -> str:
    return versioned_key(NAVIGATION, *parts)


def navigation_invalidate() -> None:
    cache_version_bump(NAVIGATION)
