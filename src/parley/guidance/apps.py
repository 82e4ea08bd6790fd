from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "parley.guidance"
    label = "guidance"

    def ready(self) -> None:
        from parley.discussions.models import Discussion, register_owner
        from parley.guidance.models import Clause, Version

        # The discussions of a version and of its clauses are public unless it is a draft.
        register_owner(Discussion.Kind.GUIDANCE, hidden=Version.objects.drafts)
        register_owner(
            Discussion.Kind.CLAUSE,
            hidden=lambda: Clause.objects.filter(version__in=Version.objects.drafts()),
        )
