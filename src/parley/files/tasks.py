"""Background work on files: reading the text of a file a respondent attached."""

from django.tasks import task


@task()
def read_response_file(file_id: int) -> str:
    """Read and store a response file's text; its text status ("" if the file is gone)."""
    from parley.files import services

    read = services.read_text(file_id=file_id)
    return read.text_status if read is not None else ""
