from django.apps import AppConfig
from django.db.models.signals import post_delete


class FilesConfig(AppConfig):
    name = "parley.files"
    label = "files"

    def ready(self) -> None:
        from parley.files import signals
        from parley.files.models import ResponseFile

        post_delete.connect(signals.delete_bytes, sender=ResponseFile, dispatch_uid="files-bytes")
