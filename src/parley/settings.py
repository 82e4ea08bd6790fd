"""Parley's one settings module, configured only by environment variables.

It runs with no configuration at all: SQLite under var/, a generated secret key,
e-mail printed to the console. Every variable is documented in the README.
"""

import os
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from parley.config import (
    database_from_url,
    email_from_url,
    env_bool,
    env_int,
    env_list,
    env_share,
    env_str,
    media_storage,
    oauth_app,
    oidc_providers,
    release_fingerprint,
    secret_key,
    sign_in_origins,
    site_url,
)

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("PARLEY_VAR_DIR", PROJECT_DIR / "var"))


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_key(VAR_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'parley.sqlite3'}"
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    # First, so its templates (the layout, allauth's elements) override the apps' own.
    "parley",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.facebook",
    "allauth.socialaccount.providers.twitter_oauth2",
    "parley.accounts.wordpress_com",  # allauth has no WordPress.com provider
    "allauth.mfa",
    "ninja",
    "django_tasks_db",
    "parley.accounts",
    "parley.organisations",
    "parley.discussions",
    "parley.moderation",
    "parley.blog",
    "parley.guidance",
    "parley.consultations",
    "parley.files",
    "parley.notifications",
    "parley.wiki",
    "parley.wordpress",
    "parley.insights",
    "parley.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "parley.csrf.KeptPageForms",  # the forms of pages nginx serves from files
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "parley.accounts.middleware.AccountSecurityMiddleware",
    "parley.null_characters.RefuseNullCharacters",  # after auth: the 404 page shows the user
    "parley.wordpress.middleware.OldWordPressAddresses",  # old WordPress addresses redirect
]

ROOT_URLCONF = "parley.urls"
WSGI_APPLICATION = "parley.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "parley.context_processors.site",
            ],
            "builtins": ["django.templatetags.static"],
        },
    }
]

FORM_RENDERER = "parley.forms.GovukFormRenderer"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [  # Django's, in our words and in Welsh
    {"NAME": "parley.accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "parley.accounts.passwords.MinimumLengthValidator"},
    {"NAME": "parley.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "parley.accounts.passwords.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_ADAPTER = "parley.accounts.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "parley.accounts.forms.SignupForm"
# allauth's forms with the site's labels (sentence case, "E-mail address", no placeholders).
ACCOUNT_FORMS = {
    name: f"parley.accounts.allauth_forms.{form}"
    for name, form in [
        ("login", "LoginForm"),
        ("signup", "SignupForm"),
        ("add_email", "AddEmailForm"),
        ("change_password", "ChangePasswordForm"),
        ("set_password", "SetPasswordForm"),
        ("reset_password", "ResetPasswordForm"),
        ("reset_password_from_key", "ResetPasswordKeyForm"),
        ("reauthenticate", "ReauthenticateForm"),
    ]
}
SOCIALACCOUNT_FORMS = {"signup": "parley.accounts.allauth_forms.SocialSignupForm"}
# Confirming the address in the browser that signed up signs the person in.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, Any]] = {
    "openid_connect": {
        "provider_class": "parley.accounts.oidc.Provider",  # a nonce on every sign-in
        "OAUTH_PKCE_ENABLED": True,
        "APPS": oidc_providers(env_str("OIDC_PROVIDERS", "")),
    },
    "facebook": {"APPS": oauth_app("FACEBOOK"), "SCOPE": ["email", "public_profile"]},
    "twitter_oauth2": {"APPS": oauth_app("X"), "OAUTH_PKCE_ENABLED": True},
    "wordpress_com": {"APPS": oauth_app("WORDPRESS_COM")},
}
SOCIALACCOUNT_ADAPTER = "parley.accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_VERIFICATION = "mandatory"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True  # a provider-verified address signs in its account
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_LOGIN_ON_GET = False  # starting a sign-in is a POST (CSRF-protected)
SOCIALACCOUNT_STORE_TOKENS = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("SITE_NAME", "Parley")
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key", "signup": "20/m/ip"}

LANGUAGE_CODE = "en-gb"
# English and Welsh. The language comes from the person's choice (the switch in the header sets a
# cookie through Django's set_language view), else the browser's Accept-Language, else English.
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LANGUAGE_COOKIE_SAMESITE = "Lax"  # Secure with the other cookies, below
# Project-wide strings; each app keeps its own catalogue in <app>/locale/.
# django-allauth has no Welsh; our catalogue of its strings people see comes after the project's.
LOCALE_PATHS = [
    Path(__file__).resolve().parent / "locale",
    Path(__file__).resolve().parent / "accounts" / "allauth_locale",
]
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Uploaded files (parley.files): var/media/ by default, or an S3-compatible bucket that several
# app servers share (docs/deployment.md). They are never served from MEDIA_URL: every file
# goes through parley.files.views, which checks who may read it.
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": media_storage(env_str("MEDIA_STORAGE_URL", ""), MEDIA_ROOT),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Respondents' files: scanned by a ClamAV daemon at this unix socket when set (nothing is
# scanned when empty: docs/security.md); their text read in the background, each file's
# reader stopped after this many seconds.
CLAMD_SOCKET = env_str("CLAMD_SOCKET", "")
FILE_TEXT_SECONDS = env_int("FILE_TEXT_SECONDS", 60)

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "parley"),
        }
    }
else:
    # Shared by every process on this machine (parley serve's web workers included), so rate
    # limits, the sign-in lockout and used one-time codes count once, not once per process.
    CACHES = {
        "default": {
            "BACKEND": "parley.shared_cache.SharedFileCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
# With Redis, sessions are read from it and written through to the database: every app server
# sees them, and a Redis restart signs nobody out. A per-process cache would serve stale ones.
SESSION_ENGINE = f"django.contrib.sessions.backends.{'cached_db' if REDIS_URL else 'db'}"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MAILERS = {"default": email_from_url(env_str("EMAIL_URL", "console:"))}
if env_str("GOVUK_NOTIFY_API_KEY", ""):
    if not env_str("GOVUK_NOTIFY_TEMPLATE_ID", ""):
        raise ImproperlyConfigured("GOVUK_NOTIFY_API_KEY needs GOVUK_NOTIFY_TEMPLATE_ID too")
    # GOV.UK Notify instead of SMTP: every e-mail fills one Notify template (docs/notifications.md).
    MAILERS["default"] = {
        "BACKEND": "parley.notifications.govuk_notify.NotifyEmailBackend",
        "OPTIONS": {
            "api_key": env_str("GOVUK_NOTIFY_API_KEY", ""),
            "template_id": env_str("GOVUK_NOTIFY_TEMPLATE_ID", ""),
        },
    }
# The MAILERS alias notifications are sent with, so they can use another server than sign-in mail.
PARLEY_NOTIFICATIONS_MAILER = env_str("PARLEY_NOTIFICATIONS_MAILER", "default")
# The site's address as people reach it, for the links in e-mails (sent with no request).
# The default is what `make run` serves; it passes SITE_URL for another HOST or PORT.
PARLEY_SITE_URL = site_url(env_str("SITE_URL", "http://127.0.0.1:8000"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Parley <parley@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers. Secure cookies, the redirect to HTTPS and HSTS follow HTTPS, which
# production always has. It is off by default because `make run` and the tests serve plain
# HTTP on loopback (with DEBUG off too), where secure cookies would never come back.
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
# Joining browsers' preload list is hard to undo, so it is a separate, explicit choice.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"


SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF, *sign_in_origins(SOCIALACCOUNT_PROVIDERS)],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}


# Parley's own settings.
SITE_NAME = env_str("SITE_NAME", "Parley")
PARLEY_RELEASE = env_str("PARLEY_RELEASE", "") or release_fingerprint(
    BASE_DIR,
    (
        SITE_NAME,
        sorted(
            (name, [app.get("provider_id") or app.get("client_id") for app in p.get("APPS", [])])
            for name, p in SOCIALACCOUNT_PROVIDERS.items()
        ),
    ),
)
PARLEY_THREAD_INDENT_CAP = env_int("PARLEY_THREAD_INDENT_CAP", 5)
# Whole discussion pages kept for anonymous readers (parley.discussions.page_cache).
PARLEY_PAGE_CACHE = env_bool("PARLEY_PAGE_CACHE", True)
# A directory nginx serves kept post pages from (parley.discussions.page_files); "" is off.
PARLEY_PAGE_FILES = env_str("PARLEY_PAGE_FILES", "")
# How many days an invitation to join an organisation stays valid.
PARLEY_INVITATION_DAYS = env_int("PARLEY_INVITATION_DAYS", 14)
# Insights: the least share of a campaign's template a comment must contain to be one of
# its signatories (docs/insights.md).
PARLEY_CAMPAIGN_SHARE = env_share("PARLEY_CAMPAIGN_SHARE", 0.7)
PARLEY_COMMENT_MAX_LENGTH = 10_000
PARLEY_COMMENT_EDIT_MINUTES = 15
PARLEY_COMMENT_RATE = env_str("PARLEY_COMMENT_RATE", "10/60")  # comments / seconds, per IP
# Top-level threads on one page of a discussion (parley.discussions.paging).
PARLEY_COMMENTS_PER_PAGE = env_int("PARLEY_COMMENTS_PER_PAGE", 50)
PARLEY_POSTS_PER_PAGE = 10
PARLEY_TRUSTED_PROXIES = env_int("PARLEY_TRUSTED_PROXIES", 0)  # reverse proxies in front of us
PARLEY_TOKEN_DAYS = env_int("PARLEY_TOKEN_DAYS", 90)
PARLEY_IP_RETENTION_DAYS = env_int("PARLEY_IP_RETENTION_DAYS", 30)  # then comments' IPs go
# Editors, moderators, owners and staff need a second factor (TOTP) to use their powers.
PARLEY_STAFF_SECOND_FACTOR = env_bool("PARLEY_STAFF_SECOND_FACTOR", True)
PARLEY_FLAG_RATE = env_str("PARLEY_FLAG_RATE", "10/3600")  # flags / seconds, per person and per IP
PARLEY_LIKE_RATE = env_str("PARLEY_LIKE_RATE", "60/60")  # likes and unlikes / seconds, per account
# allauth's own limits (sign-up, sign-in) should see the client behind our proxies as we do.
ALLAUTH_TRUSTED_PROXY_COUNT = PARLEY_TRUSTED_PROXIES

# Optional spam check with Akismet or a service speaking its protocol; off without a key.
AKISMET_API_KEY = env_str("AKISMET_API_KEY", "")
AKISMET_URL = env_str("AKISMET_URL", "https://rest.akismet.com")
AKISMET_BLOG_URL = env_str("AKISMET_BLOG_URL", "")

# Every upload streams through parley.files.uploads.LimitedUpload first, which stops any file
# larger than 50 MB before it is kept in memory, a temporary file or the storage.
FILE_UPLOAD_HANDLERS = [
    "parley.files.uploads.LimitedUpload",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
