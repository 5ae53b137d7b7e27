"""Settings shared by every environment.

The environment is read here, once, with django-environ. With no environment at all the
site runs on an embedded SQLite file with a development secret generated into an ignored
local file (var/dev-secret-key). Every variable is listed in .env.example.
"""

import json
import secrets
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def _development_secret() -> str:
    """A per-checkout secret kept in an ignored file, so no secret is ever committed."""
    path = VAR_DIR / "dev-secret-key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="") or _development_secret()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "samhold",
    "home",
    "directory",
    "groups",
    "facilitators",
    "research",
    "outbox",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "facilitators.wagtail_users.SamholdUsersAppConfig",  # wagtail.users with Samhold's user forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "facilitators.wagtail_admin.SamholdAdminAppConfig",  # wagtail.admin, its submission e-mail narrowed
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",  # Django's widget templates, for FORM_RENDERER below
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before whitenoise, so static files get the headers too (and keep their cache lifetime).
    "samhold.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A Content-Type naming a charset other than UTF-8: a calm 400 before anything reads the
    # query string or the form (samhold.errors).
    "samhold.errors.UnreadableRequestMiddleware",
    # The database down: a calm 503 page instead of an error (with handler500 in samhold.urls).
    "samhold.health.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor login: django-otp marks the session verified; Samhold's middleware holds back
    # everyone who must give a code and has not (facilitators.middleware).
    "django_otp.middleware.OTPMiddleware",
    "facilitators.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "samhold.urls"
WSGI_APPLICATION = "samhold.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "samhold.context_processors.coordinator",
            ],
        },
    },
]
# Every form field is drawn by templates/forms/field.html (see samhold.forms).
FORM_RENDERER = "samhold.forms.SamholdFormRenderer"

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'samhold.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker and the web process use the file at the same time.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )


def _one_core_per_query(database: dict) -> None:
    """PostgreSQL: one core per request. Measured at 100,000 groups (make bench), parallel
    workers made the directory slower (each recomputed the query's subplans), and under load the
    other cores are busy with other requests anyway. The URL's own options come after."""
    if database["ENGINE"].startswith("django.db.backends.postgresql"):
        options = database.setdefault("OPTIONS", {})
        options["options"] = " ".join(["-c max_parallel_workers_per_gather=0", options.get("options", "")]).strip()


_one_core_per_query(DATABASES["default"])
# Read replica (optional): the public directory's reads go to DATABASE_REPLICA_URL, writes and
# everything else to DATABASE_URL (samhold.db_router says exactly which). It needs a cache every
# process shares (CACHE_URL=redis://…), where writes hold public reads on the primary for
# DATABASE_REPLICA_LAG_SECONDS, longer than the replica ever lags behind.
SAMHOLD_REPLICA_LAG_SECONDS = env.int("DATABASE_REPLICA_LAG_SECONDS", default=10)
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"].setdefault("ATOMIC_REQUESTS", False)
    _one_core_per_query(DATABASES["replica"])
    DATABASE_ROUTERS = ["samhold.db_router.ReplicaRouter"]
    MIDDLEWARE.append("samhold.db_router.ReplicaReadsMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "facilitators.User"
# Every way to log in (Min side, the admin, any future form) goes through the same lockout.
AUTHENTICATION_BACKENDS = ["facilitators.backends.GuardedModelBackend"]
LOGIN_URL = "facilitators:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language: Bokmål at the root URLs, English under /en/.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk (bokmål)"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# Samhold's own catalogue, then its Norwegian for Wagtail admin strings that Wagtail's nb
# catalogue lacks (apart, so makemessages never drops them; both win over Wagtail's own).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_wagtail"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["samhold.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Editors' images and documents. Every app server must see the same files: on more than one
# machine, MEDIA_ROOT is a shared file system (NFS or the like) mounted at the same path on each,
# or MEDIA_STORAGE names another Django storage class (an S3-compatible store through
# django-storages, say) with MEDIA_STORAGE_OPTIONS, a JSON object, as its options.
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")


def _media_storage() -> dict:
    backend = env.str("MEDIA_STORAGE", default="").strip() or "django.core.files.storage.FileSystemStorage"
    raw = env.str("MEDIA_STORAGE_OPTIONS", default="").strip() or "{}"
    try:
        options = json.loads(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"MEDIA_STORAGE_OPTIONS must be a JSON object ({error}).") from None
    if not isinstance(options, dict):
        raise ImproperlyConfigured("MEDIA_STORAGE_OPTIONS must be a JSON object, like {\"bucket_name\": \"samhold\"}.")
    return {"BACKEND": backend, "OPTIONS": options} if options else {"BACKEND": backend}


STORAGES = {
    "default": _media_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Documents are always served through the site, which checks their privacy, also from a storage
# whose files have their own addresses (Wagtail would otherwise redirect to them).
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Sessions and cookies: anonymous visitors get no cookie but the CSRF cookie on forms.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A logged-in session ends after 60 minutes without a request (it is saved on every request).
SESSION_COOKIE_AGE = 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SAMESITE = "Lax"
# The CSRF cookie lasts only as long as the browser session.
CSRF_COOKIE_AGE = None
LANGUAGE_COOKIE_NAME = "samhold_language"
# Security headers in every environment, not only production. Django's SecurityMiddleware sends
# these two (they are its defaults, said here so no one turns them off by accident);
# samhold.middleware adds the Content-Security-Policy, the Permissions-Policy and no-store.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://samhold"),
}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache":
    # One process's own memory (no CACHE_URL). Django's default of 300 entries is less than the
    # result cards of fifteen pages: every search pushed out the counts and facets cached for
    # the one before, and a repeated search counted every matching group again. 5,000 entries
    # are a few MB per process.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 5000)
elif CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # CACHE_URL=redis://host:6379/0: Django's Redis backend, made to serve on without the
    # cache (slower, never an error) while the Redis server is down (samhold.redis_cache).
    CACHES["default"]["BACKEND"] = "samhold.redis_cache.ResilientRedisCache"

# E-mail. EMAIL_URL takes smtp://user:password@host:port (see .env.example).
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Samhold <ikke-svar@samhold.no>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env.str("EMAIL_URL", default=""):
    _email_config = env.email_url("EMAIL_URL")
    SAMHOLD_EMAIL_DELIVERY_BACKEND = _email_config.pop("EMAIL_BACKEND")
    vars().update(_email_config)
else:
    SAMHOLD_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
# A hung mail server must not hold a worker past the 15 minutes after which the outbox hands a
# message stuck in "sending" to another worker (see outbox.services.email_retry_due).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# Every e-mail, also what Django and Wagtail send themselves, is stored in the outbox, which
# delivers it through SAMHOLD_EMAIL_DELIVERY_BACKEND (the server in EMAIL_URL) with retries.
EMAIL_BACKEND = "outbox.backends.OutboxBackend"

# Background work: django-tasks with its database backend; `manage.py db_worker` runs it.
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# Two-factor login: the name authenticator apps show, and their codes rest after wrong ones.
OTP_TOTP_ISSUER = "Samhold"

WAGTAIL_SITE_NAME = "Samhold"
# The site's public address: every link in an e-mail is built from it. Without SITE_URL the
# development settings use the HOST and PORT `make run` serves on; production refuses to start
# unless it is an https:// address.
WAGTAILADMIN_BASE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: staff e-mail hashes would leave the site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
# An approval publishes the version the reviewer saw, not a change saved after it was sent.
WAGTAIL_FINISH_WORKFLOW_ACTION = "facilitators.workflows.publish_reviewed_revision"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Samhold's own settings.
SAMHOLD_NEARBY_RADIUS_KM = env.int("SAMHOLD_NEARBY_RADIUS_KM", default=120)


def _trusted_proxy_count() -> int:
    # Read strictly: "-1", "1.5" or "two" must stop the site rather than quietly count the
    # proxy's address (or a visitor's forged X-Forwarded-For entry) as the visitor.
    raw = env.str("SAMHOLD_TRUSTED_PROXY_COUNT", default="").strip() or "0"
    if not (raw.isascii() and raw.isdigit()):
        raise ImproperlyConfigured(
            f"SAMHOLD_TRUSTED_PROXY_COUNT must be a whole number, 0 or more (it is {raw!r})."
        )
    return int(raw)


# How many reverse proxies in front of the site append to X-Forwarded-For (0: use REMOTE_ADDR).
# Production refuses to start unless it is set explicitly.
SAMHOLD_TRUSTED_PROXY_COUNT = _trusted_proxy_count()
SAMHOLD_CONTACT_LIMIT_PER_IP_PER_HOUR = 5
SAMHOLD_CONTACT_LIMIT_PER_GROUP_PER_DAY = 30
# Messages one e-mail address or phone number may send a day, to any groups: whoever sends
# them, so a stranger's number or address cannot be spread to many groups' contacts.
SAMHOLD_CONTACT_LIMIT_PER_SENDER_PER_DAY = 5
SAMHOLD_APPLICATION_LIMIT_PER_IP_PER_HOUR = 3
# Changes of an information meeting's time or place a day that e-mail everyone signed up.
SAMHOLD_MEETING_CHANGES_TOLD_PER_DAY = 3
# E-mails telling one county's coordinators of new facilitator applications, a day: more
# applications than this still wait on their dashboard, counted, but send no more mail.
SAMHOLD_APPLICATION_NOTICES_PER_COUNTY_PER_DAY = 5
# Password-reset e-mail: at most this many asked for one address, and from one IP address, per hour.
SAMHOLD_PASSWORD_RESET_LIMIT_PER_EMAIL_PER_HOUR = 3
SAMHOLD_PASSWORD_RESET_LIMIT_PER_IP_PER_HOUR = 10
# Visitors' sign-ups for information meetings and registrations of interest, per IP address
# per hour (a family signing up together stays well inside it); a facilitator's messages to the interested people of one group, per day.
SAMHOLD_MEETING_SIGNUP_LIMIT_PER_IP_PER_HOUR = 10
SAMHOLD_INTEREST_LIMIT_PER_IP_PER_HOUR = 5
# E-mails the public forms (interest, sign-ups, applications, "send me my links") may send to one
# address in a day, whoever asks: a stranger cannot flood someone's inbox from our address.
SAMHOLD_MAIL_LIMIT_PER_RECIPIENT_PER_DAY = 5
# Every per-network limit also counts the IPv6 /48 a /64 lies in, at this many times the limit.
SAMHOLD_WIDER_NETWORK_FACTOR = 4
# Requests for new private links ("Se og slett opplysningene dine"), per network per hour.
SAMHOLD_MY_LINKS_LIMIT_PER_IP_PER_HOUR = 5
SAMHOLD_INTEREST_MESSAGES_PER_GROUP_PER_DAY = 3
# ... and one sender's messages to interested people, over all their groups, per day.
SAMHOLD_INTEREST_MESSAGES_PER_SENDER_PER_DAY = 5
# Undeliverable e-mail is retried (at most every 30 minutes) this long, then logged as an error.
SAMHOLD_EMAIL_GIVE_UP_AFTER = timedelta(days=3)
# Guessing protection: this many failed logins for one account from one IP address lock
# that pair (only that pair) for this many minutes.
SAMHOLD_LOGIN_FAILURE_LIMIT = 5
SAMHOLD_LOGIN_LOCK_MINUTES = 15
# Guessing one account from many addresses, or many accounts from one network (password
# spraying): this many failures within SAMHOLD_LOGIN_WIDE_LOCK_MINUTES pause logging in to that
# account, or from that network, except in a browser the account has logged in from before.
SAMHOLD_LOGIN_ACCOUNT_FAILURE_LIMIT = 20
SAMHOLD_LOGIN_ADDRESS_FAILURE_LIMIT = 30
SAMHOLD_LOGIN_WIDE_LOCK_MINUTES = 60
# A browser an account has logged in from is remembered (a signed cookie with a keyed hash of
# the address, nothing else) for this many days, so the wide locks above never keep its owner out.
SAMHOLD_KNOWN_DEVICE_DAYS = 180

# How long Samhold keeps what it holds, in days. The privacy statement lists these figures, and
# `manage.py housekeeping` (run every few minutes) enforces them. Each comment says what is kept
# and from when the days are counted.
SAMHOLD_RETENTION = {
    # Copies of facilitators' messages to interested people, for the coordinator to read.
    "interest_message": 180,
    # An interest registration nobody confirmed from the e-mail.
    "interest_unconfirmed": 7,
    # A confirmed interest registration, from when it was last confirmed or renewed.
    "interest_confirmed": 365,
    # A sign-up for an information meeting whose e-mail address was never confirmed.
    "meeting_signup_unconfirmed": 2,
    # Sign-ups for an information meeting, after the meeting.
    "meeting_signup_after_meeting": 30,
    # Sign-ups for an information meeting that was cancelled, after the cancellation.
    "meeting_signup_after_cancellation": 7,
    # An application to become a facilitator (name, e-mail address, phone, municipality,
    # organisation, the applicant's own words), counted from the coordinator's decision. An
    # approved applicant's name, e-mail address and phone number live on in their account.
    "facilitator_application_decided": 30,
    # An application no coordinator has decided, counted from when it was sent; the applicant is
    # told by e-mail when it is deleted. (The application form and its e-mails state these two
    # figures: changing them changes the privacy text, so give it a new version in
    # facilitators/consent.py.)
    "facilitator_application_pending": 90,
    # A login session (which account is logged in in a browser, and whether it gave its second
    # code), counted from its last use. A session ends an hour after its last use
    # (SESSION_COOKIE_AGE) and housekeeping deletes it then; this is the longest one is kept.
    "session": 1,
    # The record of what staff and facilitators did (who, what, when, which group or list; never
    # the personal data itself), counted from when it happened.
    "audit_entry": 730,
    # The free text facilitators write about a start-up: the notes on its timeline and their
    # answer to "how is the group doing?", counted from when it was written. The text is blanked;
    # the stages, with who changed them and when, stay as long as the group.
    "startup_note": 365,
    # A failed login: keyed hashes of the e-mail address typed and of the network it came from,
    # and the time, for the guessing protection (which counts an hour).
    "login_attempt": 1,
    # A use of a public form or an e-mail a visitor asked for (a message to a group, a sign-up, a
    # password reset…): keyed hashes of the network (and IPv6 /48) and e-mail address counted,
    # and the time, for the limits per hour and per day.
    "email_send_mark": 1,
    # What is left of a delivered e-mail: its purpose, subject and times, counted from delivery
    # (recipients, reply-to address, text and attachment are wiped once it is delivered).
    "email_delivered": 30,
    # An e-mail that could not be delivered in three days of trying (SAMHOLD_EMAIL_GIVE_UP_AFTER),
    # whole, for the administrators to look into, counted from when it was written.
    "email_undeliverable": 7,
    # An application for a researcher account, counted from the administrator's decision, or,
    # undecided, from when it was sent. An approved researcher lives on as an account.
    "researcher_application_decided": 30,
    "researcher_application_pending": 90,
    # A volunteer for a study who never confirmed from the e-mail.
    "research_volunteer_unconfirmed": 7,
    # A confirmed volunteer's name, contact details and answers, counted from the end of the
    # study's recruitment (the researcher is warned SAMHOLD_RESEARCH_WARNING_DAYS before).
    "research_volunteer_after_close": 30,
    # A group's answer to a study (yes, no, not now, its note and suitable times), counted from
    # the end of the study's recruitment.
    "research_group_answer_after_close": 90,
    # A backup (`make backup`: the whole database, media and information letters), counted from
    # when it was taken. Everything deleted above lives on in the backups this long at most;
    # `make backup` deletes the older ones. Copies kept elsewhere must follow it too.
    "backup": env.int("BACKUP_KEEP_DAYS", default=30),
}
# Volunteering for a study sends e-mail: at most this many times an hour from one network.
SAMHOLD_RESEARCH_VOLUNTEER_LIMIT_PER_IP_PER_HOUR = 5
# ... and at most this many an hour for one study from everywhere: more is a flood from rotating
# networks, not recruitment.
SAMHOLD_RESEARCH_VOLUNTEERS_PER_STUDY_PER_HOUR = 60
# Days before a study's volunteers are deleted that its researcher is told.
SAMHOLD_RESEARCH_WARNING_DAYS = 7
# Information letters (PDF): kept outside MEDIA_ROOT, served only by the study page.
SAMHOLD_PRIVATE_FILES_ROOT = env.path("SAMHOLD_PRIVATE_FILES_ROOT", default=BASE_DIR / "var" / "private")
SAMHOLD_INFORMATION_LETTER_MAX_BYTES = 5 * 1024 * 1024
# Where `make backup` writes (samhold.backup); backups hold personal data, so keep it private.
SAMHOLD_BACKUP_DIR = env.path("BACKUP_DIR", default=VAR_DIR / "backups")

# Every handler redacts the secret tokens of private links (samhold.logging.PRIVATE_LINKS) from
# what it writes. Django's own logging would attach handlers without that filter to "django"
# (which logs "Not Found: <path>") and "django.server" (runserver's request lines); naming the
# two loggers here replaces them. There is no mail_admins handler: its e-mail carries the whole
# request, token included, past any filter; errors are in the log.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_private_links": {"()": "samhold.logging.RedactPrivateLinks"},
    },
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_private_links"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_private_links"],
        },
    },
    "loggers": {
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

