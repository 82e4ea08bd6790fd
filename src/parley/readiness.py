"""`/readyz`: whether this app server should be given traffic.

`/healthz` says the process is alive and reaches its database; a load balancer restarts
nothing on `/readyz`, it only stops sending requests here while the answer is 503: the
database or the shared cache (Redis: sessions, rate limits, cached pages) cannot be
reached, the database lacks a migration this release needs (a deploy in progress), or the
static files were not collected (every page names them, and without `parley collectstatic`
every page would fail; `parley serve` collects them when they are missing).
"""

import secrets

from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# Once every migration is applied it stays so for this process's code: check only until then.
_migrated = False


def _database() -> str | None:
    global _migrated
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        if not _migrated:
            executor = MigrationExecutor(connection)
            if executor.migration_plan(executor.loader.graph.leaf_nodes()):
                return "migrations not applied"
            _migrated = True
    except DatabaseError:
        return "down"
    return None


# Files every page's layout names: without them in the manifest, every HTML page is a 500.
LAYOUT_FILES = ("build/parley.css", "parley.js", "favicon.svg")


def static_files_missing() -> bool:
    """Whether this process's static files storage lacks the layout's files (collectstatic
    not run for this release). Only a storage with a manifest (production) can lack them."""
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin):
        return False
    if not storage.hashed_files:  # read when the storage was made: collected since? read again
        storage.hashed_files, storage.manifest_hash = storage.load_manifest()
    return any(name not in storage.hashed_files for name in LAYOUT_FILES)


def _static() -> str | None:
    return "not collected" if static_files_missing() else None


def _cache() -> str | None:
    key = f"readyz:{secrets.token_hex(8)}"
    try:
        cache.set(key, 1, timeout=10)
        answered = cache.get(key)
        cache.delete(key)
    except Exception:  # any backend's connection error (Redis's own classes) means not ready
        return "down"
    return None if answered == 1 else "not storing"


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when the database (fully migrated) and the cache answer and the static files are
    collected; 503 saying which not."""
    problems = {
        name: problem
        for name, problem in (
            ("database", _database()),
            ("cache", _cache()),
            ("static files", _static()),
        )
        if problem is not None
    }
    if problems:
        return JsonResponse({"status": "unavailable", **problems}, status=503)
    return JsonResponse({"status": "ready"})
