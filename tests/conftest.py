import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    # Reference lists are cached; every test starts from its own data.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(db):
    from tests.factories import build_site

    return build_site()


@pytest.fixture
def site_en(site):
    from tests.factories import translate_site

    translate_site(site)
    return site
