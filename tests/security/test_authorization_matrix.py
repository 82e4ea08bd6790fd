"""Every page and API operation, asked by every role, is allowed or refused exactly as the
tables in docs/permissions.md say; and every page and operation is in those tables."""

import json
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from parley.accounts.models import User
from parley.accounts.services import create_access_token
from parley.api.urls import api
from parley.blog.models import Post
from parley.consultations import imports
from parley.consultations import services as consultations
from parley.discussions import services as discussions
from parley.discussions.models import Discussion, Status
from parley.discussions.views import OWN_COMMENTS_SESSION_KEY
from parley.files import services as files
from parley.guidance import services as guidance
from parley.insights.models import Analysis, Campaign, FrameTheme
from parley.organisations import services as organisations
from parley.organisations.models import Membership, Organisation, Role
from parley.wiki import services as wiki
from tests.builders import comment_as, make_user, member_of

DOC = Path(__file__).parents[2] / "docs" / "permissions.md"
ROLES = [
    "anonymous",
    "guest",
    "participant",
    "other moderator",
    "analyst",
    "editor",
    "site admin",
]
# Not Parley's own pages: Django's admin and allauth's sign-in, sign-up, password, e-mail
# and second-factor pages (allauth tests them; the second factor has its own tests in
# tests/accounts/test_staff_second_factor.py), found by the module of their view.
NOT_OURS = ("django.contrib.admin.", "allauth.")


def table(heading: str) -> dict[tuple[str, str], dict[str, str]]:
    """The rows of the table under `heading`: (name, method) → role → expected outcome."""
    section = DOC.read_text().split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for line in section.splitlines():
        cells = [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        if (
            len(cells) != 2 + len(ROLES)
            or cells[0] in {"page", "operation", "page or operation"}
            or "---" in line
        ):
            continue
        rows[(cells[0], cells[1])] = dict(zip(ROLES, cells[2:], strict=True))
    return rows


def url_names() -> set[str]:
    def walk(patterns: list[Any], namespace: str) -> set[str]:
        names: set[str] = set()
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                if inner not in {"api:", "admin:"}:
                    names |= walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                view = pattern.callback
                module = getattr(view, "view_class", view).__module__ + "."
                if not module.startswith(NOT_OURS):
                    names.add(namespace + pattern.name)
        return names

    return walk(get_resolver().url_patterns, "")


def operations() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return {
        (path, method.upper()) for path, methods in schema["paths"].items() for method in methods
    }


def outcome(response: Any) -> str:
    """allowed: past authorisation (an answer, a form with errors, a redirect elsewhere);
    sign-in: sent to sign in (401 in the API); refused: 403 or 404."""
    status = response.status_code
    if status == 401 or (status == 302 and "/accounts/login/" in response["Location"]):
        return "sign-in"
    if status in {403, 404}:
        return "refused"
    if status == 405:
        return "wrong method"
    return "allowed"


@pytest.fixture
def site(
    post: Post, editor: User, participant: User, organisation: Organisation, admin_user: User
) -> dict[str, Any]:
    """One of everything a page can be about, and the ids in each page's address."""
    member_comment = comment_as(post, participant, "A member's comment.")
    guest_comment = comment_as(
        post,
        discussions.Author(name="Gus Guest", email="gus@example.net", ip="192.0.2.10"),
        "A guest's comment.",
    )
    document = guidance.create_document(
        user=editor, organisation=organisation, title="Taking part", summary="Principles."
    )
    first = document.versions.get()
    guidance.add_clause(version=first, user=editor, heading="Be clear", body="Say who you are.")
    now = timezone.now()
    guidance.schedule_consultation(
        version=first,
        user=editor,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )
    second = guidance.create_version(document=document, user=editor)
    question = consultations.add_question(
        version=second,
        user=editor,
        question=consultations.QuestionIn(kind="text", text="Anything else?"),
    )
    kept, doomed = (
        files.attach_file(
            version=second, user=editor, upload=SimpleUploadedFile("a.txt", b"A."), title=title
        )
        for title in ("Kept", "Doomed")
    )
    token, _ = create_access_token(user=participant, name="member's script")
    response_upload = imports.keep_upload(
        version=first, by=editor, file_name="r.csv", content=b"Name\nPat\n", channel="post"
    )
    formal_response = consultations.respond(
        version=first,
        respondent=consultations.Respondent(user=participant),
        consent="named",
        answers=[],
        attachments=[SimpleUploadedFile("letter.txt", b"A letter.")],
    ).response
    attached = formal_response.files.get()
    image = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32  # its first bytes are all that is read
    media, _ = files.add_media_file(
        organisation=organisation, path="2019/05/photo.png", source=BytesIO(image), size=40
    )
    space = wiki.space_for(organisation)
    page = wiki.create_page(space=space, user=editor, title="Handbook", body="How we work.")
    membership = Membership.objects.create(
        organisation=organisation, user=make_user("mo@example.org", "Mo Member"), role=Role.MEMBER
    )
    org = organisation.slug
    invitation = organisations.invite(
        organisation=organisation, invited_by=admin_user, email="new@example.org", role="member"
    )
    slug, tag = post.slug, post.tags.get().slug
    comment, discussion = member_comment.pk, post.discussion.pk
    campaign = Campaign.objects.create(
        analysis=Analysis.objects.create(version=first),
        key="c-1",
        size=2,
        template=member_comment,
        first_seen=now,
        last_seen=now,
    )
    consulted = comment_as(first, participant, "A comment on the consultation.")
    theme = FrameTheme.objects.create(version=first, name="Clarity")
    return {
        "guest_comment": guest_comment.pk,
        "args": {
            "people:person": [participant.pk],
            "people:feed": [participant.pk],
            "people:feed_rss": [participant.pk],
            "blog:tag": [tag],
            "blog:tag_feed": [tag],
            "blog:tag_feed_rss": [tag],
            "blog:organisation": [organisation.slug],
            "blog:organisation_feed": [organisation.slug],
            "blog:organisation_feed_rss": [organisation.slug],
            "blog:post": [slug],
            "blog:edit": [slug],
            "blog:like": [slug],
            "blog:comments_feed": [slug],
            "blog:comments_feed_rss": [slug],
            "embed:document": [document.slug],
            "embed:clause": [document.slug, 1, "1"],
            "guidance:document": [document.slug],
            "guidance:edit": [document.slug],
            "guidance:feed": [document.slug],
            "guidance:feed_rss": [document.slug],
            "guidance:history": [document.slug],
            "guidance:new_version": [document.slug],
            "guidance:version": [document.slug, 1],
            "guidance:edit_version": [document.slug, 2],
            "guidance:schedule": [document.slug, 2],
            "guidance:publish": [document.slug, 2],
            "guidance:clause": [document.slug, 1, "1"],
            "guidance:clause_feed": [document.slug, 1, "1"],
            "guidance:clause_feed_rss": [document.slug, 1, "1"],
            "guidance:edit_clause": [document.slug, 2, "1"],
            "guidance:response": [document.slug, 1],
            "guidance:edit_response": [document.slug, 1],
            "guidance:compare": [document.slug, 1, 2],
            "insights:insights": [document.slug, 1],
            "insights:analyse": [document.slug, 1],
            "insights:analysis_json": [document.slug, 1],
            "insights:export": [document.slug, 1, "csv"],
            "insights:campaign": [document.slug, 1, campaign.key],
            "insights:frame": [document.slug, 1],
            "insights:frame_theme": [document.slug, 1, theme.pk],
            "insights:frame_comment": [document.slug, 1, consulted.pk],
            "insights:frame_response": [document.slug, 1, formal_response.reference],
            "insights:frame_log": [document.slug, 1],
            "insights:frame_export": [document.slug, 1, "coding"],
            "discussions:edit": [guest_comment.pk],
            "discussions:delete": [guest_comment.pk],
            "discussions:like": [comment],
            "comment_permalink": [comment],
            "sitemap_page": ["posts", 1],
            "moderation:hold_all": [discussion],
            "moderation:flag": [comment],
            "moderation:lift_block": [999_999],
            "notifications:guest_preferences": ["not-a-token"],
            "notifications:confirm": ["not-a-token"],
            "notifications:unsubscribe": ["not-a-token"],
            "account_revoke_token": [token.pk],
            "openid_connect_callback": ["no-such-provider"],
            "account_erase_confirm": ["not-a-token"],
            "guest_data": ["not-a-token"],
            "organisations:organisation": [org],
            "organisations:edit": [org],
            "organisations:members": [org],
            "organisations:change_role": [org, membership.pk],
            "organisations:remove_member": [org, membership.pk],
            "organisations:invitation": ["not-a-token"],
            "organisations:cancel_invitation": [org, invitation.pk],
            "guidance:adopters": [document.slug],
            "guidance:adoption": [document.slug, org],
            "wiki:space": [org],
            "wiki:new_page": [org],
            "wiki:space_settings": [org],
            "wiki:adopt": [org, document.slug],
            "wiki:page": [org, page.slug],
            "wiki:edit_page": [org, page.slug],
            "wiki:history": [org, page.slug],
            "wiki:compare": [org, page.slug],
            "wiki:supported_clauses": [org, page.slug],
            "wiki:revision": [org, page.slug, 1],
            "wiki:revert": [org, page.slug, 1],
            "files:manage": [document.slug, 2],
            "files:replace": [document.slug, 2, kept.pk],
            "files:delete": [document.slug, 2, doomed.pk],
            "files:download": [document.slug, 2, kept.pk, kept.download_name],
            "consultations:questions": [document.slug, 1],
            "consultations:add_question": [document.slug, 2],
            "consultations:edit_question": [document.slug, 2, question.pk],
            "consultations:move_question": [document.slug, 2, question.pk],
            "consultations:delete_question": [document.slug, 2, question.pk],
            "consultations:respond": [document.slug, 1],
            "consultations:respond_question": [document.slug, 1, 1],
            "consultations:respond_about_you": [document.slug, 1],
            "consultations:set_up": [document.slug, 2],
            "consultations:add_set": [document.slug, 2],
            "consultations:responses": [document.slug, 1],
            "consultations:export": [document.slug, 1, "csv"],
            "consultations:contact_export": [document.slug, 1],
            "consultations:check": ["PAR-AAAA-AA"],
            "consultations:receipt": ["PAR-AAAA-AA"],
            "consultations:confirm": ["not-a-token"],
            "consultations:resume": ["not-a-token"],
            "consultations:response_due": [document.slug, 1],
            "consultations:responses_summary": [document.slug, 1],
            "consultations:published": [document.slug, 1],
            "consultations:publish_responses": [document.slug, 1],
            "consultations:redactions": [document.slug, 1],
            "consultations:redact_response": [document.slug, 1, formal_response.reference],
            "consultations:enter_response": [document.slug, 1],
            "consultations:import_responses": [document.slug, 1],
            "consultations:import_mapping": [document.slug, 1, response_upload.pk],
            "consultations:remove_file": [formal_response.reference, attached.pk],
            "consultations:published_file": [document.slug, 1, attached.pk, "letter.txt"],
            "consultations:file_to_review": [
                document.slug,
                1,
                formal_response.reference,
                attached.pk,
            ],
            "files:response_file": [attached.pk, attached.download_name],
            "files:media": [media.pk, media.download_name],
        },
        "api": {
            "{slug}": slug,
            "{discussion_id}": str(discussion),
            "{comment_id}": str(comment),
            "{n}": "2",  # the draft: reading version 2 is refused to the public
            "{a}": "1",
            "{b}": "2",
            "{number}": "1",
            "{space}": org,
            "{page}": page.slug,
            "{reference}": "PAR-AAAA-AA",
            "{campaign_id}": campaign.key,
        },
        "organisation": org,
        "document": document.slug,
        "bodies": {
            "POST /api/v1/posts": {
                "title": "T",
                "body": "B",
                "status": "draft",
                "organisation": "testing",
            },
            "POST /api/v1/documents": {"title": "T", "organisation": "testing"},
            "POST /api/v1/documents/{slug}/versions/{n}/clauses": {"body": "A new clause."},
            "PATCH /api/v1/documents/{slug}/versions/{n}/clauses/{number}": {"body": "Reworded."},
            "POST /api/v1/documents/{slug}/versions/{n}/schedule": {
                "opens_at": (now + timedelta(days=10)).isoformat(),
                "closes_at": (now + timedelta(days=20)).isoformat(),
            },
            "POST /api/v1/documents/{slug}/versions/{n}/questions": {"kind": "text", "text": "Q?"},
            "PUT /api/v1/documents/{slug}/versions/{n}/consultation": {"layout": "one_page"},
            "PUT /api/v1/documents/{slug}/versions/{n}/response-due": {
                "response_due": (now + timedelta(days=60)).date().isoformat()
            },
            "POST /api/v1/documents/{slug}/versions/{n}/question-sets": {"set": "welsh_language"},
            "POST /api/v1/documents/{slug}/versions/{n}/responses": {
                "respondent": {"name": "Gus", "email": "gus@example.net"},
                "consent": "anonymous",
                "answers": [],
            },
            "POST /api/v1/comments/{comment_id}/moderate": {"action": "approve"},
            "POST /api/v1/comments/{comment_id}/flag": {"reason": "spam"},
            "POST /api/v1/discussions/{discussion_id}/comments": {
                "body": "Hello.",
                "author_name": "Gus",
                "author_email": "gus@example.net",
            },
            "POST /api/v1/subscriptions": {"target": "discussion", "id": discussion},
            "DELETE /api/v1/subscriptions": {"target": "discussion", "id": discussion},
        },
    }


def client_for(role: str, site: dict[str, Any], cast: dict[str, User]) -> Client:
    client = Client()
    if role == "guest":
        session = client.session
        session[OWN_COMMENTS_SESSION_KEY] = [site["guest_comment"]]
        session.save()
    elif role != "anonymous":
        client.force_login(cast[role])
    return client


@pytest.fixture
def cast(
    participant: User,
    other_moderator: User,
    editor: User,
    admin_user: User,
    organisation: Organisation,
) -> dict[str, User]:
    analyst = member_of(organisation, "analyst@example.org", "Ana Lyst", Role.ANALYST)
    return {
        "participant": participant,
        "other moderator": other_moderator,
        "analyst": analyst,
        "editor": editor,
        "site admin": admin_user,
    }


def test_every_page_of_parley_is_in_the_permissions_table() -> None:
    documented = {name for name, _ in table("Pages")}
    assert url_names() - documented == set(), "add these pages to docs/permissions.md"
    assert documented - url_names() == set(), "these pages no longer exist"


def test_every_api_operation_is_in_the_permissions_table() -> None:
    documented = {(name.split(" ", 1)[1], name.split(" ", 1)[0]) for name, _ in table("API")}
    assert operations() - documented == set(), "add these operations to docs/permissions.md"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_allowed_or_refused_each_page_as_documented(
    role: str, site: dict[str, Any], cast: dict[str, User]
) -> None:
    client = client_for(role, site, cast)
    observed, expected = {}, {}
    for (name, method), outcomes in table("Pages").items():
        url = reverse(name, args=site["args"].get(name, []))
        response = client.post(url) if method == "POST" else client.get(url)
        if response.streaming:  # a file download: reading it to the end closes the file
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
        observed[name, method] = outcome(response)
        expected[name, method] = outcomes[role]
    assert observed == expected


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_allowed_or_refused_each_api_operation_as_documented(
    role: str, site: dict[str, Any], cast: dict[str, User]
) -> None:
    client = Client()
    headers = {}
    if role in cast:
        _, raw = create_access_token(user=cast[role], name="matrix")
        headers["Authorization"] = f"Bearer {raw}"
    observed, expected = {}, {}
    for (operation, _), outcomes in table("API").items():
        method, path = operation.split(" ", 1)
        url = path.replace("{slug}", site["document"]) if "/documents/" in path else path
        if path.startswith("/api/v1/organisations/"):
            url = path.replace("{slug}", site["organisation"])
        for placeholder, value in site["api"].items():
            url = url.replace(placeholder, value)
        body = json.dumps(site["bodies"].get(operation, {}))
        response = client.generic(
            method, url, body, content_type="application/json", headers=headers
        )
        observed[operation] = outcome(response)
        expected[operation] = outcomes[role]
    assert observed == expected


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_allowed_or_refused_moderating_a_site_owned_discussion_as_documented(
    role: str, site: dict[str, Any], cast: dict[str, User]
) -> None:
    discussion = discussions.create_discussion(
        kind=Discussion.Kind.WIKI,
        title="Plain words",
        url="/wiki/site/plain-words/",
        organisation=None,
    )
    links = " ".join(f"https://example.net/{n}" for n in range(8))
    held = comment_as(
        discussion,
        discussions.Author(name="Gus Guest", email="gus@example.net", ip="192.0.2.10"),
        f"See {links}",
    )
    assert held.status == Status.PENDING
    client = client_for(role, site, cast)
    headers = {}
    if role in cast:
        _, raw = create_access_token(user=cast[role], name="matrix")
        headers["Authorization"] = f"Bearer {raw}"
    asked = {
        "moderation:hold_all": lambda: client.post(
            reverse("moderation:hold_all", args=[discussion.pk]), {"hold": "on"}
        ),
        "moderation:queue": lambda: client.post(
            reverse("moderation:queue"), {"one": f"approve:{held.pk}"}
        ),
        "POST /api/v1/comments/{comment_id}/moderate": lambda: Client().post(
            f"/api/v1/comments/{held.pk}/moderate",
            {"action": "approve"},
            content_type="application/json",
            headers=headers,
        ),
    }
    rows = table("Site-owned discussions")
    assert {name for name, _ in rows} == set(asked)
    observed = {name: outcome(asked[name]()) for name, _ in rows}
    assert observed == {name: outcomes[role] for (name, _), outcomes in rows.items()}
