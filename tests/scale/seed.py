"""Readies the scale-out test's shared database: migrates it, collects the static files,
and makes the cast through Parley's own services. One process, so Django starts once.

Run as `python -m tests.scale.seed` with the app servers' environment; prints JSON.
"""

import json
import os

import django


def main() -> dict[str, object]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parley.settings")
    django.setup()

    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    if not (settings.STATIC_ROOT / "staticfiles.json").exists():  # not copied in already
        call_command("collectstatic", interactive=False, verbosity=0)

    from allauth.account.models import EmailAddress

    from parley.accounts.models import User
    from parley.blog import services as blog
    from parley.blog.models import Post
    from parley.notifications import services as notifications
    from parley.notifications.models import Kind, Target
    from parley.organisations.models import Membership, Organisation, Role

    password = os.environ["SCALE_PASSWORD"]

    def person(email: str, name: str, password: str | None = None) -> User:
        user = User.objects.create_user(email=email, password=password, display_name=name)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    organisation = Organisation.objects.create(name="Department for Scaling", slug="scaling")
    editor = person("editor@example.org", "Edith Editor")
    Membership.objects.create(organisation=organisation, user=editor, role=Role.EDITOR)
    member = person("member@example.org", "Mina Member", password)  # only she signs in
    follower = person("follower@example.org", "Fola Follower")
    post = blog.create_post(
        author=editor,
        organisation=organisation,
        title="Running on many machines",
        body="Two app servers, one database, one Redis.",
        status=Post.Status.PUBLISHED,
    )
    notifications.follow(
        user=follower,
        target=Target.DISCUSSION,
        target_id=post.discussion.pk,
        kinds=[Kind.COMMENT],
        title=post.title,
        url=post.get_absolute_url(),
    )
    # For bench/load.py: people who comment through the API, and a thread to read.
    from parley.accounts.services import create_access_token
    from parley.discussions import services as discussions

    tokens = []
    for n in range(int(os.environ.get("SCALE_COMMENTERS", "0"))):
        commenter = person(f"commenter{n}@example.org", f"Commenter {n}")
        tokens.append(create_access_token(user=commenter, name="load test")[1])
    for n in range(int(os.environ.get("SCALE_COMMENTS", "0"))):
        discussions.post_comment(
            discussion=post.discussion,
            body=f"Comment {n}: a [link](https://www.gov.uk/) and some *Markdown*.",
            author=discussions.Author(user=member, ip="192.0.2.1"),
            parent_number=n if n % 3 == 2 else None,  # a third reply to the one before
        )
    return {
        "tokens": tokens,
        "post_url": post.get_absolute_url(),
        "discussion_id": post.discussion.pk,
        "member": {"email": member.email, "name": member.display_name},
        "follower": follower.email,
    }


if __name__ == "__main__":
    print(json.dumps(main()))
