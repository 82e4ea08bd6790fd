"""`parley setup`: the first run of a new site: its first organisation and that
organisation's owner, and a check of the site's name.

    parley setup                         asks for each value (at a terminal)
    parley setup --organisation "Cyngor Sir Ddinbych" --owner-email clerk@example.org \
        [--organisation-slug denbighshire] [--site-name "Denbighshire Consults"] --noinput

Running it again with the same values changes nothing, and says so. The site's name is
configuration, not data: pages, e-mails, feeds and the authenticator app's label all read
the SITE_NAME environment variable, so `--site-name` checks it and, when it differs, says
exactly what to set (and exits non-zero). Site admins can do the same on the web, at
/organisations/set-up/ (linked from the home page while there is no organisation).
"""

import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from parley.organisations import services
from parley.validation import Rejected

ENV_FILE = "/etc/parley/parley.env"  # where docs/deployment.md keeps the environment


def site_name_advice(wanted: str) -> str:
    return (
        f"The site is called {settings.SITE_NAME!r} (the SITE_NAME setting). To call it "
        f"{wanted!r}, set SITE_NAME={wanted!r} in Parley's environment ({ENV_FILE} on a "
        "server set up as docs/deployment.md says) and restart Parley."
    )


class Command(BaseCommand):
    help = "Set up a new site: its first organisation and that organisation's owner."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--site-name", help="the name pages and e-mails show (checked)")
        parser.add_argument("--organisation", help="the organisation's name")
        parser.add_argument(
            "--organisation-slug", default="", help="its address (default: from its name)"
        )
        parser.add_argument("--owner-email", help="the e-mail address of its owner")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive",
            help="ask nothing: take every value from the options",
        )  # fmt: skip

    def ask(self, question: str, default: str = "") -> str:
        shown = f"{question} [{default}]: " if default else f"{question}: "
        answer = input(shown).strip()
        return answer or default

    def handle(self, *args: Any, **options: Any) -> None:
        site_name: str | None = options["site_name"]
        name: str | None = options["organisation"]
        email: str | None = options["owner_email"]
        if options["interactive"] and sys.stdin.isatty():
            site_name = site_name or self.ask("Site name", settings.SITE_NAME)
            while not name:
                name = self.ask("The first organisation's name")
            while not email:
                email = self.ask("E-mail address of its owner")
        if not name or not email:
            missing = [
                flag
                for flag, value in (("--organisation NAME", name), ("--owner-email EMAIL", email))
                if not value
            ]
            raise CommandError(f"give {' and '.join(missing)} (or run it at a terminal)")
        try:
            done = services.set_up_site(
                organisation_name=name, owner_email=email, slug=options["organisation_slug"]
            )
        except Rejected as rejected:
            raise CommandError(
                "; ".join(message for messages in rejected.errors.values() for message in messages)
            ) from None
        organisation, owner = done.organisation, done.owner
        where = organisation.get_absolute_url()
        if done.organisation_created:
            self.stdout.write(f"Created the organisation {organisation.name} ({where}).")
        else:
            self.stdout.write(f"The organisation {organisation.name} ({where}) already exists.")
        if done.account_created:
            self.stdout.write(
                f"Created an account for {owner.email}, with no password yet: they choose one "
                "through “Forgot your password?” on the sign-in page."
            )
        if done.made_owner:
            self.stdout.write(f"Made {owner.email} an owner of {organisation.name}.")
        else:
            self.stdout.write(f"{owner.email} is already an owner of {organisation.name}.")
        if site_name and site_name != settings.SITE_NAME:
            raise CommandError(site_name_advice(site_name))
        if site_name:
            self.stdout.write(f"The site is called {settings.SITE_NAME!r}, as asked.")
        if not done.changed:
            self.stdout.write("Nothing changed: the site was already set up so.")
