"""`parley export-wordpress` leaves people's e-mail addresses out unless asked, and says
so on standard error when it puts them in."""

from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command

from parley.accounts.models import User
from parley.discussions.models import Comment

pytestmark = pytest.mark.django_db


def export(*args: str) -> str:
    out = StringIO()
    call_command("export-wordpress", *args, stdout=out)
    return out.getvalue()


def addresses() -> set[str]:
    held = set(Comment.objects.exclude(author_email="").values_list("author_email", flat=True))
    return held | set(User.objects.values_list("email", flat=True))


def test_the_export_holds_no_e_mail_address(
    import_file: Callable[..., str], capsys: pytest.CaptureFixture[str]
) -> None:
    import_file("site.xml")
    assert addresses()

    written = export()

    assert [a for a in addresses() if a in written] == []
    assert "e-mail" not in capsys.readouterr().err


def test_with_emails_the_export_holds_them_and_says_so(
    import_file: Callable[..., str], capsys: pytest.CaptureFixture[str]
) -> None:
    import_file("site.xml")

    written = export("--with-emails")

    assert all(a in written for a in addresses())
    assert "with commenters’ and authors’ e-mail addresses" in capsys.readouterr().err
