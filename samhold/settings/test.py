from .base import *  # noqa: F401,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# All e-mail goes into the outbox, which delivers to django.core.mail.outbox. (Django's test
# setup replaces EMAIL_BACKEND with locmem; tests that need the outbox path set it back.)
EMAIL_BACKEND = "outbox.backends.OutboxBackend"
SAMHOLD_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WAGTAILADMIN_BASE_URL = "http://testserver"
# Information letters in a directory of their own per test run, never in the checkout.
SAMHOLD_PRIVATE_FILES_ROOT = __import__("tempfile").mkdtemp(prefix="samhold-private-")
# A second database alias for the read-replica router's tests (tests/samhold/test_db_router.py):
# the test database itself, opened on a connection of its own. No test reaches it unless it
# turns the router on.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
