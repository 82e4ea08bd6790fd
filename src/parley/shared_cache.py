"""The cache when there is no Redis: files under var/cache/, shared by every process on
this machine (`parley serve`'s web workers, the task worker, the clock).

A cache in each process's memory would keep a rate limit, the sign-in lockout and the
record of used one-time codes per process: with two web workers each allows the full
count. Django's file cache is shared but checks-then-writes in `add` and `incr`; here
both hold an exclusive lock on one file, so two processes (or threads) never both add
the same key or lose an increment. Reads and writes are whole-file renames already.
"""

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache


class SharedFileCache(FileBasedCache):
    @contextmanager
    def _locked(self) -> Iterator[None]:
        files: Any = self  # Django's file cache helpers, which its type stubs leave out
        files._createdir()
        with open(os.path.join(files._dir, "lock"), "ab") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            yield

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        with self._locked():
            return bool(super().add(key, value, timeout, version))

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        with self._locked():
            return super().incr(key, delta, version)

    def _cull(self) -> None:
        """Over MAX_ENTRIES, drop expired entries first; only then Django's random third
        (which could drop a live rate-limit counter)."""
        files: Any = self  # Django's file cache helpers, which its type stubs leave out
        names = files._list_cache_files()
        if len(names) < files._max_entries:
            return
        for name in names:
            try:
                with open(name, "rb") as f:
                    files._is_expired(f)  # deletes the file when it has expired
            except FileNotFoundError:
                continue
        cast(Any, super())._cull()  # returns at once if that made room
