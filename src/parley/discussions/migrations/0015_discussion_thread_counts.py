from django.db import migrations, models
from django.db.models import Count, Q


def count_threads(apps, schema_editor):
    """Fill the counters of pages of threads from the comments, as
    `queries.thread_counts` counts them (one query and one update a discussion)."""
    Discussion = apps.get_model("discussions", "Discussion")
    Comment = apps.get_model("discussions", "Comment")
    seen = Q(status="approved") | Q(status="removed", was_public=True)
    for pk in Discussion.objects.values_list("pk", flat=True).iterator():
        counts = Comment.objects.filter(seen, discussion_id=pk).aggregate(
            thread_count=Count("depth", filter=Q(depth=0, copy_of=None)),
            removed_count=Count("status", filter=Q(status="removed")),
        )
        Discussion.objects.filter(pk=pk).update(**counts)


class Migration(migrations.Migration):
    dependencies = [
        ("discussions", "0014_comment_guest_names_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="discussion",
            name="thread_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="discussion",
            name="removed_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(count_threads, migrations.RunPython.noop),
    ]
