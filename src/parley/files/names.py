"""File names Parley writes: in download headers and addresses, and in the storage."""

import re
import unicodedata
import uuid

from django.utils.text import slugify

MAX_STEM = 80


def safe_name(title: str, extension: str) -> str:
    """`title` as a file name that any system, shell and address takes as it is: ASCII
    letters, digits and hyphens, then the extension Parley found from the content."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    stem = slugify(ascii_title)[:MAX_STEM].strip("-") or "document"
    return f"{stem}.{extension}"


def storage_name(folder: str, extension: str) -> str:
    """A new name in the storage: a random one, so uploads never collide or reveal
    anything of their uploader's name for the file."""
    assert re.fullmatch(r"[a-z0-9/-]+", folder)
    assert extension.isalnum()
    return f"{folder}/{uuid.uuid4().hex}.{extension}"
