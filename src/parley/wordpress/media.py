"""The files a WordPress site uploaded, brought into Parley's public media from a copy of
its `wp-content/uploads` folder (`import-wordpress --uploads DIR`), and the links to them
in imported content rewritten to their new addresses.

Each file is read from DIR by the path its address names under the uploads folder, never
from anywhere else: a path with `..`, or one that a symbolic link takes out of DIR, is
refused. The files service checks each file's content and stores it once per content; the
storage names this run wrote are kept (`written`), so that a failed import removes them.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from parley.files import services as files
from parley.organisations.models import Organisation
from parley.validation import Rejected

UPLOADS = "/wp-content/uploads/"
SHOWN_MISSING = 10  # missing files named in the report, at most
# What follows the uploads folder in an address: WordPress's file names have no quotes,
# spaces, brackets, commas or query characters (sanitize_file_name removes them).
_PATH = r"""([^\s"'<>?#,()\[\]]+)"""


@dataclass
class Uploads:
    """One import's uploads folder: what it copied, refused and could not find."""

    root: Path
    organisation: Organisation
    site: str
    store: bool = True  # False for a dry run: check everything, write nothing
    copied: int = 0
    already: int = 0
    missing: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    _addresses: dict[str, str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        site = urlsplit(self.site)
        # http and https, and protocol-relative: the same site's uploads.
        where = re.escape(site.netloc + site.path.rstrip("/")) if site.netloc else None
        self._links = (
            re.compile(rf"(?:https?:)?//{where}{re.escape(UPLOADS)}{_PATH}", re.IGNORECASE)
            if where
            else None
        )

    def bring(self, path: str, *, title: str = "", alt_text: str = "") -> tuple[str | None, str]:
        """The new address of the file at `path` under the uploads folder (copied once per
        import), or None and why not ("" when it is not in the folder)."""
        path = unquote(path).strip().lstrip("/")
        if path in self._addresses and not (title or alt_text):
            return self._addresses[path], self.refused.get(path, "")
        problem = self._outside(path)
        address = None
        if not problem:
            source = self.root / path
            if not source.is_file():
                if path not in self.missing:
                    self.missing.append(path)
            else:
                try:
                    with source.open("rb") as stream:
                        media_file, new = files.add_media_file(
                            organisation=self.organisation,
                            path=path,
                            source=stream,
                            size=source.stat().st_size,
                            title=title,
                            alt_text=alt_text,
                            store=self.store,
                            written=self.written,
                        )
                except Rejected as rejected:
                    problem = rejected.detail
                except OSError as error:
                    problem = f"cannot be read ({error.strerror})"
                else:
                    address = media_file.get_absolute_url()
                    if path not in self._addresses:
                        self.copied += new
                        self.already += not new
        if problem:
            self.refused[path] = problem
        self._addresses[path] = address
        return address, problem

    def _outside(self, path: str) -> str:
        """Why `path` is not a file of the uploads folder, or ""."""
        parts = path.split("/")
        if not path or "\x00" in path or "\\" in path or any(p in {"", ".", ".."} for p in parts):
            return "refused: the path leaves the uploads folder (..)"
        if not (self.root / path).resolve().is_relative_to(self.root):
            return "refused: a symbolic link takes it out of the uploads folder"
        return ""

    def rewrite(self, text: str) -> tuple[str, dict[str, str]]:
        """`text` (HTML or Markdown) with each address in the old site's uploads folder
        that names a file in DIR replaced by its new address; and the files refused, with
        why."""
        if self._links is None or UPLOADS not in text:
            return text, {}
        refused: dict[str, str] = {}

        def replace(match: re.Match[str]) -> str:
            address, problem = self.bring(match.group(1))
            if problem:
                refused[unquote(match.group(1))] = problem
            return address or match.group(0)

        return self._links.sub(replace, text), refused

    def missing_named(self) -> str:
        shown = ", ".join(self.missing[:SHOWN_MISSING])
        more = len(self.missing) - SHOWN_MISSING
        return shown + (f" and {more} more" if more > 0 else "")


def attached_path(attached_file: str, attachment_url: str) -> str:
    """Where an attachment item's file is under the uploads folder: its `_wp_attached_file`
    (relative; old sites stored an absolute path), else what its address names."""
    for value in (attached_file.strip(), attachment_url.strip()):
        if UPLOADS in value:
            return (
                urlsplit(value).path.partition(UPLOADS)[2]
                if "//" in value
                else (value.partition(UPLOADS)[2])
            )
        if value and "//" not in value and not value.startswith("/"):
            return value
    return ""
