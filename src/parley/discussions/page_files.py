"""Kept pages as files that nginx serves itself, without asking Parley (PARLEY_PAGE_FILES).

`page_cache` keeps whole pages for anonymous readers, but each kept page still costs a
trip through gunicorn and Django. With PARLEY_PAGE_FILES set to a directory that nginx
reads (deploy/nginx/kept-pages.conf), a kept post page is also written there as
`<release>/<language><path>index.html`, and `current` points at this release's folder.
nginx answers an anonymous GET from that file when one exists and asks Parley otherwise.

A kept file is the same bytes for every reader, so what Parley fills in per response is
left out: its forms carry `parley.csrf.KEPT_PAGE_TOKEN`, which Parley accepts only with an
Origin header naming this site (see parley/csrf.py); the comment form's submission key and
"shown at" stamp are empty, so a double submission is caught by the duplicate check alone
and the too-fast rule does not apply, exactly as for a client that leaves them out. nginx
serves the file as it is, with sendfile, like any static file.

No stale file is ever served after a write:
- every change a reader could see deletes that page's files once the write has committed
  (`forget`), through the one invalidation each kind of change has:
  `discussions.services.discussions_changed` (every write to a Discussion row, which other
  apps make with `update_discussions`) and `blog.services.post_changed`;
- a page written while a write commits is checked again after it is written: the writer
  of the file reads the page's validators anew and deletes the file if they changed. So
  either that check sees the write, or the write's deletion comes after the file.
Pages that change by the clock (a consultation opening or closing later) are not written.
"""

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.csp import build_policy
from django.utils.html import escape

from parley.csrf import KEPT_PAGE_TOKEN

CURRENT = "current"

# What a kept file's forms carry instead of per-response values.
PLACEHOLDERS = {
    "csrfmiddlewaretoken": KEPT_PAGE_TOKEN,
    "submission": "",
    "shown_at": "",
}


def root() -> Path | None:
    return Path(settings.PARLEY_PAGE_FILES) if settings.PARLEY_PAGE_FILES else None


_made_current: dict[Path, Path] = {}


def _release_name() -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", settings.PARLEY_RELEASE) or "release"


def _release_folder(base: Path) -> Path:
    """This release's folder. A process makes it `current` (atomically) before its first
    write, so a new release's servers take over from the old one's as they start; the old
    release's folders are deleted then, as their pages must never be served again."""
    name = _release_name()
    folder = base / name
    if _made_current.get(base) != folder:
        folder.mkdir(parents=True, exist_ok=True)
        link = base / f".{CURRENT}-{os.getpid()}"
        with contextlib.suppress(FileNotFoundError):
            link.unlink()
        link.symlink_to(name)
        link.replace(base / CURRENT)
        for other in base.iterdir():
            if other.is_dir() and not other.is_symlink() and other.name != name:
                shutil.rmtree(other, ignore_errors=True)
        _made_current[base] = folder
    folder.mkdir(exist_ok=True)  # deleted by a newer release starting: never served again
    return folder


def _file(folder: Path, language: str, path: str) -> Path:
    # `path` is a page's address from our own URLconf: /blog/<slug>/.
    return folder / language / path.strip("/") / "index.html"


def may_write(path: str) -> bool:
    """Only addresses nginx can map to a file: a path ending in / with no odd characters."""
    return re.fullmatch(r"(/[A-Za-z0-9_-]+)+/", path) is not None


def _with_policy(html: str) -> str:
    """The page with its Content-Security-Policy as a <meta> tag first in its head: the
    policy names the sign-in providers' origins, which nginx's configuration does not know.
    frame-ancestors cannot be said in a <meta> tag; nginx sends it (with X-Frame-Options)."""
    policy: dict[str, Any] = {
        k: v for k, v in settings.SECURE_CSP.items() if k != "frame-ancestors"
    }
    tag = f'<meta http-equiv="Content-Security-Policy" content="{escape(build_policy(policy))}">'
    return html.replace("<head>", f"<head>{tag}", 1)


def write(*, path: str, language: str, html: str) -> Path | None:
    """Write one page for nginx, atomically; returns the file, or None if files are off."""
    base = root()
    if base is None or not may_write(path) or "<head>" not in html:
        return None
    html = _with_policy(html)
    target = _file(_release_folder(base), language, path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=target.parent, prefix=".", suffix=".tmp", delete=False
    ) as out:
        out.write(html)
    os.chmod(out.name, 0o644)  # nginx runs as another user
    Path(out.name).replace(target)
    return target


def exists(*, path: str, language: str) -> bool:
    """Whether this release has written the page (an older release's copy does not count)."""
    base = root()
    return base is not None and _file(base / _release_name(), language, path).is_file()


def _delete(paths: Iterable[str]) -> None:
    base = root()
    if base is None or not base.is_dir():
        return
    folders = [f for f in base.iterdir() if f.is_dir() and not f.is_symlink()]
    for path in set(paths):
        for folder in folders:  # an older release's servers may still write, in a rollout
            for language, _name in settings.LANGUAGES:
                with contextlib.suppress(FileNotFoundError):
                    _file(folder, language, path).unlink()


def forget(paths: Iterable[str]) -> None:
    """Delete the files of the pages at `paths` once the current transaction commits
    (`paths` is not read when files are off: a QuerySet costs no query then)."""
    if root() is None:
        return
    paths = list(paths)
    transaction.on_commit(lambda: _delete(paths))
