"""What `parley backup` writes and `parley restore` reads: one file holding the database
copy and the uploaded files.

A backup is an uncompressed tar archive (the database copy and most uploads are compressed
already) of three kinds of member: `parley-backup.json` (what it holds), `database` (a
SQLite file made with SQLite's backup API, or `pg_dump --format=custom`) and `media/…`, each
file of the local file storage (`var/media/` by default), copied one at a time as it is read.
Uploaded files kept in an S3-compatible bucket are not copied: the bucket keeps them
(docs/backup.md). A backup made before uploads were backed up is a bare database copy;
`restore` still reads it and leaves the files as they are.

Restoring checks everything before changing anything: only plain files with relative
names below `media/` are accepted (no absolute names, `..`, links or devices), the database
copy is checked, the files are written to a folder beside the storage's, and only once
the database is restored is that folder swapped in, in one rename."""

import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import CommandError

MANIFEST = "parley-backup.json"
DATABASE = "database"
MEDIA = "media"
FORMAT = 1


def local_media_root() -> Path | None:
    """The folder of the local file storage, or None when uploads live in a bucket."""
    storage = storages["default"]
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


def media_files(root: Path) -> Iterator[tuple[Path, str]]:
    """Each regular file under `root` and its name in the archive, in a stable order."""
    if not root.is_dir():
        return
    for folder, folders, files in os.walk(root):
        folders.sort()
        for name in sorted(files):
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                yield path, f"{MEDIA}/{path.relative_to(root).as_posix()}"


def write(path: Path, *, database: Path, vendor: str, media: Path | None) -> int:
    """Write the backup at `path` (through a temporary name beside it, renamed at the end,
    so a failed backup leaves nothing): the database copy, then every uploaded file.
    Returns how many files it copied."""
    partial = path.with_name(f".{path.name}.partial")
    count = 0
    try:
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
            files = list(media_files(media)) if media else []
            manifest = {
                "format": FORMAT,
                "database": vendor,
                "media": "included" if media else "not copied: uploads are kept in a bucket",
                "files": len(files),
            }
            data = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            with tempfile.TemporaryFile() as buffer:
                buffer.write(data)
                buffer.seek(0)
                archive.addfile(info, buffer)
            archive.add(database, arcname=DATABASE, recursive=False)
            for file, name in files:
                archive.add(file, arcname=name, recursive=False)
                count += 1
        partial.rename(path)
    finally:
        partial.unlink(missing_ok=True)
    return count


@dataclass
class Backup:
    """A backup opened for restoring: where its database copy is, and the archive's media
    members (None for a bare database copy from before uploads were backed up)."""

    database: Path
    media: list[tarfile.TarInfo] | None
    archive: tarfile.TarFile | None


def _safe_media_name(member: tarfile.TarInfo) -> PurePosixPath:
    name = PurePosixPath(member.name)
    if (
        name.is_absolute()
        or ".." in name.parts
        or len(name.parts) < 2
        or name.parts[0] != MEDIA
        or not member.isfile()
    ):
        raise CommandError(f"refused: the backup holds {member.name!r}, which is not an upload")
    return PurePosixPath(*name.parts[1:])


@contextmanager
def opened(path: Path) -> Iterator[Backup]:
    """The backup at `path`, its database copy unpacked to a temporary folder when it is an
    archive; every member checked before anything is changed."""
    if not tarfile.is_tarfile(path):
        yield Backup(database=path, media=None, archive=None)
        return
    with (
        tempfile.TemporaryDirectory(prefix="parley-restore-") as folder,
        _open_archive(path) as archive,
    ):
        members = archive.getmembers()
        names = {member.name: member for member in members}
        if MANIFEST not in names or DATABASE not in names:
            raise CommandError(f"{path} is not a Parley backup: no {MANIFEST} or database")
        manifest = json.load(_member(archive, names[MANIFEST]))
        if manifest.get("format") != FORMAT:
            raise CommandError(f"{path}: a backup format this Parley cannot read")
        media = [m for m in members if m.name not in {MANIFEST, DATABASE}]
        for member in media:
            _safe_media_name(member)
        database = Path(folder, DATABASE)
        with database.open("wb") as target:
            shutil.copyfileobj(_member(archive, names[DATABASE]), target)
        yield Backup(database=database, media=media, archive=archive)


def _open_archive(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:")
    except (tarfile.TarError, OSError) as error:
        raise CommandError(f"{path} is not a Parley backup ({error})") from None


def _member(archive: tarfile.TarFile, member: tarfile.TarInfo) -> IO[bytes]:
    source = archive.extractfile(member)
    if source is None:
        raise CommandError(f"refused: {member.name!r} in the backup is not a file")
    return source


def stage_media(backup: Backup, root: Path) -> Path:
    """Write the backup's files to a new folder beside `root`, to be swapped in."""
    if backup.archive is None or backup.media is None:
        raise CommandError("this backup holds no uploaded files")
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.restoring-", dir=root.parent))
    try:
        for member in backup.media:
            target = staging.joinpath(*_safe_media_name(member).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as file:
                shutil.copyfileobj(_member(backup.archive, member), file)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def swap_in(staging: Path, root: Path) -> None:
    """Put the staged files in place of `root`'s, each step a rename; the old ones go."""
    old = root.with_name(f".{root.name}.replaced-{staging.name.rsplit('-', 1)[-1]}")
    if root.exists():
        root.rename(old)
    staging.rename(root)
    shutil.rmtree(old, ignore_errors=True)
