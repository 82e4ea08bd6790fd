"""Builders the tests share: people, comments, guidance at each stage of its life, API calls.

Plain functions built with the services as the site builds things; the fixtures in the
conftest.py files call them. It holds no fixtures and no tests of its own.
"""

import io
import time
import zipfile
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from datetime import time as clock_time
from typing import TYPE_CHECKING, Any

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.test import Client
from django.utils import timezone
from django.utils.crypto import get_random_string
from pypdf import PdfWriter

from parley.accounts.models import User
from parley.blog.models import Post
from parley.consultations import services as consultations
from parley.discussions import services as discussions
from parley.discussions.models import PATH_WIDTH, Comment, Discussion, Status
from parley.guidance import services as guidance
from parley.guidance.models import Clause, Document, Version
from parley.organisations.models import Membership, Organisation, Role
from parley.wiki.models import Page as WikiPage

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

PASSWORD = "correct horse battery staple"

# People -------------------------------------------------------------------------------------


def make_user(email: str, name: str, **extra: object) -> User:
    """A person signed up with a verified address and the cast's password."""
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(email=email, password=PASSWORD, display_name=name, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def member_of(organisation: Organisation, email: str, name: str, role: str = Role.MEMBER) -> User:
    """A person signed up (as `make_user`) who holds `role` in `organisation`."""
    user = make_user(email, name)
    Membership.objects.create(organisation=organisation, user=user, role=role)
    return user


def as_admin(admin_user: User) -> Client:
    """A fresh client signed in as the site admin (for Django's admin pages)."""
    client = Client()
    client.force_login(admin_user)
    return client


def welsh(client: Client) -> Client:
    """`client`, asking for pages in Welsh from now on (the language cookie)."""
    client.cookies["django_language"] = "cy"
    return client


# Second factor -----------------------------------------------------------------------------


# allauth's page that sets up an authenticator app.
SET_UP = "/accounts/2fa/totp/activate/"


def give_second_factor(user: User) -> str:
    """Turns on an authenticator app and recovery codes for `user`, as allauth's setup page
    does; returns the app's secret."""
    secret: str = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def code_for(secret: str, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or `steps_ahead` 30-second steps later)."""
    return f"{hotp_value(secret, int(time.time()) // 30 + steps_ahead):06d}"


def sign_in_with_second_factor(client: Client, user: User, code: str) -> None:
    """Signs in through allauth's pages: the password, then the code it asks for."""
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


# Comments -----------------------------------------------------------------------------------


# Gus Guest (the `guest` fixture) as a comment form or the API names a guest author.
GUEST = {"author_name": "Gus Guest", "author_email": "gus@example.net"}


def comment_as(
    post_or_discussion: Discussion | Post | Version | Clause | WikiPage,
    author: User | discussions.Author,
    body: str,
    **kwargs: Any,
) -> Comment:
    """A comment posted through the discussions service, as `author` would post it."""
    discussion = (
        post_or_discussion
        if isinstance(post_or_discussion, Discussion)
        else post_or_discussion.discussion
    )
    if isinstance(author, User):
        author = discussions.Author(user=author, ip="192.0.2.1")
    return discussions.post_comment(
        discussion=discussion, body=body, author=author, **kwargs
    ).comment


def bulk_thread(discussion: Discussion, count: int, user: User) -> None:
    """`count` approved comments, a third of them replies, straight into the database."""
    comments: list[Comment] = []
    for number in range(1, count + 1):
        parent = comments[number // 2 - 1] if number % 3 == 0 and number > 2 else None
        path = f"{number:0{PATH_WIDTH}d}"
        comments.append(
            Comment(
                discussion=discussion,
                number=number,
                parent=parent,
                depth=parent.depth + 1 if parent else 0,
                path=f"{parent.path}.{path}" if parent else path,
                user=user if number % 2 else None,
                author_name="" if number % 2 else f"Guest {number}",
                author_email="" if number % 2 else f"guest{number}@example.net",
                body_markdown=f"Comment {number}",
                body_html=f"<p>Comment {number}</p>",
                status=Status.APPROVED,
            )
        )
        if parent is None:
            Comment.objects.bulk_create(comments[-1:])
        else:
            comments[-1].save()
    Discussion.objects.filter(pk=discussion.pk).update(last_number=count, comment_count=count)
    discussions.recount_threads(discussion.pk)


# Guidance -----------------------------------------------------------------------------------

# The clauses of the `document` fixture ("Principles for taking part online").
PRINCIPLES = (
    ("Be clear about your role", "Say when you speak for yourself."),
    ("Keep to your standards", "Impartiality applies online."),
    ("Think before you share", "Check facts first."),
    ("Treat social media as just another channel", "Plan for it like any other channel."),
)

# The clauses of `draft()`'s document ("Principles for public participation").
PARTICIPATION = (
    ("Be open", "Publish what you plan before you decide it."),
    ("Listen", "Read every comment and say what you did with it."),
    ("Be clear", "Write in plain English that anyone can follow."),
    ("Be timely", "Give people at least twelve weeks to respond."),
)


def draft(
    editor: User,
    organisation: Organisation,
    clauses: Sequence[tuple[str, str]] = PARTICIPATION,
    *,
    title: str = "Principles for public participation",
    summary: str = "How we consult.",
) -> Document:
    """A document whose only version is a draft holding `clauses` (heading, body)."""
    document = guidance.create_document(
        user=editor, organisation=organisation, title=title, summary=summary
    )
    version = document.versions.get()
    for heading, body in clauses:
        guidance.add_clause(version=version, user=editor, heading=heading, body=body)
    return document


def latest(document: Document) -> Version:
    return document.versions.select_related("document", "discussion").order_by("-number")[0]


def consult(
    version: Version,
    editor: User,
    *,
    opened: timedelta = timedelta(days=1),
    closing: timedelta = timedelta(days=30),
) -> Version:
    """Open the version for comments: `opened` ago (a day), for `closing` more (thirty days)."""
    now = timezone.now()
    guidance.schedule_consultation(
        version=version, user=editor, opens_at=now - opened, closes_at=now + closing
    )
    version.refresh_from_db()
    version.discussion.refresh_from_db()  # the service opens it with an UPDATE
    return version


def close(version: Version) -> Version:
    """End the consultation a minute ago, as the clock would, for the version and the
    discussions of its clauses (schedule_consultation gave them all the same window)."""
    ended = timezone.now() - timedelta(minutes=1)
    Version.objects.filter(pk=version.pk).update(closes_at=ended)
    Discussion.objects.filter(
        Q(pk=version.discussion_id) | Q(guidance_clause__version=version)
    ).update(closes_at=ended)
    version.refresh_from_db()
    version.discussion.refresh_from_db()
    return version


def open_with_questions(
    editor: User,
    organisation: Organisation,
    questions: Sequence[consultations.QuestionIn],
    *,
    layout: str = "",
    demographics: Sequence[str] = (),
) -> Version:
    """A one-clause document's version 1 with `questions`, set up with `layout` and
    `demographics` if given, open for responses since yesterday."""
    version = latest(
        draft(editor, organisation, [("Channels", "Use them well.")], title="Principles")
    )
    for question in questions:
        consultations.add_question(version=version, user=editor, question=question)
    if layout or demographics:
        consultations.set_up_consultation(
            version=version,
            user=editor,
            layout=layout or "one_page",
            demographics=list(demographics),
        )
    return consult(version, editor)


def publish(version: Version, editor: User) -> Version:
    """Consult on the version, let the consultation end, then publish it."""
    consult(version, editor)
    return guidance.publish_version(version=close(version), user=editor)


def published(
    editor: User,
    organisation: Organisation,
    clauses: Sequence[tuple[str, str]] = PARTICIPATION,
    *,
    title: str = "Principles for public participation",
) -> Document:
    """A document with version 1 consulted on and published."""
    document = draft(editor, organisation, clauses, title=title)
    publish(latest(document), editor)
    return document


# The API ------------------------------------------------------------------------------------


def post_json(
    client: Client,
    path: str,
    body: object = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> "_MonkeyPatchedWSGIResponse":
    """POST `body` as JSON (a dict or list is encoded; a string is sent as it is)."""
    response: _MonkeyPatchedWSGIResponse = client.post(
        path,
        {} if body is None else body,
        content_type="application/json",
        headers=headers,
        **extra,
    )
    return response


def bearer(raw: str) -> dict[str, str]:
    """The header that presents a personal access token's raw secret."""
    return {"Authorization": f"Bearer {raw}"}


def csrf_client(user: User) -> tuple[Client, str]:
    """A client that enforces CSRF like a browser would, signed in as `user`.

    Returns the client and the CSRF token its cookie holds, for the X-CSRFToken header.
    """
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    secret = get_random_string(32)
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    return client, secret


# Files --------------------------------------------------------------------------------------

OFFICE_MAIN_PARTS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}


def pdf_bytes(pages: int = 2) -> bytes:
    """A valid PDF of `pages` blank A4 pages."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def office_bytes(extension: str) -> bytes:
    """The ZIP container of an ODT, DOCX or XLSX file, with the manifest that names it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if extension == "odt":
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            archive.writestr("content.xml", "<office:document-content/>")
        else:
            archive.writestr(
                "[Content_Types].xml",
                f'<Types><Override PartName="/main.xml" '
                f'ContentType="{OFFICE_MAIN_PARTS[extension]}"/></Types>',
            )
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def docx_bytes(paragraphs: Sequence[str]) -> bytes:
    """A real DOCX (written by python-docx) of these paragraphs."""
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes(paragraphs: Sequence[str]) -> bytes:
    """A real ODT (written by odfpy) of these paragraphs."""
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    for paragraph in paragraphs:
        document.text.addElement(P(text=paragraph))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def zip_bomb_docx(unpacked: int) -> bytes:
    """A DOCX whose one extra part unpacks to `unpacked` bytes of zeros (a few KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types><Override PartName="/word/document.xml" '
            f'ContentType="{OFFICE_MAIN_PARTS["docx"]}"/></Types>',
        )
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            zeros = bytes(1024 * 1024)
            for _ in range(unpacked // len(zeros)):
                member.write(zeros)
    return buffer.getvalue()


def slow_pdf(operations: int) -> bytes:
    """A small PDF (a few KB) whose one page's compressed contents hold `operations` text
    operations: a PDF reader takes seconds to minutes over it, as over one that loops."""
    import zlib

    content = b"BT /F1 11 Tf 56 780 Td " + b"(a) Tj 0 -1 Td " * operations + b"ET"
    packed = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def local_noon_days_ago(days: int) -> datetime:
    """Midday in the site's time zone `days` local days ago: a moment whose local date is
    that day whatever the hour the test runs (an hour-exact `now() - days` falls on the
    next local day late in a winter evening, when the earlier date was in summer time)."""
    day = timezone.localdate() - timedelta(days=days)
    return datetime.combine(day, clock_time(12), tzinfo=timezone.get_current_timezone())
