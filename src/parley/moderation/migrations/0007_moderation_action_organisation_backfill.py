"""Rules and hold-every-comment entries logged before ModerationAction.organisation existed
get the organisation their stored reason names, so its moderators keep seeing them; an
entry that names no single organisation (the site's rules, a title several discussions
share) stays for site staff only. The reasons are read in their stored English forms
(moderation.reasons), written here as they were then."""

from django.db import migrations

ORGANISATION_RULES = "changed the moderation rules of "
SITE_RULES = "changed the moderation rules of the site"
HOLDING = ("held every comment on ‘", "stopped holding every comment on ‘")


def _organisation_of(reason: str, organisations, discussions) -> int | None:
    if reason.startswith(ORGANISATION_RULES) and reason != SITE_RULES:
        named = organisations.filter(name=reason.removeprefix(ORGANISATION_RULES))
        ids = list(named.values_list("pk", flat=True)[:2])
        return ids[0] if len(ids) == 1 else None
    for start in HOLDING:
        if reason.startswith(start) and reason.endswith("’"):
            title = reason.removeprefix(start).removesuffix("’")
            owners = set(discussions.filter(title=title).values_list("organisation_id", flat=True))
            return owners.pop() if len(owners) == 1 else None
    return None


def backfill(apps, schema_editor) -> None:
    ModerationAction = apps.get_model("moderation", "ModerationAction")
    Organisation = apps.get_model("organisations", "Organisation")
    Discussion = apps.get_model("discussions", "Discussion")
    entries = ModerationAction.objects.filter(
        action="rules", organisation__isnull=True, comment__isnull=True, block__isnull=True
    )
    for entry in entries.only("pk", "reason").iterator():
        organisation_id = _organisation_of(entry.reason, Organisation.objects, Discussion.objects)
        if organisation_id is not None:
            ModerationAction.objects.filter(pk=entry.pk).update(organisation_id=organisation_id)


class Migration(migrations.Migration):
    dependencies = [
        ("discussions", "0009_comment_held_edit"),
        ("moderation", "0006_moderation_action_reject_edit"),
        ("organisations", "0003_reserved_slugs"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
