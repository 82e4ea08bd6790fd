"""Real WordPress for the tests marked `wordpress`: Debian's WordPress 6.1 with WordPress's own
importer plugin and exporter, driven from the command line.

The harness (`run.sh`, `lib/wp-setup.php`, `interop/`) is not part of Parley: it lives in
`../shared/bench/wordpress` beside the repository (or where `WORDPRESS_HARNESS` says), and
is read-only in CI, so the session copies it to a temporary folder and runs it from there.
`.ci/run` installs and starts WordPress (as root) before the tests; a test marked
`wordpress` fails, saying how to set it up, where it is missing. It is never skipped.

One WordPress serves the whole session (and both xdist workers): each test holds an
exclusive lock on it and starts from the same empty site (a dump taken once, restored
before each test), so tests neither see each other's posts nor run into each other.
"""

import fcntl
import os
import shutil
import subprocess
import tempfile
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
DEFAULT_HARNESS = REPOSITORY.parent / "shared" / "bench" / "wordpress"
WORDPRESS = Path("/usr/share/wordpress/wp-load.php")
PLUGINS = Path("/var/lib/wordpress/wp-content/plugins")
HOST = "127.0.0.1:8081"
DATABASE = ["-h127.0.0.1", "-P3306", "-uwpbench", "-pwpbench", "wpbench"]
# The content an installed WordPress starts with ("Hello world!", the sample page, its
# comment): emptied once, so every test starts from a site with nothing on it. Users but
# the admin go too (`create` makes one per author); the default category stays.
EMPTY_SITE = """
TRUNCATE wp_posts; TRUNCATE wp_postmeta; TRUNCATE wp_comments; TRUNCATE wp_commentmeta;
TRUNCATE wp_term_relationships;
DELETE FROM wp_terms WHERE term_id <> 1; DELETE FROM wp_term_taxonomy WHERE term_id <> 1;
UPDATE wp_term_taxonomy SET count = 0;
DELETE FROM wp_users WHERE ID <> 1; DELETE FROM wp_usermeta WHERE user_id <> 1;
"""
SET_UP = (
    "Set up WordPress first, as root: copy ../shared/bench/wordpress to a temporary folder and "
    "run `NS=5 THEMES=twentytwentyone POSTS=0 WRK_DURATION=1s WARMUP=1s ./run.sh` there "
    "(`.ci/run` does this); see docs/wordpress.md"
)


def _run(command: list[str], *, stdin: str | None = None, cwd: Path | None = None) -> str:
    done = subprocess.run(
        command, input=stdin, capture_output=True, text=True, cwd=cwd, check=False
    )
    if done.returncode != 0:
        raise AssertionError(
            f"{' '.join(command[:3])} … exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
        )
    return done.stdout


@dataclass
class WordPress:
    """The WordPress site, reached through its own PHP (importer, exporter) and database."""

    harness: Path
    empty_dump: Path

    def sql(self, statements: str) -> list[list[str]]:
        """Rows (tab-separated columns) of the last statement."""
        out = _run(["mariadb", "-N", "-B", *DATABASE], stdin=statements)
        return [line.split("\t") for line in out.splitlines()]

    def reset(self) -> None:
        _run(["mariadb", *DATABASE], stdin=self.empty_dump.read_text(encoding="utf-8"))

    def import_file(self, path: Path, authors: str = "create") -> str:
        """WordPress's importer on `path`, as Tools → Import → WordPress; its messages."""
        return _run(["php", str(self.harness / "interop" / "wp-import.php"), str(path), authors])

    def page(self, path: str) -> str:
        """A page of the site as a reader's browser gets it (from nginx and php-fpm)."""
        try:
            with urllib.request.urlopen(f"http://{HOST}{path}", timeout=60) as response:
                return str(response.read().decode())
        except OSError as error:
            pytest.fail(f"WordPress does not serve {path} ({error}). {SET_UP}")

    def export_file(self, path: Path) -> Path:
        """WordPress's own exporter (Tools → Export → All content) into `path`."""
        _run(["php", str(self.harness / "interop" / "wp-export.php"), str(path)])
        return path


def start(harness: Path, workdir: Path) -> WordPress:
    """The harness copied into `workdir`, the importer plugin installed, the site installed
    (once per machine) and emptied; fails saying how to set WordPress up where it is not."""
    if not harness.is_dir():
        pytest.fail(f"no WordPress harness at {harness} (set WORDPRESS_HARNESS). {SET_UP}")
    missing = [p for p in ("php", "mariadb", "mariadb-dump") if shutil.which(p) is None]
    if missing or not WORDPRESS.exists():
        pytest.fail(f"WordPress is not installed (missing: {missing or WORDPRESS}). {SET_UP}")
    copy = workdir / "wordpress"
    shutil.copytree(harness, copy, ignore=shutil.ignore_patterns("run", "results"))
    plugin = PLUGINS / "wordpress-importer"
    if not (plugin / "wordpress-importer.php").exists():
        try:
            shutil.copytree(copy / "interop" / "wordpress-importer", plugin)
        except OSError as error:
            pytest.fail(f"cannot install the importer plugin in {PLUGINS}: {error}. {SET_UP}")
    env = {**os.environ, "WPBENCH_HOST": HOST}
    # populate with no N: the site's options only; the classic theme shows a post's content
    # in one `entry-content` element.
    for step in (["install"], ["populate"], ["theme", "twentytwentyone"]):
        done = subprocess.run(
            ["php", str(copy / "lib" / "wp-setup.php"), *step],  # noqa: S607
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            pytest.fail(f"WordPress does not answer ({done.stdout}{done.stderr}). {SET_UP}")
    dump = workdir / "empty-site.sql"
    wordpress = WordPress(harness=copy, empty_dump=dump)
    wordpress.sql(EMPTY_SITE)
    dump.write_text(_run(["mariadb-dump", "--skip-dump-date", *DATABASE]), encoding="utf-8")
    return wordpress


@pytest.fixture(scope="session")
def _wordpress_session(tmp_path_factory: pytest.TempPathFactory) -> WordPress:
    harness = Path(os.environ.get("WORDPRESS_HARNESS", DEFAULT_HARNESS))
    with _exclusive():
        return start(harness, tmp_path_factory.mktemp("wordpress"))


@pytest.fixture
def wordpress(_wordpress_session: WordPress) -> Iterator[WordPress]:
    """The real WordPress, empty, held by this test alone until it ends."""
    with _exclusive():
        _wordpress_session.reset()
        yield _wordpress_session


class _exclusive:
    """One WordPress, one test at a time, across xdist workers and concurrent runs."""

    def __enter__(self) -> None:
        self.file = open(Path(tempfile.gettempdir()) / "parley-wordpress.lock", "a")
        fcntl.flock(self.file, fcntl.LOCK_EX)

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self.file, fcntl.LOCK_UN)
        self.file.close()
