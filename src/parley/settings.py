"""Parley's one settings module, configured only by environment variables.

It runs with no configuration at all: SQLite under var/, a generated secret key,
e-mail printed to the console. Every variable is documented in the README.
"""

import hashlib
import json
import os
import re
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("PARLEY_VAR_DIR", PROJECT_DIR / "var"))


def env_str(name: str, default: str) -> str:
    """A string variable; `NAME_FILE` names a file holding the value instead."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text().strip()
        except OSError as error:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_name}: {error}") from None
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}: expected true or false, got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}: expected a whole number, got {value!r}") from None


def site_url(value: str) -> str:
    """SITE_URL: the scheme and host (and port) people reach the site by, with no path."""
    bits = urlsplit(value)
    if bits.scheme not in {"http", "https"} or not bits.netloc or bits.path.strip("/"):
        raise ImproperlyConfigured(
            f"SITE_URL: expected http://host[:port] or https://host[:port], got {value!r}"
        )
    return value.rstrip("/")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url: str) -> dict[str, Any]:
    """DATABASES['default'] for a DATABASE_URL; SQLite gets WAL and a busy timeout."""
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL: {error}") from None
    # A persistent connection the database dropped (a restart, an outage) is noticed and
    # replaced before a request uses it, so the first request after recovery succeeds.
    config["CONN_HEALTH_CHECKS"] = True
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        # Tests use a file too, so they run in WAL mode with real locking, as production does.
        name = Path(config["NAME"])
        config["TEST"] = {"NAME": str(name.with_name(f"test-{name.name}"))}
    elif engine == "django.db.backends.postgresql":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {"pool": env_bool("DATABASE_POOL", False)}
        # Behind PgBouncer in transaction mode a server-side cursor would outlive its transaction.
        config["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DATABASE_PGBOUNCER", False)
        if not config["OPTIONS"]["pool"]:
            config["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
    else:
        raise ImproperlyConfigured(f"DATABASE_URL: unsupported database {url.split(':')[0]!r}")
    return config


def email_from_url(url: str) -> dict[str, object]:
    """The default mailer (Django's MAILERS) for EMAIL_URL: smtp://, smtp+tls://,
    smtp+ssl:// or console:."""
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme not in {"smtp", "smtp+tls", "smtp+ssl"}:
        raise ImproperlyConfigured(
            f"EMAIL_URL: expected smtp://, smtp+tls://, smtp+ssl:// or console:, got {url!r}"
        )
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"EMAIL_URL: bad port in {url!r}") from None
    if not parts.hostname:
        raise ImproperlyConfigured(f"EMAIL_URL: no host in {url!r}")
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": parts.hostname,
            "port": port or {"smtp": 25, "smtp+tls": 587, "smtp+ssl": 465}[parts.scheme],
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": parts.scheme == "smtp+tls",
            "use_ssl": parts.scheme == "smtp+ssl",
            "timeout": 10,
        },
    }


def oidc_providers(text: str) -> list[dict[str, Any]]:
    """allauth apps for OIDC_PROVIDERS: a JSON list of {id, name, server_url, client_id,
    secret, icon?}. Each is an OpenID Connect provider whose issuer is `server_url`."""
    if not text.strip():
        return []
    try:
        providers = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"OIDC_PROVIDERS: not valid JSON ({error})") from None
    if not isinstance(providers, list):
        raise ImproperlyConfigured("OIDC_PROVIDERS: expected a JSON list of providers")
    apps: list[dict[str, Any]] = []
    for index, provider in enumerate(providers):
        missing = [
            key
            for key in ("id", "name", "server_url", "client_id")
            if not isinstance(provider, dict) or not provider.get(key)
        ]
        credentials = [
            key
            for key in ("secret", "private_key", "private_key_file")
            if isinstance(provider, dict) and provider.get(key)
        ]
        if not credentials:
            missing.append("secret (or private_key or private_key_file)")
        if missing:
            raise ImproperlyConfigured(
                f"OIDC_PROVIDERS: provider {index + 1} lacks {', '.join(missing)}"
            )
        if len(credentials) > 1:
            raise ImproperlyConfigured(
                f"OIDC_PROVIDERS: provider {index + 1} has {' and '.join(credentials)}; give one"
            )
        if not isinstance(provider["id"], str) or not re.fullmatch(
            r"[A-Za-z0-9_-]+", provider["id"]
        ):
            raise ImproperlyConfigured(
                f"OIDC_PROVIDERS: provider id {provider['id']!r} must be letters, digits, - or _"
            )
        if any(app["provider_id"] == provider["id"] for app in apps):
            raise ImproperlyConfigured(
                f"OIDC_PROVIDERS: two providers have the id {provider['id']!r}"
            )
        server = urlsplit(str(provider["server_url"]))
        if server.scheme not in {"http", "https"} or not server.netloc:
            raise ImproperlyConfigured(
                f"OIDC_PROVIDERS: provider {provider['id']!r}: server_url must be the issuer's "
                "http(s) address"
            )
        apps.append(
            {
                "provider_id": provider["id"],
                "name": provider["name"],
                "client_id": provider["client_id"],
                "secret": provider.get("secret", ""),
                "settings": {
                    "server_url": str(provider["server_url"]).rstrip("/"),
                    "oauth_pkce_enabled": True,
                    "icon": provider.get("icon", ""),
                    **private_key_settings(provider, index),
                    # e.g. GOV.UK One Login wants scope ["openid", "email"] and a vtr.
                    **({"scope": provider["scope"]} if provider.get("scope") else {}),
                    **(
                        {"auth_params": provider["auth_params"]}
                        if provider.get("auth_params")
                        else {}
                    ),
                },
            }
        )
    return apps


def private_key_settings(provider: dict[str, Any], index: int) -> dict[str, str]:
    """For a provider that authenticates Parley with private_key_jwt: the PEM key (given
    inline as `private_key` or read from `private_key_file`), its `kid` and algorithm."""
    key = str(provider.get("private_key") or "")
    if provider.get("private_key_file"):
        try:
            key = Path(str(provider["private_key_file"])).read_text()
        except OSError as error:
            raise ImproperlyConfigured(
                f"OIDC_PROVIDERS: provider {index + 1}: cannot read private_key_file "
                f"({error.strerror})"
            ) from None
    if not key:
        return {}
    if "PRIVATE KEY-----" not in key:
        raise ImproperlyConfigured(
            f"OIDC_PROVIDERS: provider {index + 1}: private_key must be a PEM private key"
        )
    algorithm = str(provider.get("private_key_algorithm") or "RS256")
    if algorithm not in {"RS256", "PS256", "ES256"}:
        raise ImproperlyConfigured(
            f"OIDC_PROVIDERS: provider {index + 1}: private_key_algorithm must be RS256, "
            "PS256 or ES256"
        )
    client_auth = "private_key_jwt"  # a method's name (bandit B105 took it for a password)
    return {
        "private_key": key,
        "private_key_id": str(provider.get("private_key_id") or ""),
        "private_key_algorithm": algorithm,
        "token_auth_method": client_auth,
    }


def oauth_app(prefix: str) -> list[dict[str, Any]]:
    """An allauth app from PREFIX_CLIENT_ID and PREFIX_SECRET, when both are set."""
    client_id, secret = env_str(f"{prefix}_CLIENT_ID", ""), env_str(f"{prefix}_SECRET", "")
    if bool(client_id) != bool(secret):
        raise ImproperlyConfigured(f"{prefix}_CLIENT_ID and {prefix}_SECRET go together")
    return [{"client_id": client_id, "secret": secret}] if client_id else []


def secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once into var/."""
    key = env_str("SECRET_KEY", "")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_key()
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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

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


def sign_in_origins(providers: dict[str, dict[str, Any]]) -> list[str]:
    """Where signing in sends people: browsers apply form-action to the redirect that
    follows allauth's "Continue" button, so these origins must be allowed."""
    origins = {
        f"{parts.scheme}://{parts.netloc}"
        for app in providers["openid_connect"]["APPS"]
        for parts in [urlsplit(app["settings"]["server_url"])]
    }
    if providers["facebook"]["APPS"]:
        origins.add("https://www.facebook.com")
    if providers["twitter_oauth2"]["APPS"]:
        origins |= {"https://x.com", "https://twitter.com"}
    if providers["wordpress_com"]["APPS"]:
        origins |= {"https://public-api.wordpress.com", "https://wordpress.com"}
    return sorted(origins)


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


def release_fingerprint(configuration: object) -> str:
    """Changes when the code, templates, translations or the configuration pages show (the
    sign-in buttons, the site's name) do, so conditional GETs (parley.conditional) and kept
    pages (discussions.page_cache) never serve a page rendered before a release or restart
    that changed them."""
    newest = max(
        (
            p.stat().st_mtime_ns
            for p in BASE_DIR.rglob("*")
            if p.suffix in {".py", ".html", ".po", ".mo"}
        ),
        default=0,
    )
    shown = hashlib.sha256(repr(configuration).encode()).hexdigest()[:12]
    return f"{newest}-{shown}"


# Parley's own settings.
SITE_NAME = env_str("SITE_NAME", "Parley")
PARLEY_RELEASE = env_str("PARLEY_RELEASE", "") or release_fingerprint(
    (
        SITE_NAME,
        sorted(
            (name, [app.get("provider_id") or app.get("client_id") for app in p.get("APPS", [])])
            for name, p in SOCIALACCOUNT_PROVIDERS.items()
        ),
    )
)
PARLEY_THREAD_INDENT_CAP = env_int("PARLEY_THREAD_INDENT_CAP", 5)
# Whole discussion pages kept for anonymous readers (parley.discussions.page_cache).
PARLEY_PAGE_CACHE = env_bool("PARLEY_PAGE_CACHE", True)
# A directory nginx serves kept post pages from (parley.discussions.page_files); "" is off.
PARLEY_PAGE_FILES = env_str("PARLEY_PAGE_FILES", "")
# How many days an invitation to join an organisation stays valid.
PARLEY_INVITATION_DAYS = env_int("PARLEY_INVITATION_DAYS", 14)
PARLEY_COMMENT_MAX_LENGTH = 10_000
PARLEY_COMMENT_EDIT_MINUTES = 15
PARLEY_COMMENT_RATE = env_str("PARLEY_COMMENT_RATE", "10/60")  # comments / seconds, per IP
PARLEY_COMMENTS_PER_PAGE = 1000
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
