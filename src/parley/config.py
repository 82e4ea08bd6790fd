"""How settings.py reads its configuration: typed environment variables, and the parsers
of the structured ones (the database and e-mail URLs, the sign-in providers). Each fails
loudly with ImproperlyConfigured, naming the variable, on a value it cannot use."""

import hashlib
import json
import os
import re
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


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


def env_share(name: str, default: float) -> float:
    """A share above 0 and at most 1 (0.7 is 70%)."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        share = float(value)
    except ValueError:
        share = -1.0
    if not 0 < share <= 1:
        raise ImproperlyConfigured(
            f"{name}: expected a share above 0 and at most 1 (0.7 is 70%), got {value!r}"
        )
    return share


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


def media_storage(url: str, media_root: Path) -> dict[str, Any]:
    """Django's default storage (uploaded files): the local file system under `media_root`
    when MEDIA_STORAGE_URL is empty, else an S3-compatible bucket:
    `s3://BUCKET?endpoint=https://…&region=…&prefix=…&addressing_style=path|virtual`.
    Credentials come from boto3's own environment (AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY, or an instance role), never from the URL."""
    if not url:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media_root), "base_url": None},
        }
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.hostname:
        raise ImproperlyConfigured(f"MEDIA_STORAGE_URL: expected s3://BUCKET?…, got {url!r}")
    if parts.username or parts.password:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE_URL: put no credentials in the URL: set AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY"
        )
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = set(query) - {"endpoint", "region", "prefix", "addressing_style"}
    if unknown:
        raise ImproperlyConfigured(f"MEDIA_STORAGE_URL: unknown parameter {sorted(unknown)[0]!r}")
    endpoint = query.get("endpoint")
    style = query.get("addressing_style", "path" if endpoint else "virtual")
    if style not in {"path", "virtual"}:
        raise ImproperlyConfigured("MEDIA_STORAGE_URL: addressing_style is path or virtual")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": parts.hostname,
            "endpoint_url": endpoint,
            "region_name": query.get("region"),
            "location": query.get("prefix", "").strip("/"),
            "addressing_style": style,
            "file_overwrite": False,  # a new upload never replaces an old file's bytes
            "default_acl": None,  # the bucket's own policy: private; Parley serves every file
            "querystring_auth": True,
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


def secret_key(var_dir: Path) -> str:
    """SECRET_KEY from the environment, else one generated once into `var_dir`."""
    key = env_str("SECRET_KEY", "")
    if key:
        return key
    path = var_dir / "secret_key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


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


def release_fingerprint(code: Path, configuration: object) -> str:
    """Changes when the code, templates or translations under `code`, or the configuration
    pages show (the sign-in buttons, the site's name), do, so conditional GETs
    (parley.conditional) and kept pages (discussions.page_cache) never serve a page
    rendered before a release or restart that changed them."""
    newest = max(
        (
            p.stat().st_mtime_ns
            for p in code.rglob("*")
            if p.suffix in {".py", ".html", ".po", ".mo"}
        ),
        default=0,
    )
    shown = hashlib.sha256(repr(configuration).encode()).hexdigest()[:12]
    return f"{newest}-{shown}"
