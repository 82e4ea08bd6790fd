"""`/readyz`: whether this app server should be given traffic.

`/healthz` says the process is alive and reaches its database; a load balancer restarts
nothing on `/readyz`, it only stops sending requests here while the answer is 503: the
database or the shared cache (Redis: sessions, rate limits, cached pages) cannot be
reached, or the database lacks a migration this release needs (a deploy in progress).
"""

import secrets

from django.core.cache import cache
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
    """200 when the database (fully migrated) and the cache answer; 503 saying which not."""
    problems = {
        name: problem
        for name, problem in (("database", _database()), ("cache", _cache()))
        if problem is not None
    }
    if problems:
        return JsonResponse({"status": "unavailable", **problems}, status=503)
    return JsonResponse({"status": "ready"})
