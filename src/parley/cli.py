"""The `parley` command: Django's management commands plus `serve` (see parley/management)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parley.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["parley", *sys.argv[1:]])
    except ImproperlyConfigured as error:
        # A bad environment variable: say which, in one line, rather than a traceback.
        sys.exit(f"parley: configuration error: {error}")


if __name__ == "__main__":
    main()
