"""Settings, all from the environment, with safe defaults.

THEODOI_ENV=development (default) runs on the embedded SQLite database in ./data with DEBUG on
and a throwaway secret. THEODOI_ENV=production requires SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL from the environment and turns on every secure-transport setting.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
ENV = os.environ.get("THEODOI_ENV", "development")
if ENV not in {"development", "production"}:
    raise ImproperlyConfigured("THEODOI_ENV phải là 'development' hoặc 'production'.")
PRODUCTION = ENV == "production"


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _env_int(name: str, default: int, lowest: int, highest: int) -> int:
    """A whole number from the environment, refused with its name if it is not one or out of
    range (a typo must stop the site at start, not fail later in a mail run)."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not lowest <= value <= highest:
        raise ImproperlyConfigured(
            f"{name} phải là số nguyên từ {lowest} đến {highest}; giá trị đang đặt: «{text}»."
        )
    return value


if PRODUCTION:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY (>= 50 ký tự) phải được đặt trong môi trường.")
    DEBUG = False
    ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS phải được đặt trong môi trường.")
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-key-not-for-production-use-0000")
    DEBUG = os.environ.get("DEBUG", "1") == "1"
    ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

DATA_DIR = Path(os.environ.get("THEODOI_DATA_DIR", PROJECT_DIR / "data"))
_database_url = os.environ.get("DATABASE_URL", "")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
    # A form's <select> reads its choices with QuerySet.iterator(), which on PostgreSQL opens a
    # server-side cursor: BEGIN, DECLARE, FETCH, CLOSE, COMMIT for a list of units. Our lists
    # are small; one plain query is 4 round trips cheaper (per list page: docs/bench.md) and
    # also what a transaction-pooling PgBouncer in front of the server requires.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # A statement run five times on a connection is prepared: PostgreSQL parses and plans
        # it once, not on every request (docs/adr/0029-prepared-statements.md). 0 turns it off
        # (a PgBouncer in transaction mode older than 1.22, or without max_prepared_statements).
        _prepare_after = _env_int("THEODOI_PG_PREPARE_AFTER", 5, 0, 1000)
        if _prepare_after:
            DATABASES["default"].setdefault("OPTIONS", {}).update(
                server_side_binding=True, prepare_threshold=_prepare_after
            )
elif PRODUCTION:
    raise ImproperlyConfigured("DATABASE_URL phải được đặt trong môi trường production.")
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "theodoi.sqlite3"),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # However SQLite is named (a file here, or a sqlite:/// address): readers beside one
    # writer (WAL), a sync per checkpoint rather than per commit, and pages read through a
    # memory map rather than copied into each connection's cache, which a write by another
    # worker empties (docs/adr/0017-sqlite-memory-map.md).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command=(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            f"PRAGMA mmap_size={_env_int('THEODOI_SQLITE_MMAP_MB', 1024, 0, 65536) * 2**20};"
        ),
        transaction_mode="IMMEDIATE",
    )
    # A process keeps its connection between requests for a minute, as when the database is
    # named by an address (conn_max_age above): opening one runs six PRAGMAs, about 2 ms. A
    # restore writes into the same file (backups/sqlite.py), which an open connection sees.
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["TEST"] = {"NAME": ""}  # in-memory test database
# PostgreSQL's programs for `theodoi backup` and `theodoi restore`: this folder, else PATH.
THEODOI_PGBIN = os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "csp",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "theodoi.core",
    "theodoi.audit",
    "theodoi.organisation",
    "theodoi.accounts",
    "theodoi.workcalendar",
    "theodoi.tasks",
    "theodoi.imports",
    "theodoi.notifications",
    "theodoi.monitoring",
    "theodoi.evaluation",
    "theodoi.backups",
    "theodoi.signing",
    "theodoi.reports",
    "theodoi.statforms",
    "theodoi.api",
    "theodoi.webhooks",
    "theodoi.targets",
    "theodoi.partners",
    "theodoi.inspections",
    "theodoi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "theodoi.audit.origin.OriginMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "theodoi.core.headers.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "theodoi.core.sessions.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "theodoi.core.sessions.HtmxSignInMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "theodoi.urls"
WSGI_APPLICATION = "theodoi.wsgi.application"
FORM_RENDERER = "theodoi.core.rendering.FormRenderer"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "theodoi.core.context_processors.navigation",
            ],
        },
    }
]

# People, passwords, sessions, lock-out
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "theodoi.accounts.backends.UserWithUnitBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "theodoi.accounts.validators.NameInPasswordValidator"},
    {
        "NAME": "theodoi.accounts.validators.VietnameseMinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# A link mailed to reset a forgotten password works once, for this long.
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60
# Idle sessions end after THEODOI_SESSION_IDLE_MINUTES (default 60); activity renews them at
# most once a minute (core/sessions.py), not with a write on every page.
SESSION_COOKIE_AGE = _env_int("THEODOI_SESSION_IDLE_MINUTES", 60, 1, 24 * 60) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# Django's database sessions, their read on every request compiled once (core/session_store.py)
SESSION_ENGINE = "theodoi.core.session_store"
# The API (docs/api.md): requests a minute per token, counted by each worker process.
THEODOI_API_PER_MINUTE = _env_int("THEODOI_API_PER_MINUTE", 600, 1, 100_000)
AXES_FAILURE_LIMIT = _env_int("THEODOI_LOGIN_FAILURE_LIMIT", 5, 1, 100)
AXES_COOLOFF_TIME = timedelta(minutes=_env_int("THEODOI_LOCKOUT_MINUTES", 15, 1, 24 * 60))
AXES_LOCKOUT_PARAMETERS = ["username"]
# Lock by account, not by address: a provincial office reaches us through one NAT address, and
# locking the address would lock everyone there (docs/adr/0003-login-lockout.md).
# models.W040 says that SQLite ignores an index's included columns: they are there for
# PostgreSQL alone, on purpose (`task_state_deadline_idx`, docs/adr/0023-window-ids-first.md).
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W040"]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# A wrong second-factor code counts as a failed sign-in too (accounts/signin.py), and so does a
# wrong current password on the person's own account pages (accounts/recheck.py); the code and
# the passwords typed are not kept in axes' records.
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "code",
    "current_password",
    "password_again",
]
# Second factor (django-otp): the name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "Theo Dõi BHXH"

# Language, time, formats
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["theodoi.formats"]

STATIC_URL = "static/"
# The demo runs with DEBUG off (Vietnamese error pages, as in production): WhiteNoise then
# serves the apps' static files directly, without `collectstatic`.
WHITENOISE_USE_FINDERS = not PRODUCTION
STATIC_ROOT = Path(os.environ.get("THEODOI_STATIC_ROOT", DATA_DIR / "static"))
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Attached files are served only through views that check access (no public MEDIA_URL).
MEDIA_ROOT = Path(os.environ.get("THEODOI_MEDIA_ROOT", DATA_DIR / "files"))
MEDIA_URL = "/tep-dinh-kem/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 25
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Mail (notifications, digests): an SMTP server named by the environment. Mail waits in the
# outbox (notifications.Mail) and `theodoi send_mail` / `theodoi remind` send it; a server that
# is down or refuses leaves it queued for the next try.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _env_int("EMAIL_PORT", 25, 1, 65535)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "0") == "1"
EMAIL_TIMEOUT = _env_int("EMAIL_TIMEOUT", 20, 1, 600)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Theo Dõi <theodoi@localhost>")
# mail is sent over this many SMTP connections at once (a server that takes fewer: set 1)
THEODOI_SMTP_CONNECTIONS = _env_int("THEODOI_SMTP_CONNECTIONS", 4, 1, 20)
# The site's address as people open it, for links in e-mail.
THEODOI_BASE_URL = os.environ.get("THEODOI_BASE_URL", "http://127.0.0.1:8000")

# Digital signatures (signing/; docs/operations.md, "Digital signatures"). The agency's key is
# a PKCS#12 file or a PKCS#11 token; its passphrase or PIN is read from the environment when a
# document is signed (THEODOI_SIGNING_PASSPHRASE, THEODOI_SIGNING_PKCS11_PIN), never kept here.
THEODOI_SIGNING_PKCS12 = os.environ.get("THEODOI_SIGNING_PKCS12", "")
THEODOI_SIGNING_PKCS11_MODULE = os.environ.get("THEODOI_SIGNING_PKCS11_MODULE", "")
THEODOI_SIGNING_PKCS11_TOKEN = os.environ.get("THEODOI_SIGNING_PKCS11_TOKEN", "")
THEODOI_SIGNING_PKCS11_KEY = os.environ.get("THEODOI_SIGNING_PKCS11_KEY", "")
THEODOI_SIGNING_TRUST_ROOTS = os.environ.get("THEODOI_SIGNING_TRUST_ROOTS", "")
THEODOI_SIGNING_TSA_URL = os.environ.get("THEODOI_SIGNING_TSA_URL", "")
THEODOI_SIGNING_FONT = os.environ.get("THEODOI_SIGNING_FONT", "")
# LibreOffice turns a generated Word file into the PDF that is signed.
THEODOI_SOFFICE = os.environ.get("THEODOI_SOFFICE", "soffice")
THEODOI_SOFFICE_TIMEOUT = _env_int("THEODOI_SOFFICE_TIMEOUT", 120, 5, 900)

# Secure transport in production (checked by `theodoi check --deploy`).
if PRODUCTION:
    SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = _env_int("SECURE_HSTS_SECONDS", 31536000, 0, 2 * 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts and styles only from our own static files, no
# inline script or style, no eval; htmx is told not to add its inline indicator <style> and not
# to evaluate attributes (the <meta name="htmx-config"> in base.html). docs/operations.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Django's own "django" logger writes to its console handler under DEBUG and then passes the
# record up to ours: every refused page printed its traceback twice. One handler, at the root.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django": {"handlers": [], "propagate": True}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
