from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "parley.moderation"
    label = "moderation"

    def ready(self) -> None:
        from parley.consultations.publication import redaction_logged
        from parley.moderation import services

        # Redactions of consultation responses go in the one moderation log.
        redaction_logged.connect(services.log_redaction, dispatch_uid="log_redaction")
