"""Funil settings: one file, everything read from the environment through typed helpers.

Every variable is listed in `.env.example` and in the README. Bad values fail loudly at start-up.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_path(name: str, default: Path) -> Path:
    """A path from the environment; a relative one is taken from the checkout, not the current directory."""
    raw = os.environ.get(name)
    path = Path(raw) if raw else default
    return path if path.is_absolute() else BASE_DIR / path


VAR_DIR = env_path("FUNIL_VAR_DIR", BASE_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file, static files and generated secrets live here


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {sorted(choices)}, got {value!r}")
    return value


DEBUG = env_bool("FUNIL_DEBUG", False)


def _secret_key() -> str:
    """SECRET_KEY from the environment (50+ characters), or one generated once and kept in var/ (mode 0600).

    There is no built-in default: a key everybody knows would let anyone forge sessions and reset links.
    """
    key = os.environ.get("SECRET_KEY", "")
    if key:
        if len(key) < 50:
            raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long")
        return key
    if env_bool("FUNIL_REQUIRE_SECRET_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY must be set when FUNIL_REQUIRE_SECRET_KEY is on")
    path = VAR_DIR / "secret-key"
    if not path.exists():
        import secrets

        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("FUNIL_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("FUNIL_CSRF_TRUSTED_ORIGINS", [])
# Reverse proxies (addresses or networks) whose X-Forwarded-For is believed: public endpoints rate-limit by the
# visitor's address, which behind a proxy only that header carries. Empty: the header is never read.
FUNIL_TRUSTED_PROXIES = env_list("FUNIL_TRUSTED_PROXIES", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "ninja",
    "django_tasks_db",
    "funil.core",
    "funil.accounts",
    "funil.catalog",
    "funil.pipelines",
    "funil.contacts",
    "funil.leads",
    "funil.deals",
    "funil.activities",
    "funil.intake",
    "funil.intake.webforms",
    "funil.intake.mail",
    "funil.intake.webhooks",
    "funil.intake.merge",
    "funil.imports",
    "funil.analytics",
    "funil.demo",
    "funil.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "funil.accounts.middleware.CurrentWorkspaceMiddleware",
]

ROOT_URLCONF = "funil.urls"
WSGI_APPLICATION = "funil.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "funil" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "funil.web.context_processors.shell",
            ],
        },
    },
]

# Database: SQLite under var/ by default (WAL on), PostgreSQL when DATABASE_URL says so.
DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'funil.sqlite3'}"
DATABASE_URL = env_str("DATABASE_URL", DEFAULT_SQLITE)
if not DATABASE_URL.startswith(("sqlite:", "postgres:", "postgresql:")):
    raise ImproperlyConfigured(f"DATABASE_URL must be sqlite:///... or postgres://..., got {DATABASE_URL!r}")
_db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("FUNIL_DB_CONN_MAX_AGE", 60))
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        # WAL lets the web process read while the worker writes; IMMEDIATE avoids lock upgrades mid-transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
    _db["CONN_MAX_AGE"] = 0
    # FUNIL_TEST_SQLITE_PATH lets two suites run side by side without sharing a file.
    test_file = env_str("FUNIL_TEST_SQLITE_PATH", str(VAR_DIR / "test-funil.sqlite3"))
    _db["TEST"] = {"NAME": test_file} if env_bool("FUNIL_TEST_SQLITE_FILE", False) else {}
else:
    _db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) serve PostgreSQL; SQLite builds them without the extra columns, which is fine.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("pt-br", "Português (Brasil)"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "funil" / "locale"]
FORMAT_MODULE_PATH = ["funil.formats"]
TIME_ZONE = env_str("FUNIL_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "funil" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env_path("FUNIL_MEDIA_ROOT", VAR_DIR / "media")

# Background work: the database backend by default; Redis (RQ) for many workers on many machines.
TASK_BACKEND = env_choice("FUNIL_TASK_BACKEND", "database", {"database", "redis", "immediate"})
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
if TASK_BACKEND == "redis":
    INSTALLED_APPS += ["django_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
elif TASK_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
FUNIL_MAX_UPLOAD_MB = env_int("FUNIL_MAX_UPLOAD_MB", 10, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
SCHEDULER_TICK_SECONDS = env_int("FUNIL_SCHEDULER_TICK_SECONDS", 30, minimum=1)
# Intake: identical submissions without an idempotency key within this window are one; deliveries are
# remembered (for replays) this many days.
FUNIL_INTAKE_DEDUPE_MINUTES = env_int("FUNIL_INTAKE_DEDUPE_MINUTES", 10, minimum=0)
FUNIL_INTAKE_DELIVERY_DAYS = env_int("FUNIL_INTAKE_DELIVERY_DAYS", 7, minimum=1)
FUNIL_WEBHOOK_MAX_BYTES = env_int("FUNIL_WEBHOOK_MAX_BYTES", 512 * 1024, minimum=1024)
FUNIL_INBOUND_MAIL_MAX_BYTES = env_int("FUNIL_INBOUND_MAIL_MAX_BYTES", 25 * 1024 * 1024, minimum=1024)
# Imports: rows per committed batch, and how long a running import may stay silent before another worker
# takes it over from its last committed batch (its worker died).
FUNIL_IMPORT_BATCH_ROWS = env_int("FUNIL_IMPORT_BATCH_ROWS", 1000, minimum=1)
FUNIL_IMPORT_STALL_SECONDS = env_int("FUNIL_IMPORT_STALL_SECONDS", 120, minimum=1)
# Files of at least FUNIL_IMPORT_PARALLEL_ROWS rows are read by FUNIL_IMPORT_PROCESSES processes (0: one per core).
FUNIL_IMPORT_PROCESSES = env_int("FUNIL_IMPORT_PROCESSES", 0, minimum=0)
FUNIL_IMPORT_PARALLEL_ROWS = env_int("FUNIL_IMPORT_PARALLEL_ROWS", 20000, minimum=1)

# Email: "console" prints mail (development), "smtp" sends it through FUNIL_EMAIL_HOST.
EMAIL_MODE = env_choice("FUNIL_EMAIL", "console", {"console", "smtp"})
if EMAIL_MODE == "smtp":
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("FUNIL_EMAIL_HOST", "localhost"),
                "port": env_int("FUNIL_EMAIL_PORT", 25, minimum=1),
                "username": env_str("FUNIL_EMAIL_USER", ""),
                "password": env_str("FUNIL_EMAIL_PASSWORD", ""),
                "use_tls": env_bool("FUNIL_EMAIL_TLS", False),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("FUNIL_FROM_EMAIL", "Funil <funil@localhost>")

# Content-Security-Policy: no external request from any page.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'nonce'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "frame-ancestors": ["'none'"],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("FUNIL_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("FUNIL_LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR"}),
    },
}
