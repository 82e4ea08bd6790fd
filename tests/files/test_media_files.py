"""Public media (`files.services.add_media_file`): an image by its first bytes, one stored
copy per content, never SVG or HTML."""

from io import BytesIO
from pathlib import Path

import pytest

from parley.files import services
from parley.files.models import MediaFile
from parley.organisations.models import Organisation
from parley.validation import Rejected
from tests.files.conftest import stored_files

pytestmark = pytest.mark.django_db

IMAGES = {
    "photo.png": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "image/png"),
    "photo.jpg": (b"\xff\xd8\xff\xe0" + b"\x00" * 40, "image/jpeg"),
    "photo.JPEG": (b"\xff\xd8\xff\xdb" + b"\x00" * 40, "image/jpeg"),
    "photo.gif": (b"GIF89a" + b"\x00" * 40, "image/gif"),
    "photo.webp": (b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 40, "image/webp"),
}
PAGE = b"<!doctype html><title>x</title><script>alert(1)</script>"


def add(organisation: Organisation, path: str, data: bytes) -> tuple[MediaFile, bool]:
    return services.add_media_file(
        organisation=organisation, path=path, source=BytesIO(data), size=len(data)
    )


@pytest.mark.parametrize("name", sorted(IMAGES))
def test_each_image_type_is_known_by_its_first_bytes(
    name: str, organisation: Organisation, media: Path
) -> None:
    data, content_type = IMAGES[name]
    media_file, new = add(organisation, f"2019/05/{name}", data)
    assert new
    assert media_file.content_type == content_type
    assert media_file.is_image
    assert media_file.download_name == f"photo.{media_file.extension}"


@pytest.mark.parametrize("name", ["page.png", "page.jpg", "page.gif", "page.webp", "page.pdf"])
def test_a_page_under_an_image_or_pdf_name_is_refused_and_nothing_is_stored(
    name: str, organisation: Organisation, media: Path
) -> None:
    with pytest.raises(Rejected, match="its content is not a real"):
        add(organisation, name, PAGE)
    assert not MediaFile.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize("name", ["logo.svg", "page.html", "page.htm", "script.js", "noname"])
def test_svg_html_and_other_types_are_never_media(
    name: str, organisation: Organisation, media: Path
) -> None:
    with pytest.raises(Rejected, match="not an image"):
        add(organisation, name, b"<svg onload='alert(1)'/>")
    assert stored_files(media) == []


@pytest.mark.parametrize(
    "path", ["../secret.png", "2019/../../secret.png", "/etc/x.png", "a//b.png"]
)
def test_a_path_outside_the_uploads_folder_is_refused(
    path: str, organisation: Organisation, media: Path
) -> None:
    with pytest.raises(Rejected):
        add(organisation, path, IMAGES["photo.png"][0])
    assert stored_files(media) == []


def test_the_same_path_twice_is_one_file_and_its_title_is_filled_in(
    organisation: Organisation, media: Path
) -> None:
    data = IMAGES["photo.png"][0]
    first, new = add(organisation, "2019/05/photo.png", data)
    again, new_again = services.add_media_file(
        organisation=organisation, path="2019/05/photo.png", source=BytesIO(data),
        size=len(data), title="River", alt_text="The river",
    )  # fmt: skip
    assert (new, new_again) == (True, False)
    assert again.pk == first.pk
    assert (again.title, again.alt_text) == ("River", "The river")
    assert len(stored_files(media)) == 1
