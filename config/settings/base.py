"""Settings shared by every environment. Deploy-specific values come from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "courses.admin_apps.AuthoringAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "polymorphic",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "common",
    "audit",
    "accounts",
    "courses",
    "quizzes",
    "certificates",
    "reporting",
    "groups",
    "privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "common.middleware.SiteCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "common.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session passed the second step?
    "django_otp.middleware.OTPMiddleware",
    # Sends people who must use two-factor sign-in to the code (or set-up) page.
    "accounts.middleware.TwoFactorMiddleware",
    "common.middleware.SessionIdleMiddleware",
    "common.middleware.PrivateCacheMiddleware",
    "common.middleware.OddIdMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it turns a lock-out flagged by the authentication backend into the page.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "common.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
# Persistent connections (DB_CONN_MAX_AGE) are checked before their first use
# in each request, so a connection the database dropped (a restart) is
# replaced instead of failing the request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("DB_CONN_HEALTH_CHECKS", True)
# PostgreSQL: parameters bound on the server, and a statement a connection has
# run five times is prepared (psycopg's prepare_threshold), so the queries every
# learner page repeats (session, user, round, progress) are not parsed and
# planned again on each request. Django turns both off by default for
# transaction-mode poolers (PgBouncer before 1.21 cannot keep prepared
# statements): set LARSPAR_DB_PREPARED_STATEMENTS=false behind one.
if DATABASES["default"]["ENGINE"].endswith("postgresql") and env_bool(
    "LARSPAR_DB_PREPARED_STATEMENTS", True
):
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"server_side_binding": True, "prepare_threshold": 5})
# SQLite (the zero-set-up default) under several concurrent learners: WAL lets
# readers go on while one connection writes, the busy timeout makes a writer
# wait for the lock instead of failing with "database is locked", and
# IMMEDIATE transactions take the write lock at BEGIN, so a transaction never
# has to upgrade a read lock (an upgrade that fails at once, whatever the
# timeout). synchronous=NORMAL is the usual, durable-enough companion of WAL.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "timeout": int(os.environ.get("LARSPAR_SQLITE_TIMEOUT", "20")),
            "transaction_mode": "IMMEDIATE",
        }
    )
# While the database is unreachable pages answer 503 with this Retry-After
# (common.views.server_error).
LARSPAR_DB_UNAVAILABLE_RETRY_AFTER = int(os.environ.get("LARSPAR_DB_UNAVAILABLE_RETRY_AFTER", "30"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# AxesStandaloneBackend refuses a locked-out user+client before any password is checked.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.SignInThrottleBackend",
    # Django's ModelBackend, loading the signed-in user with their roles in one query.
    "accounts.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "courses:my-courses"
LOGOUT_REDIRECT_URL = "login"

# Swedish first; English is available for the interface.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("Engelska"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Stockholm")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Files that must never be public (certificate PDFs): outside MEDIA_ROOT,
# served only by permission-checked views (certificates/storage.py).
LARSPAR_PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", BASE_DIR / "private"))
# Background tasks (Django's tasks API, the django-tasks backport): long work
# — certificate ZIPs, large user imports, reminders, re-rendering PDFs — is
# queued in the database and run by `manage.py db_worker` (a process of its
# own: `make run` starts one, deploy/systemd/larspar-worker.service in
# production). The code only calls `.enqueue()`; another backend (Redis,
# RabbitMQ) is a change here, not in the apps.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# Finished background jobs (a manager's certificate ZIP, a user import's
# report) and their files are deleted this long after they were asked for
# (`manage.py jobs_expire`, run daily).
LARSPAR_JOB_RETENTION_HOURS = int(os.environ.get("LARSPAR_JOB_RETENTION_HOURS", "24"))
# A job still "running" this long after it was asked for is reported failed (its worker died).
LARSPAR_JOB_STALE_HOURS = int(os.environ.get("LARSPAR_JOB_STALE_HOURS", "6"))
# A user import of more rows than this runs in the background worker with a
# status page; smaller files are imported at once, as before.
LARSPAR_USER_IMPORT_BACKGROUND_ROWS = int(
    os.environ.get("LARSPAR_USER_IMPORT_BACKGROUND_ROWS", "500")
)
# Uploaded course media (images, captions, downloads).
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
# Django's database sessions, loaded without the ORM's query building (common/session_store.py).
SESSION_ENGINE = "common.session_store"
# A session ends after this long without activity (common/sessions.py extends
# it while the person is active); "Offentlig dator" at sign-in also ends it
# when the browser closes.
SESSION_COOKIE_AGE = int(float(os.environ.get("LARSPAR_SESSION_IDLE_HOURS", "8")) * 3600)
LARSPAR_SESSION_REFRESH_SECONDS = min(300, SESSION_COOKIE_AGE // 10)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): only this site's own files; no inline
# script or style anywhere (tests/security/test_headers.py checks the templates).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "media-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The admin's only inline style: django-polymorphic's inline "add" menu
# (style="display: none;"); see common.middleware.SiteCSPMiddleware.
LARSPAR_ADMIN_STYLE_ATTRIBUTE_HASHES = ["'sha256-biLFinpqYMtWHmXfkA1BPeCY0/fNt46SAZ+BBk5YUog='"]
# Permissions-Policy (django-permissions-policy): no powerful features; video
# may go full screen.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "fullscreen": ["self"],
}
# /.well-known/security.txt
LARSPAR_SECURITY_CONTACT = os.environ.get("LARSPAR_SECURITY_CONTACT", "mailto:security@localhost")
LARSPAR_SECURITY_POLICY_URL = os.environ.get("LARSPAR_SECURITY_POLICY_URL", "")
# With DEBUG off the site is assumed to run behind HTTPS (a TLS-terminating
# proxy that sets X-Forwarded-Proto); each setting can be turned off by env.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "larspar@localhost")

# The organisation named on certificates and on the public verification page.
LARSPAR_ISSUER_NAME = os.environ.get("LARSPAR_ISSUER_NAME", "Lärspår – kompetenscentrum")
# Days after a required course's certificate expires (or is revoked) before
# the person counts as overdue ("Förnyelse krävs" until then).
LARSPAR_RENEWAL_DAYS = int(os.environ.get("LARSPAR_RENEWAL_DAYS", "30"))
# An overdue required course is reminded again at most this often (days); an
# expiring certificate and a lapse are reminded once each.
LARSPAR_REMINDER_INTERVAL_DAYS = int(os.environ.get("LARSPAR_REMINDER_INTERVAL_DAYS", "30"))
# Whom a holder contacts about a revoked certificate (named in the e-mail and
# on My certificates).
LARSPAR_CERTIFICATE_CONTACT = os.environ.get(
    "LARSPAR_CERTIFICATE_CONTACT", "kursadministratören i din organisation"
)
# Absolute base URL used where a link leaves the site (QR codes, e-mails).
LARSPAR_BASE_URL = os.environ.get("LARSPAR_BASE_URL", "http://127.0.0.1:8000")
# Where "Lämna sidan snabbt" (quick exit) goes: a neutral site that reveals nothing.
LARSPAR_QUICK_EXIT_URL = os.environ.get("LARSPAR_QUICK_EXIT_URL", "https://www.google.com/")

# Months after deactivation before `manage.py apply_retention` erases a person's data.
LARSPAR_RETENTION_MONTHS = int(os.environ.get("LARSPAR_RETENTION_MONTHS", "24"))
# Months the audit log keeps an event; `manage.py apply_retention` deletes older ones.
LARSPAR_AUDIT_RETENTION_MONTHS = int(os.environ.get("LARSPAR_AUDIT_RETENTION_MONTHS", "36"))

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    },
    # Published course content (courses/content_cache.py): keyed by course
    # version, so each process's own memory is correct without invalidation
    # messages. LARSPAR_CONTENT_CACHE_URL=redis://… shares it between servers.
    "content": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "content",
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
if os.environ.get("LARSPAR_CONTENT_CACHE_URL"):
    CACHES["content"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["LARSPAR_CONTENT_CACHE_URL"],
        "TIMEOUT": 24 * 3600,
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- Sign-in throttling (django-axes) -----------------------------------------
# After LARSPAR_LOGIN_FAILURE_LIMIT wrong passwords for one username from one
# client, that pair is locked for LARSPAR_LOGIN_COOLOFF_MINUTES, counted from
# the failure that locked it (attempts during the lock-out do not extend it).
# The same applies to the admin login. Administrators unlock under
# Admin → Axes → Access attempts (delete the row). Both are logged at WARNING.
AXES_FAILURE_LIMIT = int(os.environ.get("LARSPAR_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LARSPAR_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.views.login_locked_out"
AXES_CLIENT_IP_CALLABLE = "common.net.client_ip"
# No row per successful sign-in (data minimisation); failures are kept until
# the next success or the cool-off.
AXES_DISABLE_ACCESS_LOG = True
AXES_HTTP_RESPONSE_CODE = 429

# --- Two-factor sign-in (django-otp; accounts/middleware.py) -------------------
# Administrators (staff, superusers) and trainers must sign in with a code from
# an authenticator app (TOTP) after the password; the first time they are led
# to set one up and get recovery codes. Managers may choose it; whoever has a
# device is asked for a code. LARSPAR_TWO_FACTOR_REQUIRED=false stops the
# requirement (nobody is forced to set up a device; people who have one are
# still asked): for a development machine only, never in production
# (config/settings/production.py refuses it).
LARSPAR_TWO_FACTOR_REQUIRED = env_bool("LARSPAR_TWO_FACTOR_REQUIRED", True)
# Wrong codes per person in a window of this many seconds; beyond it 429 until it ends.
LARSPAR_TWO_FACTOR_FAILURE_LIMIT = int(os.environ.get("LARSPAR_TWO_FACTOR_FAILURE_LIMIT", "5"))
LARSPAR_TWO_FACTOR_FAILURE_WINDOW = int(os.environ.get("LARSPAR_TWO_FACTOR_FAILURE_WINDOW", "900"))
# Recovery codes made at set-up (each works once).
LARSPAR_RECOVERY_CODE_COUNT = 10
OTP_TOTP_ISSUER = "Lärspår"
# django-otp's own per-device delay after a wrong code is off: the limit above
# is the one rule (with a clear message and Retry-After), instead of a right
# code silently refused because it came within the device's back-off.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

# --- Certificates (certificates app) ---------------------------------------
# Verification look-ups per client IP and minute; beyond it the page answers 429.
LARSPAR_VERIFY_RATE_LIMIT = int(os.environ.get("LARSPAR_VERIFY_RATE_LIMIT", "30"))
LARSPAR_VERIFY_RATE_WINDOW = 60
# Bulk verification (managers): submissions per signed-in person and hour.
LARSPAR_BULK_VERIFY_RATE_LIMIT = int(os.environ.get("LARSPAR_BULK_VERIFY_RATE_LIMIT", "30"))
LARSPAR_BULK_VERIFY_RATE_WINDOW = int(os.environ.get("LARSPAR_BULK_VERIFY_RATE_WINDOW", "3600"))
# The counters (common/ratelimit.py) are rows of common.RateLimitCounter,
# counted by one atomic upsert, so several stateless app servers count
# together without new infrastructure. With Redis (pip install '.[redis]'),
# set LARSPAR_RATELIMIT_CACHE_URL=redis://… to count there instead (atomic
# INCR, no database writes).
# Clients are told apart by REMOTE_ADDR. Behind a reverse proxy every request
# would share the proxy's address: set LARSPAR_CLIENT_IP_HEADER to the header
# the proxy overwrites with the client's address (HTTP_X_REAL_IP with
# deploy/nginx/larspar.conf). Never name a header clients can set themselves
# unless the proxy replaces it. Sign-in lock-outs use the same address.
LARSPAR_CLIENT_IP_HEADER = os.environ.get("LARSPAR_CLIENT_IP_HEADER", "")
LARSPAR_RATELIMIT_CACHE_URL = os.environ.get("LARSPAR_RATELIMIT_CACHE_URL", "")
CACHES["ratelimit"] = (
    {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": LARSPAR_RATELIMIT_CACHE_URL,
    }
    if LARSPAR_RATELIMIT_CACHE_URL
    # Not used for counting without Redis; kept so the alias always exists.
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit"}
)
# Sign-in failures and lock-outs (django-axes and accounts.views).
LOGGING["loggers"] = {
    "axes": {"level": "WARNING"},
    "larspar.security": {"level": "INFO"},
}
# WeasyPrint reports every rendering step at INFO; keep its warnings only.
LOGGING.setdefault("loggers", {})["weasyprint"] = {"level": "WARNING"}

# --- Reporting (reporting app) -----------------------------------------------
# PostgreSQL's JIT compiler spends 0.5–1 s compiling the reporting queries
# (their cost estimates are high) to save milliseconds: measured in
# bench/bench_reporting.py. Off for this web workload; LARSPAR_PG_JIT=on restores it.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "options", f"-c jit={os.environ.get('LARSPAR_PG_JIT', 'off')}"
    )

# --- Single sign-on (sso app) ------------------------------------------------
# OpenID Connect through the organisation's identity provider (README, "Single
# sign-on"). Off unless LARSPAR_OIDC_ISSUER and LARSPAR_OIDC_CLIENT_ID are set;
# the endpoints and keys come from <issuer>/.well-known/openid-configuration.
from sso.conf import parse_role_map  # noqa: E402

INSTALLED_APPS += ["sso"]
TEMPLATES[0]["OPTIONS"]["context_processors"].append("sso.context_processors.sso")
# The gate first (it refuses passwords when local sign-in is off), the OIDC backend last.
AUTHENTICATION_BACKENDS = [
    "sso.backends.LocalSignInGate",
    *AUTHENTICATION_BACKENDS,
    "sso.backends.OIDCBackend",
]
LARSPAR_OIDC_ISSUER = os.environ.get("LARSPAR_OIDC_ISSUER", "").rstrip("/")
OIDC_RP_CLIENT_ID = os.environ.get("LARSPAR_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("LARSPAR_OIDC_CLIENT_SECRET", "")
OIDC_RP_SCOPES = os.environ.get("LARSPAR_OIDC_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_USE_NONCE = True
# The ID token is kept in the session as the hint for sign-out at the provider.
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = int(os.environ.get("LARSPAR_OIDC_TIMEOUT_SECONDS", "10"))
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:oidc-callback"
LARSPAR_OIDC_DISCOVERY_SECONDS = int(os.environ.get("LARSPAR_OIDC_DISCOVERY_SECONDS", "3600"))
# Clock difference tolerated between Lärspår and the provider for exp/iat.
LARSPAR_OIDC_LEEWAY_SECONDS = 60
# How a first sign-in finds an existing account: "employee_id", "email", or both in order.
# The identity provider does the strong authentication for SSO sign-ins: the
# second step (two-factor) applies to local accounts only (issue 20).
LARSPAR_TWO_FACTOR_EXEMPT_BACKENDS = ["sso.backends.OIDCBackend", "sso.backends.SAMLBackend"]
LARSPAR_SSO_MATCH_BY = env_list("LARSPAR_SSO_MATCH_BY", "employee_id,email")
LARSPAR_SSO_CREATE_USERS = env_bool("LARSPAR_SSO_CREATE_USERS", True)
# Claim names; an empty unit/professional-group/roles claim means "never set from claims".
LARSPAR_SSO_CLAIM_EMAIL = os.environ.get("LARSPAR_SSO_CLAIM_EMAIL", "email")
LARSPAR_SSO_CLAIM_EMPLOYEE_ID = os.environ.get("LARSPAR_SSO_CLAIM_EMPLOYEE_ID", "employee_id")
LARSPAR_SSO_CLAIM_FIRST_NAME = os.environ.get("LARSPAR_SSO_CLAIM_FIRST_NAME", "given_name")
LARSPAR_SSO_CLAIM_LAST_NAME = os.environ.get("LARSPAR_SSO_CLAIM_LAST_NAME", "family_name")
LARSPAR_SSO_CLAIM_UNIT = os.environ.get("LARSPAR_SSO_CLAIM_UNIT", "")
LARSPAR_SSO_CLAIM_PROFESSIONAL_GROUP = os.environ.get("LARSPAR_SSO_CLAIM_PROFESSIONAL_GROUP", "")
LARSPAR_SSO_CLAIM_ROLES = os.environ.get("LARSPAR_SSO_CLAIM_ROLES", "")
# "claim value=role, …" (roles: learner, trainer, manager, administrator); only these are
# granted, and removed again when the claim no longer carries them.
LARSPAR_SSO_ROLE_MAP = parse_role_map(os.environ.get("LARSPAR_SSO_ROLE_MAP", ""))
# off: only the organisation's accounts (superusers keep /admin/ sign-in); needs SSO on.
LARSPAR_LOCAL_LOGIN = env_bool("LARSPAR_LOCAL_LOGIN", True)
# SAML 2.0 (djangosaml2/pysaml2, signatures by Debian's xmlsec1). Off unless the identity
# provider's metadata is named: a file path or an https URL.
LARSPAR_SAML_IDP_METADATA = os.environ.get("LARSPAR_SAML_IDP_METADATA", "")
# Default: <LARSPAR_BASE_URL>/sso/saml/metadata/ (also where the SP metadata is served).
LARSPAR_SAML_ENTITY_ID = os.environ.get("LARSPAR_SAML_ENTITY_ID", "")
# Optional: sign AuthnRequests with this key pair (PEM files).
LARSPAR_SAML_SP_KEY_FILE = os.environ.get("LARSPAR_SAML_SP_KEY_FILE", "")
LARSPAR_SAML_SP_CERT_FILE = os.environ.get("LARSPAR_SAML_SP_CERT_FILE", "")
# claim=SAML attribute (friendly name): the SAML attributes read as the claims above.
LARSPAR_SAML_ATTRIBUTE_MAP = dict(
    item.split("=", 1)
    for item in env_list(
        "LARSPAR_SAML_ATTRIBUTE_MAP",
        "email=mail,given_name=givenName,family_name=sn,employee_id=employeeNumber,"
        "unit_code=departmentNumber,professional_group=title,groups=memberOf",
    )
)
INSTALLED_APPS += ["djangosaml2"]
AUTHENTICATION_BACKENDS += ["sso.backends.SAMLBackend"]
# djangosaml2 keeps the outstanding AuthnRequests in their own session cookie.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
    "djangosaml2.middleware.SamlSessionMiddleware",
)
SAML_SESSION_COOKIE_NAME = "larspar_saml"
SAML_CONFIG_LOADER = "sso.saml.sp_config"
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
# Single logout by redirect too (pysaml2 would otherwise prefer SOAP).
SAML_LOGOUT_REQUEST_PREFERRED_BINDING = SAML_DEFAULT_BINDING
# The AuthnRequest goes by redirect, so no auto-submitting form (and no inline script) is used.
SAML_CSP_HANDLER = ""
# pysaml2 and its schema library report every parsed document at INFO; keep their warnings.
LOGGING["loggers"].update({"saml2": {"level": "WARNING"}, "xmlschema": {"level": "WARNING"}})
# --- end of single sign-on -----------------------------------------------------
