from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "parley.consultations"
    label = "consultations"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from parley.consultations import imports, services
        from parley.consultations.models import ResponseImport
        from parley.guidance.signals import version_started

        # A new version starts with the questions of the one before, by clause lineage.
        version_started.connect(services.carry_over_questions, dispatch_uid="carry_over_questions")
        # A kept spreadsheet leaves the storage with its row (a version's deletion included).
        post_delete.connect(
            imports.forget_upload, sender=ResponseImport, dispatch_uid="forget_upload"
        )
