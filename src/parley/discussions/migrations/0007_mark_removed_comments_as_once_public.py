"""Comments removed before this field existed keep their placeholder (their history is not
known), as do comments hidden after readers flagged them (they had been public)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import Q


def mark(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Comment = apps.get_model("discussions", "Comment")
    Comment.objects.filter(Q(status="removed") | Q(status="pending", flag_count__gt=0)).update(
        was_public=True
    )


class Migration(migrations.Migration):
    dependencies = [("discussions", "0006_comment_was_public")]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
