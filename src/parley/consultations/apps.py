from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "parley.consultations"
    label = "consultations"

    def ready(self) -> None:
        from parley.consultations import services
        from parley.guidance.signals import version_started

        # A new version starts with the questions of the one before, by clause lineage.
        version_started.connect(services.carry_over_questions, dispatch_uid="carry_over_questions")
