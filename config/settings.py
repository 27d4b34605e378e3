"""Settings for the partner portal, read from environment variables (see README)."""

import base64
import binascii
import re
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# Django reads settings off this module, so these are imported for it, not used here.
from config.connect import (  # noqa: F401
    EXPORT_BULK_THRESHOLD,
    EXPORT_LEASE_SECONDS,
    EXPORT_LIMIT_DEFER_SECONDS,
    EXPORT_MAX_ATTEMPTS,
    EXPORT_MAX_RECORDS,
    EXPORT_RESUME_SWEEP_SECONDS,
    EXPORT_RETRY_BASE_SECONDS,
    FAILURE_EMAIL_DIGEST_MINUTES,
    SALESFORCE_API_VERSION,
    SALESFORCE_EMULATOR_URL,
    SALESFORCE_TIMEOUT_SECONDS,
    UPDATE_POLL_SECONDS,
    UPDATE_PUSH_WINDOW_SECONDS,
)
from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# The test suite runs with fast hashers, inline tasks and relaxed HTTPS settings.
TESTING = env_bool("TESTING", "pytest" in sys.modules)

_DEV_SECRET = "dev-only-secret-key-not-for-production-0123456789abcdefghijklmnop"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if DEBUG or TESTING else None)
if not (DEBUG or TESTING) and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured("SECRET_KEY must be set to a secret value when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG or TESTING else "")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated) when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")


def _encryption_key() -> str:
    """Return the Fernet key that encrypts secrets at rest; raise when it is malformed."""
    default = base64.urlsafe_b64encode(SECRET_KEY.encode()[:32].ljust(32, b"0")).decode()
    key = env_str("ENCRYPTION_KEY", default if DEBUG or TESTING else None)
    try:
        if len(base64.urlsafe_b64decode(key.encode())) != 32:
            raise ValueError
    except (ValueError, binascii.Error):
        raise ImproperlyConfigured(
            "ENCRYPTION_KEY must be 32 url-safe base64-encoded bytes "
            '(python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key())").'
        ) from None
    return key


ENCRYPTION_KEY = _encryption_key()

INSTALLED_APPS = [
    # Django admin, with the vendor's sections first on its index (config/admin.py).
    "config.admin.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "guardian",
    "django_q",
    "django_htmx",
    # Autocomplete list filters in admin (Django's own select2 and autocomplete view).
    "dalf",
    "auditlog",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "portal",
    "sync",
    "api",
]
# The demo, the benchmarks, the org emulator's commands and the mailbox and emulated-orgs pages.
# A production site can leave them out (DEVTOOLS=false); nothing else imports them.
DEVTOOLS = env_bool("DEVTOOLS", True)
if DEVTOOLS:
    INSTALLED_APPS.append("devtools")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in person's pages and downloads hold personal data: never stored by a cache.
    "core.middleware.PrivatePagesMiddleware",
    # After authentication: stamps each audit log entry with the request's user and address.
    "accounts.middleware.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Not found and not permitted (Django's and the domain's) answer the site's 404 and 403
    # pages, in DEBUG too.
    "core.middleware.SiteErrorPagesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "accounts.context_processors.membership",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: email is the login; sign-up only through an invitation.
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# The login address is the one the vendor invited: nobody adds another, so the site never
# mails a confirmation link to an address a user typed (vendor admins change it in admin).
ACCOUNT_MAX_EMAIL_ADDRESSES = 1
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Partner Portal] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Partner Portal"

# django-guardian: shares live in direct foreign-key permission models.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
# One date, time and number style across the site and its emails (config/formats/en).
FORMAT_MODULE_PATH = ["config.formats"]
# Amounts of money (opportunity amounts, annual revenue) are in this currency.
CURRENCY_SYMBOL = env_str("CURRENCY_SYMBOL", "$")

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# In development and tests whitenoise serves straight from the finders, without collectstatic.
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Email: a file mailbox by default in development, SMTP in production.
_EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
_email_kind = env_str("EMAIL_BACKEND", "file" if DEBUG else "smtp")
if _email_kind not in _EMAIL_BACKENDS:
    raise ImproperlyConfigured(f"EMAIL_BACKEND must be one of {', '.join(_EMAIL_BACKENDS)}.")
EMAIL_BACKEND = _EMAIL_BACKENDS[_email_kind]
EMAIL_FILE_PATH = VAR_DIR / "mailbox"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Partner Portal <partners@example.com>")

# Security: production-safe unless DEBUG is on.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not (DEBUG or TESTING))
SESSION_COOKIE_SECURE = not (DEBUG or TESTING)
CSRF_COOKIE_SECURE = not (DEBUG or TESTING)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG or TESTING else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp) on every page: scripts, styles, images, fonts and
# requests from the site's own origin only; no inline script or style, no plugin, no framing,
# forms post only here. The API docs set a policy of their own (api/docs.py), which is kept.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SESSION_COOKIE_HTTPONLY = True

# django-q2: the ORM broker; tasks run inline in unit tests.
# Two clusters on one ORM broker, each with its queue: the main one (`manage.py qcluster`) runs
# exports, polls, cycles and digests; the push cluster (`Q_CLUSTER_NAME=pushes manage.py
# qcluster`) runs only update pushes, so a vendor edit never waits behind a poll of a slow org.
# A task's timeout stays below its cluster's retry (django-q2 redelivers an unacknowledged task
# after `retry` seconds, and one still running must not be taken twice).
Q_PUSH_CLUSTER = "pushes"
Q_CLUSTER = {
    "name": "portal",
    "orm": "default",
    "workers": env_int("Q_WORKERS", 2),
    "timeout": 300,
    "retry": 360,
    "max_attempts": 3,
    "catch_up": False,
    "sync": TESTING,
    "ALT_CLUSTERS": {
        # A push run lasts at most its 120 s budget and the call it was making.
        Q_PUSH_CLUSTER: {"workers": env_int("Q_PUSH_WORKERS", 2), "timeout": 180, "retry": 240},
    },
}

# django-auditlog: the audit trail (each app's audit.py registers its models and the fields
# left out, such as secrets). Changes are stored as JSON values rather than strings.
AUDITLOG_STORE_JSON_CHANGES = True
# Proxies in front of the site that may be trusted to set X-Forwarded-For (none by default, so
# the header is ignored): used for the login rate limit and the audit trail's source address.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Partner Connect (the Salesforce seam, export, two-way updates, failure emails): imported
# from config/connect.py at the top.

# Portal rules.
INVITATION_EXPIRY_DAYS = env_int("INVITATION_EXPIRY_DAYS", 7)
SEAT_WARNING_RATIO = 0.9
LIST_PAGE_SIZE = env_int("LIST_PAGE_SIZE", 50)
# How deep the site's lists page: past it a list is narrowed (search, filters, the other sort
# order) rather than paged, since an OFFSET costs the database every row before it.
LIST_MAX_PAGES = env_int("LIST_MAX_PAGES", 200)

# The cache holds the API's throttle history: Redis when REDIS_URL is set, so every process
# counts the same requests; otherwise each process counts its own in local memory.
REDIS_URL = env_str("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# REST API (/api/v1/): session auth for the site's own pages, personal tokens for clients.
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 50)
# Live personal API tokens one user may hold at once.
API_MAX_TOKENS_PER_USER = env_int("API_MAX_TOKENS_PER_USER", 20)
# How long an Idempotency-Key of a POST is remembered (and replayed) after its first use.
API_IDEMPOTENCY_KEY_HOURS = env_int("API_IDEMPOTENCY_KEY_HOURS", 24)


def _throttle_rate(name: str, default: str) -> str:
    """Return a throttle rate such as ``600/minute``; raise when it is not one."""
    rate = env_str(name, default).strip()
    if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", rate):
        raise ImproperlyConfigured(
            f"{name}={rate!r} is not a rate; use requests per second, minute, hour or day, "
            "e.g. 600/minute."
        )
    return rate


REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Cursor",
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.JSONBodyParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "api.filters.SearchFilter",
        "api.filters.StrictOrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonThrottle",
        "api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": _throttle_rate("API_THROTTLE_ANON", "60/minute"),
        "user": _throttle_rate("API_THROTTLE_USER", "600/minute"),
        # Wrong, expired or revoked tokens per client address; then 429 until the window passes.
        "token_failures": _throttle_rate("API_THROTTLE_TOKEN_FAILURES", "20/minute"),
    },
    "EXCEPTION_HANDLER": "api.errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
KNOX_TOKEN_MODEL = "api.ApiToken"
# knox's own migrations would create its unused default token table (our model swaps it out);
# without them, nothing of knox's is created.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": None,  # each token carries the expiry its owner chose, or none
    "TOKEN_PREFIX": "pp_",
    "AUTH_HEADER_PREFIX": "Token",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Partner Portal API",
    "DESCRIPTION": "Leads, opportunities and Partner Connect for partners and vendor admins.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No calls to the public swagger.io validator: the docs work offline.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name ("status", "type") get names of their own.
    "ENUM_NAME_OVERRIDES": {
        "LeadStatusEnum": "portal.models.LeadStatus",
        "AccountTypeEnum": "portal.models.AccountType",
        "OpportunityTypeEnum": "portal.models.OpportunityType",
    },
    # Every operation's error responses carry the one error format (api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.error_responses",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
