"""@mentions written before this linked to `#comment-N`, which finds the comment only when it
is on the page being read; now that a discussion has pages, they link to the comment's
permalink (`/c/<id>`), as new mentions do. Rewrites the stored HTML of each mentioning
comment (its text and any held edit), from the Mention rows that say what each links to."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.urls import reverse

BATCH = 500


def _rewrite(apps: Apps, forwards: bool) -> None:
    Mention = apps.get_model("discussions", "Mention")
    Comment = apps.get_model("discussions", "Comment")
    links: dict[int, list[tuple[str, str]]] = {}
    mentions = Mention.objects.values_list(
        "comment_id", "mentioned_comment_id", "mentioned_comment__number"
    )
    for comment_id, mentioned_id, number in mentions.iterator(chunk_size=BATCH):
        old = f'href="#comment-{number}"'
        new = f'href="{reverse("comment_permalink", args=[mentioned_id])}"'
        links.setdefault(comment_id, []).append((old, new) if forwards else (new, old))
    ids = sorted(links)
    for start in range(0, len(ids), BATCH):
        changed = []
        for comment in Comment.objects.filter(pk__in=ids[start : start + BATCH]).only(
            "body_html", "held_edit_html"
        ):
            before = (comment.body_html, comment.held_edit_html)
            for old, new in links[comment.pk]:
                comment.body_html = comment.body_html.replace(old, new)
                comment.held_edit_html = comment.held_edit_html.replace(old, new)
            if (comment.body_html, comment.held_edit_html) != before:
                changed.append(comment)
        Comment.objects.bulk_update(changed, ["body_html", "held_edit_html"])


def to_permalinks(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _rewrite(apps, forwards=True)


def to_anchors(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _rewrite(apps, forwards=False)


class Migration(migrations.Migration):
    dependencies = [("discussions", "0010_comment_recent_index")]

    operations = [migrations.RunPython(to_permalinks, to_anchors)]
