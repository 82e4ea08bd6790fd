"""The `parley` command: Parley's own management commands first, then Django's.

`parley`, `parley --help` and `parley help` list Parley's commands, grouped, one line each;
`parley help --django` lists every command (Django's and the libraries' too); `parley help
COMMAND` and `parley COMMAND --help` describe one. `parley --version` is Parley's version.
"""

import os
import sys
from importlib.metadata import PackageNotFoundError, version

# Parley's commands as the help lists them. Every command of a Parley app must be in a group
# (tests/test_cli.py checks), so a new one cannot be left out of the help.
GROUPS: dict[str, list[str]] = {
    "Setting up": ["setup", "demo"],
    "Running the site": ["serve", "clock", "send-notifications"],
    "Content": [
        "import-wordpress",
        "export-wordpress",
        "import-disqus",
        "import-responses",
        "analyse",
    ],
    "People": ["token"],
    "Keeping data safe": ["backup", "restore"],
}
# Django's commands a site admin needs, shown after Parley's own.
DJANGO_ESSENTIALS = ["migrate", "collectstatic", "createsuperuser", "changepassword", "check"]
# Old names that still work, for crontabs and scripts written before the rename.
ALIASES = {"send_notifications": "send-notifications"}
# Commands whose --version means something else: a guidance version (`analyse --version N`,
# `import-responses --version N`).
OWN_VERSION_OPTION = {"analyse", "import-responses"}


def parley_version() -> str:
    try:
        return version("parley")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _first_line(name: str, app: str) -> str:
    from django.core.management import load_command_class

    text = str(load_command_class(app, name).help or "").strip()
    return text.splitlines()[0] if text else ""


def is_parleys(app: str | None) -> bool:
    return app is not None and (app == "parley" or app.startswith("parley."))


def parley_help() -> str:
    from django.core.management import get_commands

    commands = get_commands()
    ours = {name for name, app in commands.items() if is_parleys(app) and name not in ALIASES}
    grouped = {name for names in GROUPS.values() for name in names}
    groups = {**GROUPS, "Other": sorted(ours - grouped)}
    lines = [
        f"Parley {parley_version()}: publish guidance and improve it in the open.",
        "",
        "Usage: parley COMMAND [options]   (parley help COMMAND for a command's options)",
    ]
    for title, names in [*groups.items(), ("Django's commands you will need", DJANGO_ESSENTIALS)]:
        present = [name for name in names if name in commands]
        if not present:
            continue
        lines += ["", f"{title}:"]
        width = max(len(name) for name in present)
        lines += [f"  {name:<{width}}  {_first_line(name, commands[name])}" for name in present]
    old = ", ".join(f"{old} (now {new})" for old, new in ALIASES.items())
    lines += [
        "",
        f"Old names that still work: {old}.",
        "Django's commands: run `parley help --django` for the full list.",
    ]
    return "\n".join(lines)


def _ours(name: str) -> bool:
    """`name` is a Parley command with no --version option of its own."""
    import django
    from django.core.management import get_commands

    django.setup()
    return name not in OWN_VERSION_OPTION and is_parleys(get_commands().get(name))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parley.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import ManagementUtility, execute_from_command_line

    args = sys.argv[1:]
    try:
        if args in ([], ["help"], ["--help"], ["-h"]):
            import django

            django.setup()
            sys.stdout.write(parley_help() + "\n")
        elif args == ["--version"] or (args[1:] and "--version" in args[1:] and _ours(args[0])):
            # A Parley command's --version is Parley's (Django's would print Django's).
            sys.stdout.write(f"parley {parley_version()}\n")
        elif args == ["help", "--django"]:
            import django

            django.setup()
            sys.stdout.write(ManagementUtility(["parley"]).main_help_text() + "\n")
        else:
            execute_from_command_line(["parley", *args])
    except ImproperlyConfigured as error:
        # A bad environment variable: say which, in one line, rather than a traceback.
        sys.exit(f"parley: configuration error: {error}")
    except BrokenPipeError:
        # The reader went away (`parley export-wordpress | head`): stop quietly, as other
        # command-line tools do, and keep Python from complaining again at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(141)


if __name__ == "__main__":
    main()
