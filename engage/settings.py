"""Engage settings: one module, driven by the environment.

SQLite is the default database; DATABASE_URL switches to PostgreSQL. With DEBUG off there is no
default secret key and no default host, so a misconfigured production server fails at start-up
rather than running insecurely.
"""

from pathlib import Path

import environ
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = (
    env.str("SECRET_KEY", default="engage-insecure-development-key-do-not-use")
    if DEBUG
    else env.str("SECRET_KEY")
)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public address of this installation, used in calendar feed links and emails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_htmx",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "engage.core",
    "engage.accounts",
    "engage.places",
    "engage.stakeholders",
    "engage.meetings",
    "engage.engagements",
    "engage.consultations",
    "engage.decisions",
    "engage.messaging",
    "engage.publishing",
    "engage.reports",
    "engage.planning",
    "engage.evaluation",
    "engage.sharing",
    "engage.dataprotection",
    "engage.public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "engage.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before the session, CSRF and messages middleware: it sees the cookies they set.
    "engage.core.public_cache.CacheHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "engage.accounts.middleware.IdleTimeoutMiddleware",
    "engage.accounts.middleware.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "engage.core.middleware.OfficeMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "engage.urls"
WSGI_APPLICATION = "engage.wsgi.application"

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
                "csp.context_processors.nonce",
                "engage.core.context_processors.office",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'engage.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Public forms are rate-limited per address. Behind a proxy, name the header holding the client's
# address (e.g. HTTP_X_FORWARDED_FOR) or everyone shares the proxy's limit.
RATELIMIT_IP_META_KEY = env.str("RATELIMIT_IP_META_KEY", default="REMOTE_ADDR")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # NCSC: length, not complexity rules or forced expiry; every account here is staff.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 15},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A change reason says why ("Merged into Road safety…", "Room unavailable"): it is text, not a
# 100-character label, so PostgreSQL never refuses a long one.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sign-in (django-allauth; docs/sign-in.md). Staff accounts are made by an administrator: nobody
# signs up. Email and password, then an authenticator app's code (or a recovery code).
ACCOUNT_ADAPTER = "engage.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "engage.accounts.forms.LoginForm",
    "change_password": "engage.accounts.forms.ChangePasswordForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Lockout: 5 failed sign-ins to one account in 15 minutes lock it for the rest of those minutes;
# 20 a minute from one address lock that address out. Counted in the cache (CACHE_URL: shared by
# every application server in production).
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("LOGIN_FAILED_LIMIT", default="20/m/ip,5/15m/key"),
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
MFA_ADAPTER = "engage.accounts.adapter.MFAAdapter"
MFA_FORMS = {
    "authenticate": "engage.accounts.forms.AuthenticateForm",
    "reauthenticate": "engage.accounts.forms.ReauthenticateForm",
    "activate_totp": "engage.accounts.forms.ActivateTOTPForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Engage")
MFA_RECOVERY_CODE_COUNT = 10
# Every role that can see personal data must add an authenticator app before doing anything else
# (engage.accounts.middleware.RequireTwoFactorMiddleware).
ENGAGE_REQUIRE_TWO_FACTOR = env.bool("ENGAGE_REQUIRE_TWO_FACTOR", default=True)
# A staff session ends after this many seconds without a request (and in any case after
# SESSION_COOKIE_AGE).
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English")), ("cy", _("Cymraeg"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded imports are read in memory; a schedule or census file is a few hundred KB at most.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Email: SMTP in production; the console backend prints messages for the demo.
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="engage@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Messaging (engage/messaging/providers.py): how emails and texts leave Engage.
# Email: "django" sends through EMAIL_URL above (SMTP in production, the console for the demo);
# "notify" through GOV.UK Notify. SMS: "file" writes each text under MEDIA_ROOT/sms/ (the demo),
# "console" prints it, "notify" sends it through GOV.UK Notify.
MESSAGING_EMAIL_BACKEND = env.str("MESSAGING_EMAIL_BACKEND", default="django")
MESSAGING_SMS_BACKEND = env.str("MESSAGING_SMS_BACKEND", default="file")
# A Notify API key, and one template per channel whose subject is ((subject)) and body ((body)).
NOTIFY_API_KEY = env.str("NOTIFY_API_KEY", default="")
NOTIFY_BASE_URL = env.str("NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk")
NOTIFY_EMAIL_TEMPLATE_ID = env.str("NOTIFY_EMAIL_TEMPLATE_ID", default="")
NOTIFY_SMS_TEMPLATE_ID = env.str("NOTIFY_SMS_TEMPLATE_ID", default="")
# The bearer token Notify sends with delivery receipts and received texts (set in Notify's
# callback settings). Without it the callbacks refuse everything.
NOTIFY_CALLBACK_TOKEN = env.str("NOTIFY_CALLBACK_TOKEN", default="")
# Texts say "Reply STOP" instead of carrying a link only when the Notify service has an inbound
# number whose received texts reach messaging:notify_inbound.
NOTIFY_INBOUND_SMS = env.bool("NOTIFY_INBOUND_SMS", default=False)
# Messages per second per provider, shared by every worker through the cache (so with several
# workers CACHE_URL must name a shared cache); 0 means no limit. Notify allows 3,000 a minute.
MESSAGING_RATE = env.float("MESSAGING_RATE", default=25)
# Attempts before a message is failed and listed for staff on the delivery page.
MESSAGING_MAX_ATTEMPTS = env.int("MESSAGING_MAX_ATTEMPTS", default=6)
# Replies to alerts by email: "replies@alerts.example.org" gives each alert a Reply-To of
# replies+<token>@alerts.example.org, which the mail server pipes to `manage.py receive_email`.
MESSAGING_REPLY_TO = env.str("MESSAGING_REPLY_TO", default="")
_MESSAGING_BACKENDS = {
    "MESSAGING_EMAIL_BACKEND": ("django", "notify"),
    "MESSAGING_SMS_BACKEND": ("file", "console", "notify"),
}
for _name, _choices in _MESSAGING_BACKENDS.items():
    if globals()[_name] not in _choices:
        raise ImproperlyConfigured(f"{_name} must be one of {', '.join(_choices)}.")
if "notify" in (MESSAGING_EMAIL_BACKEND, MESSAGING_SMS_BACKEND):
    _missing = [
        name
        for name, needed in (
            ("NOTIFY_API_KEY", True),
            ("NOTIFY_EMAIL_TEMPLATE_ID", MESSAGING_EMAIL_BACKEND == "notify"),
            ("NOTIFY_SMS_TEMPLATE_ID", MESSAGING_SMS_BACKEND == "notify"),
        )
        if needed and not globals()[name]
    ]
    if _missing:
        raise ImproperlyConfigured(f"GOV.UK Notify is chosen: set {', '.join(_missing)}.")
    # A key is "<name>-<service id>-<secret>", two UUIDs at the end.
    if len(NOTIFY_API_KEY) < 74:
        raise ImproperlyConfigured("NOTIFY_API_KEY is not a whole GOV.UK Notify API key.")

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Security. Secure cookies and HSTS whenever DEBUG is off; SECURE_SSL_REDIRECT can be turned off
# by a proxy that terminates TLS and redirects itself.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
# /.well-known/security.txt (RFC 9116): where to report a vulnerability in this installation.
SECURITY_CONTACT = env.list("SECURITY_CONTACT", default=[f"mailto:{DEFAULT_FROM_EMAIL}"])
SECURITY_POLICY_URL = env.str("SECURITY_POLICY_URL", default="")
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
