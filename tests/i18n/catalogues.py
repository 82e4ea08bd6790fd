"""Which Welsh catalogues exist, and the strings each must translate, read afresh from source.

Each catalogue is compared with what `makemessages` finds in a temporary copy of its source,
so the check never writes to the real tree. `python -m tests.i18n.catalogues` rewrites the
catalogue of django-allauth's strings from the installed allauth, keeping its translations.
"""

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import allauth

SRC = Path(__file__).resolve().parents[2] / "src" / "parley"
PO = Path("cy") / "LC_MESSAGES" / "django.po"
# django-allauth has no Welsh: the strings of its pages and e-mails that people see are
# translated in a catalogue of our own (in LOCALE_PATHS, which Django reads first).
ALLAUTH_CATALOGUE = SRC / "accounts" / "allauth_locale" / PO
ALLAUTH = Path(allauth.__file__).resolve().parent
ALLAUTH_PARTS = [
    "account",
    "mfa",
    "socialaccount",
    "templates/account",
    "templates/mfa",
    "templates/socialaccount",
    "templates/allauth",
]
# Features Parley does not use, and the admin's words (the admin stays in English).
ALLAUTH_LEFT_OUT = ["mfa/webauthn", "templates/mfa/webauthn", "socialaccount/providers"]
ALLAUTH_ADMIN_FILES = {"admin.py", "apps.py", "models.py"}
# Directories of the project that are not apps: their strings are the project's.
PROJECT_OWN = {"templates", "templatetags"}


@dataclass(frozen=True)
class Catalogue:
    po: Path  # the committed catalogue
    name: str


def catalogues() -> list[Catalogue]:
    """Every Welsh catalogue in the source tree."""
    found = sorted(SRC.rglob(f"locale/{PO}")) + sorted(SRC.rglob(f"*_locale/{PO}"))
    return [Catalogue(po=po, name=str(po.relative_to(SRC))) for po in found]


def _copy_source(catalogue: Catalogue, into: Path) -> Path:
    """A copy of the files whose strings `catalogue` translates; the directory to run
    makemessages in."""
    target = into / "source"
    if catalogue.po == ALLAUTH_CATALOGUE:
        for part in ALLAUTH_PARTS:
            shutil.copytree(ALLAUTH / part, target / part, ignore=_allauth_ignored)
        for part in ALLAUTH_LEFT_OUT:
            shutil.rmtree(target / part, ignore_errors=True)
    else:
        owner = catalogue.po.parents[3]  # <dir>/locale/cy/LC_MESSAGES/django.po
        skip_apps = owner == SRC
        shutil.copytree(
            owner,
            target,
            ignore=lambda directory, names: [
                name
                for name in names
                if name in {"locale", "__pycache__", "migrations", "static", "node_modules"}
                or name.endswith("_locale")
                or (
                    skip_apps
                    and Path(directory) == owner
                    and (owner / name).is_dir()
                    and name not in PROJECT_OWN
                )
            ],
        )
    (target / "locale").mkdir()
    return target


def _allauth_ignored(directory: str, names: list[str]) -> list[str]:
    return [n for n in names if n in ALLAUTH_ADMIN_FILES | {"tests", "__pycache__", "locale"}]


def start_makemessages(catalogue: Catalogue, into: Path) -> subprocess.Popen[bytes]:
    """makemessages over a copy of the catalogue's source, with no settings, so it can only
    write inside `into`."""
    source = _copy_source(catalogue, into)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    django_admin = Path(sys.executable).parent / "django-admin"
    return subprocess.Popen(
        [str(django_admin), "makemessages", "-l", "cy", "--no-location", "--no-obsolete"],
        cwd=source,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def fresh_catalogue(into: Path) -> Path:
    return into / "source" / "locale" / PO


def gettext_tool(name: str) -> str:
    """The full path of one of GNU gettext's programs (`make install` installs gettext)."""
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} not found: install GNU gettext (apt-get install gettext)")
    return found


def rewrite_allauth_catalogue() -> None:
    """Regenerate the allauth catalogue from the installed allauth, keeping translations
    (new strings arrive empty, for a translator; the completeness test fails until then)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        catalogue = Catalogue(po=ALLAUTH_CATALOGUE, name="allauth")
        process = start_makemessages(catalogue, Path(tmp))
        if process.wait() != 0:
            raise SystemExit(process.stderr.read().decode() if process.stderr else "failed")
        fresh = fresh_catalogue(Path(tmp))
        if ALLAUTH_CATALOGUE.exists():
            subprocess.run(
                [
                    gettext_tool("msgmerge"),
                    "--quiet",
                    "--no-fuzzy-matching",
                    "--update",
                    "--backup=none",
                    str(ALLAUTH_CATALOGUE),
                    str(fresh),
                ],
                check=True,
            )
            subprocess.run(
                [
                    gettext_tool("msgattrib"),
                    "--no-obsolete",
                    "-o",
                    str(ALLAUTH_CATALOGUE),
                    str(ALLAUTH_CATALOGUE),
                ],
                check=True,
            )
        else:
            ALLAUTH_CATALOGUE.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(fresh, ALLAUTH_CATALOGUE)


if __name__ == "__main__":
    rewrite_allauth_catalogue()
