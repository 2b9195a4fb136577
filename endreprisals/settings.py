"""Django settings for EndReprisals.

All configuration comes from environment variables (see docs/configuration.md). Defaults are
safe for a developer's machine: DEBUG is off unless asked for, and the database is SQLite
under var/. With ENDREPRISALS_ENV=production the process refuses to start without a secret key,
allowed hosts and a database URL, and turns on every transport-security setting.
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_required, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("ENDREPRISALS_VAR_DIR", str(BASE_DIR / "var")))

ENVIRONMENT = env_str("ENDREPRISALS_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"

if PRODUCTION:
    SECRET_KEY = env_required("SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        env_required("ALLOWED_HOSTS")
    env_required("DATABASE_URL")
else:
    # A fixed key is acceptable only because development data is not secret; production
    # refuses to start without SECRET_KEY (above).
    SECRET_KEY = env_str("SECRET_KEY", "development-only-key-not-for-production-use-0123456789")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

DEBUG = env_bool("DEBUG", False)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "mailer",
    "interface",
    "cases",
    "states",
    "api",
    "intake",
    "campaigns",
    "tracking",
    "ingest",
    "uwazi",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "endreprisals.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "cases.middleware.OneDataVersionPerRequestMiddleware",
    # Last, next to the views: no-store on everything that is not public.
    "endreprisals.middleware.PrivateCacheMiddleware",
]

ROOT_URLCONF = "endreprisals.urls"
WSGI_APPLICATION = "endreprisals.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'endreprisals.sqlite3'}"),
        # Production keeps each worker's connection open: a new PostgreSQL connection per
        # request costs ~15 ms (bench/README.md); health checks replace a dropped one.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker write while the web process reads; the busy timeout turns lock
    # contention into a short wait instead of an immediate "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = VAR_DIR / "media"

# Mail: always through the background worker (see cases/tasks-free design in docs/architecture.md).
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "EndReprisals <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
# With the file backend (as `make run` sets it), each sent message is kept under var/mail/ and
# listed for superusers at /ops/mail/ (ops.mailbox).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        # "ingest": reports are read by their own worker so mail never waits (docs/ingestion.md)
        "QUEUES": ["default", "ingest"],
    }
}

# Security headers. The CSP allows nothing from outside the site and no inline script.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

# Application limits.
FACET_TIME_LIMIT_MS = env_int("FACET_TIME_LIMIT_MS", 1500)
FACET_CACHE_ENTRIES = env_int("FACET_CACHE_ENTRIES", 256)
# How long the log of changed cases is kept for patching the facet index (cases/facet_changes.py).
FACET_CHANGES_KEPT_HOURS = env_int("FACET_CHANGES_KEPT_HOURS", 24)
# Search snippets, case cards and API representations each worker process keeps, per data version and language
# (cases/facet_index.py kept_for).
REPRESENTATION_CACHE_ENTRIES = env_int("REPRESENTATION_CACHE_ENTRIES", 2000)
# Where the facet index, bitmaps and list pages are shared between the worker processes of one
# machine (cases/facet_index.py): a directory (FACET_CACHE_DIR) or, by default, each process's
# own memory.
FACET_CACHE_DIR = env_str("FACET_CACHE_DIR")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "facets": (
        {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": FACET_CACHE_DIR,
            "TIMEOUT": 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": 4 * FACET_CACHE_ENTRIES},
        }
        if FACET_CACHE_DIR
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "facets"}
    ),
}
EXPORT_MAX_ROWS = env_int("EXPORT_MAX_ROWS", 100_000)
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)
CASES_PER_PAGE = 25

LOGIN_URL = "admin:login"
# Staff land on their workspace, researchers and partners on the case list (interface/views.py).
LOGIN_REDIRECT_URL = "after-sign-in"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # Request logs would record client addresses; Django's own request logger only logs
    # errors, and we never add access logging in the app (the intake path must not log IPs).
}

# --- Intake (intake app) ------------------------------------------------------------------------
# Every setting below is documented in docs/intake.md.
# Public half of the intake key pair, base64 (`manage.py intake keygen`); submissions are sealed
# to it before storage and its private half never sits on the server. Production refuses to start
# without it; development generates a throw-away pair under INTAKE_DEV_KEY_DIR at first use.
INTAKE_PUBLIC_KEY = env_required("INTAKE_PUBLIC_KEY") if PRODUCTION else env_str("INTAKE_PUBLIC_KEY")
INTAKE_DEV_KEY_DIR = Path(env_str("INTAKE_DEV_KEY_DIR", str(VAR_DIR / "intake-dev-key")))
INTAKE_MAX_FILES = env_int("INTAKE_MAX_FILES", 5)
INTAKE_MAX_FILE_BYTES = env_int("INTAKE_MAX_FILE_BYTES", 10 * 1024 * 1024)
INTAKE_MAX_TOTAL_BYTES = env_int("INTAKE_MAX_TOTAL_BYTES", 20 * 1024 * 1024)
INTAKE_MAX_IMAGE_PIXELS = env_int("INTAKE_MAX_IMAGE_PIXELS", 40_000_000)
# Largest PDF, in pages (checked in the request as declared, and again by the worker that cleans it).
INTAKE_MAX_PDF_PAGES = env_int("INTAKE_MAX_PDF_PAGES", 500)
# The intake's budget per clock hour, for all senders together (no address is kept): stored
# submissions, and bytes received (every POST's body, stored or not). Past it: 503, text kept.
INTAKE_MAX_SUBMISSIONS_PER_HOUR = env_int("INTAKE_MAX_SUBMISSIONS_PER_HOUR", 60)
INTAKE_MAX_BYTES_PER_HOUR = env_int("INTAKE_MAX_BYTES_PER_HOUR", 500 * 1024 * 1024)
# First in the chain: removes client addresses from /intake/ requests before anything can log them.
MIDDLEWARE.insert(0, "intake.middleware.StripClientAddressMiddleware")

# --- Staff accounts, audit log, backups (accounts, audit, ops apps) ---------------------------
# Every setting below is documented in docs/security.md and listed in docs/configuration.md.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "audit", "accounts", "ops"]
# Right after authentication: end idle sessions, then (django-otp) mark sessions that passed the
# second factor, then send those who must use one and have not to enrolment or verification,
# then record the acting user for the audit log.
MIDDLEWARE[MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1 : 0] = [
    "accounts.middleware.IdleTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "audit.middleware.AuditContextMiddleware",
]
AUTHENTICATION_BACKENDS = ["accounts.backends.ThrottledModelBackend"]
# Second factor (TOTP) for everyone who can see more than the public. Only tests turn it off.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
if PRODUCTION and not TWO_FACTOR_REQUIRED:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("TWO_FACTOR_REQUIRED cannot be turned off when ENDREPRISALS_ENV=production")
OTP_TOTP_ISSUER = env_str("TWO_FACTOR_ISSUER", "EndReprisals")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows an authenticator's secret key
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
LOGIN_THROTTLE_ACCOUNT_FAILURES = env_int("LOGIN_THROTTLE_ACCOUNT_FAILURES", 5)
LOGIN_THROTTLE_ADDRESS_FAILURES = env_int("LOGIN_THROTTLE_ADDRESS_FAILURES", 20)
LOGIN_THROTTLE_WINDOW = env_int("LOGIN_THROTTLE_WINDOW", 15 * 60)
LOGIN_THROTTLE_LOCKOUT = env_int("LOGIN_THROTTLE_LOCKOUT", 15 * 60)
# Reverse proxies in front of the app that append the client's address to X-Forwarded-For; every
# rate limit keys on the address the outermost of them added (endreprisals/client_address.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
for _replaced in ("LOGIN_THROTTLE_CLIENT_IP_HEADER", "CAMPAIGNS_CLIENT_IP_META"):
    if env_str(_replaced):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"{_replaced} is no longer read: set TRUSTED_PROXY_COUNT to the number of reverse proxies "
            "that append to X-Forwarded-For (docs/configuration.md)"
        )
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3600)
PASSWORD_RESET_REQUESTS_PER_HOUR = env_int("PASSWORD_RESET_REQUESTS_PER_HOUR", 5)
BACKUP_PG_BIN_DIR = env_str("BACKUP_PG_BIN_DIR")

# --- Ingestion (ingest app) ---------------------------------------------------------------------
# Every setting below is documented in docs/ingestion.md.
# Largest report file a curator may upload or `manage.py ingest_report` reads (bytes).
INGEST_MAX_BYTES = env_int("INGEST_MAX_BYTES", 20 * 1024 * 1024)
# Folder of extra rules files (same names as ingest/rules/*.json) tried before the built-in ones.
INGEST_RULES_DIR = env_str("INGEST_RULES_DIR")
# Hostile and huge files: largest uncompressed part of a Word file (bytes), most pages of a PDF,
# longest reading of one file (seconds).
INGEST_MAX_PART_BYTES = env_int("INGEST_MAX_PART_BYTES", 64 * 1024 * 1024)
INGEST_MAX_PAGES = env_int("INGEST_MAX_PAGES", 1000)
INGEST_MAX_SECONDS = env_int("INGEST_MAX_SECONDS", 300)
# Fetching a report by symbol: the UN Official Document System's symbol-access address
# ({symbol}, {language}) and how long to wait for it (seconds).
INGEST_ODS_URL = env_str(
    "INGEST_ODS_URL", "https://documents.un.org/api/symbol/access?s={symbol}&l={language}&t=pdf"
)
INGEST_FETCH_TIMEOUT = env_int("INGEST_FETCH_TIMEOUT", 30)
# The curator's completion of the Uwazi import mapping (uwazi/ishr_mapping.json): values an
# import does not know are written here, with null, for the curator to map (docs/bringing-your-data.md).
UWAZI_MAPPING_FILE = env_str("UWAZI_MAPPING_FILE", str(VAR_DIR / "uwazi-mapping.json"))
