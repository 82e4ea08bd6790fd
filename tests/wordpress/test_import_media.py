"""`import-wordpress --uploads DIR`: the files a site uploaded come with its posts, and the
links to them point at their copies, served as Parley's own media."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from pytest_django import Settings

from parley.blog.models import Post
from parley.files.models import MediaFile
from parley.files.simple_pdf import text_pdf
from parley.organisations.models import Organisation
from parley.wiki.models import Page
from tests.wordpress.images import png

pytestmark = pytest.mark.django_db

OLD = "https://old.example/wp-content/uploads"


PHOTO = png(3, 2)
SMALL = png(1, 1)
PDF = text_pdf([["The annual report"]])
HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"


def export(body: str, *, extra_items: str = "") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Old site</title>
  <link>https://old.example</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://old.example</wp:base_site_url>
  <wp:base_blog_url>https://old.example</wp:base_blog_url>
  <item>
    <title>Our annual report</title>
    <link>https://old.example/2019/05/our-annual-report/</link>
    <wp:post_id>10</wp:post_id>
    <wp:post_date_gmt>2019-05-02 09:00:00</wp:post_date_gmt>
    <wp:post_name>our-annual-report</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>post</wp:post_type>
    <content:encoded><![CDATA[{body}]]></content:encoded>
  </item>
  <item>
    <title>A photo of the river</title>
    <link>https://old.example/2019/05/our-annual-report/photo/</link>
    <wp:post_id>11</wp:post_id>
    <wp:post_parent>10</wp:post_parent>
    <wp:status>inherit</wp:status>
    <wp:post_type>attachment</wp:post_type>
    <wp:attachment_url>{OLD}/2019/05/photo.png</wp:attachment_url>
    <wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key>
      <wp:meta_value>2019/05/photo.png</wp:meta_value></wp:postmeta>
    <wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>
      <wp:meta_value>The river in spring</wp:meta_value></wp:postmeta>
  </item>
  {extra_items}
</channel>
</rss>
"""


BODY = (
    f'<p><img src="{OLD}/2019/05/photo-300x200.png" alt="The river"></p>\n\n'
    f'<p>Read <a href="{OLD}/2019/05/report.pdf">the report (PDF)</a>.</p>'
)


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root


@pytest.fixture
def uploads(tmp_path: Path) -> Path:
    """A copy of the old site's wp-content/uploads."""
    folder = tmp_path / "uploads"
    (folder / "2019" / "05").mkdir(parents=True)
    (folder / "2019" / "05" / "photo.png").write_bytes(PHOTO)
    (folder / "2019" / "05" / "photo-300x200.png").write_bytes(SMALL)
    (folder / "2019" / "05" / "report.pdf").write_bytes(PDF)
    return folder


def run(tmp_path: Path, organisation: Organisation, text: str, *args: str) -> str:  # the report
    path = tmp_path / "export.xml"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command(
        "import-wordpress", str(path), "--organisation", organisation.slug, *args, stdout=out
    )
    return out.getvalue()


def stored(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_the_files_come_over_and_the_post_points_at_them(
    tmp_path: Path, organisation: Organisation, uploads: Path, media: Path, client: Client
) -> None:
    report = run(tmp_path, organisation, export(BODY), "--uploads", str(uploads))
    post = Post.objects.get(slug="our-annual-report")
    small = MediaFile.objects.get(path="2019/05/photo-300x200.png")
    pdf = MediaFile.objects.get(path="2019/05/report.pdf")
    assert f'src="{small.get_absolute_url()}"' in post.body_html
    assert f'href="{pdf.get_absolute_url()}"' in post.body_html
    assert small.get_absolute_url() in post.body_markdown
    assert "old.example" not in post.body_html
    assert "Copied 3 files from the uploads folder" in report
    assert "Left pointing at the old site" not in report
    photo = MediaFile.objects.get(path="2019/05/photo.png")
    assert (photo.title, photo.alt_text) == ("A photo of the river", "The river in spring")
    assert len(stored(media)) == 3


def test_an_image_is_served_inline_with_its_type_and_safety_headers(
    tmp_path: Path, organisation: Organisation, uploads: Path, media: Path, client: Client
) -> None:
    run(tmp_path, organisation, export(BODY), "--uploads", str(uploads))
    small = MediaFile.objects.get(path="2019/05/photo-300x200.png")
    answer = client.get(small.get_absolute_url())
    assert answer.status_code == 200
    assert answer["Content-Type"] == "image/png"
    assert b"".join(answer.streaming_content) == SMALL  # type: ignore[attr-defined]
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in answer["Content-Security-Policy"]
    assert "default-src 'none'" in answer["Content-Security-Policy"]
    assert "attachment" not in answer.get("Content-Disposition", "")
    assert "max-age=31536000" in answer["Cache-Control"]
    assert "public" in answer["Cache-Control"]
    again = client.get(small.get_absolute_url(), headers={"if-none-match": answer["ETag"]})
    assert again.status_code == 304


def test_a_pdf_is_served_as_a_download(
    tmp_path: Path, organisation: Organisation, uploads: Path, media: Path, client: Client
) -> None:
    run(tmp_path, organisation, export(BODY), "--uploads", str(uploads))
    pdf = MediaFile.objects.get(path="2019/05/report.pdf")
    answer = client.get(pdf.get_absolute_url())
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"].startswith("attachment;")
    assert b"".join(answer.streaming_content) == PDF  # type: ignore[attr-defined]
    assert answer["X-Content-Type-Options"] == "nosniff"


def test_an_unknown_media_address_is_not_found(client: Client, db: None) -> None:
    assert client.get("/media/999/photo.png").status_code == 404


def test_html_named_as_an_image_is_refused_and_nothing_is_stored(
    tmp_path: Path, organisation: Organisation, uploads: Path, media: Path
) -> None:
    (uploads / "2019" / "05" / "trap.jpg").write_bytes(HTML)
    body = f'<p><img src="{OLD}/2019/05/trap.jpg"></p>'
    report = run(tmp_path, organisation, export(body), "--uploads", str(uploads))
    assert (
        "item 10 ‘Our annual report’: ‘2019/05/trap.jpg’ not copied: "
        "its content is not a real JPEG file"
    ) in report
    assert not MediaFile.objects.filter(path="2019/05/trap.jpg").exists()
    assert [p.name for p in stored(media)] == [f"{MediaFile.objects.get().sha256}.png"]
    post = Post.objects.get(slug="our-annual-report")
    assert f'src="{OLD}/2019/05/trap.jpg"' in post.body_html  # left as it was
    assert "Left pointing at the old site: 1 link (1 file refused, listed below)" in report


def test_svg_is_never_media(
    tmp_path: Path, organisation: Organisation, uploads: Path, media: Path
) -> None:
    (uploads / "2019" / "05" / "logo.svg").write_bytes(b"<svg><script>alert(1)</script></svg>")
    body = f'<p><img src="{OLD}/2019/05/logo.svg"></p>'
    report = run(tmp_path, organisation, export(body), "--uploads", str(uploads))
    assert "‘2019/05/logo.svg’ not copied: not an image (PNG, JPEG, GIF, WebP)" in report
    assert not MediaFile.objects.filter(path="2019/05/logo.svg").exists()


def test_a_path_that_climbs_out_of_the_folder_is_refused(
    tmp_path: Path, organisation: Organisation, uploads: Path, media: Path
) -> None:
    (tmp_path / "secret.png").write_bytes(PHOTO)
    body = f'<p><img src="{OLD}/2019/../../secret.png"></p>'
    report = run(tmp_path, organisation, export(body), "--uploads", str(uploads))
    assert "‘2019/../../secret.png’ not copied: refused: the path leaves the uploads" in report
    assert not MediaFile.objects.filter(path__contains="secret").exists()


def test_a_symbolic_link_out_of_the_folder_is_refused(
    tmp_path: Path, organisation: Organisation, uploads: Path, media: Path
) -> None:
    (tmp_path / "secret.png").write_bytes(PHOTO)
    (uploads / "2019" / "05" / "linked.png").symlink_to(tmp_path / "secret.png")
    body = f'<p><img src="{OLD}/2019/05/linked.png"></p>'
    report = run(tmp_path, organisation, export(body), "--uploads", str(uploads))
    assert "‘2019/05/linked.png’ not copied: refused: a symbolic link takes it out" in report
    assert not MediaFile.objects.filter(path="2019/05/linked.png").exists()


def test_importing_again_adds_nothing(
    tmp_path: Path, organisation: Organisation, uploads: Path, media: Path
) -> None:
    run(tmp_path, organisation, export(BODY), "--uploads", str(uploads))
    before = (MediaFile.objects.count(), stored(media))
    report = run(tmp_path, organisation, export(BODY), "--uploads", str(uploads))
    assert "Copied 0 files from the uploads folder (1 already here)" in report
    assert (MediaFile.objects.count(), stored(media)) == before


def test_the_same_bytes_under_two_names_are_stored_once(
    tmp_path: Path, organisation: Organisation, uploads: Path, media: Path
) -> None:
    (uploads / "2019" / "05" / "copy.png").write_bytes(SMALL)
    body = BODY + f'<p><img src="{OLD}/2019/05/copy.png"></p>'
    run(tmp_path, organisation, export(body), "--uploads", str(uploads))
    copy = MediaFile.objects.get(path="2019/05/copy.png")
    small = MediaFile.objects.get(path="2019/05/photo-300x200.png")
    assert copy.file.name == small.file.name
    assert copy.pk != small.pk
    assert len(stored(media)) == 3


def test_files_missing_from_the_folder_are_named_and_their_links_kept(
    tmp_path: Path, organisation: Organisation, uploads: Path, media: Path
) -> None:
    body = BODY + f'<p><img src="{OLD}/2018/01/gone.png"></p>'
    report = run(tmp_path, organisation, export(body), "--uploads", str(uploads))
    assert f"Left pointing at the old site: 1 link (files not in {uploads}: 2018/01/gone.png)" in (
        report
    )
    assert f'src="{OLD}/2018/01/gone.png"' in Post.objects.get().body_html


def test_a_dry_run_copies_nothing(
    tmp_path: Path, organisation: Organisation, uploads: Path, media: Path
) -> None:
    report = run(tmp_path, organisation, export(BODY), "--uploads", str(uploads), "--dry-run")
    assert "Would copy 3 files from the uploads folder" in report
    assert stored(media) == []
    assert not MediaFile.objects.exists()


def test_without_uploads_the_links_stay_on_the_old_site(
    tmp_path: Path, organisation: Organisation, media: Path
) -> None:
    report = run(tmp_path, organisation, export(BODY))
    post = Post.objects.get(slug="our-annual-report")
    assert f'src="{OLD}/2019/05/photo-300x200.png"' in post.body_html
    assert "Left pointing at the old site: 2 links to uploaded files" in report
    assert not MediaFile.objects.exists()
    assert stored(media) == []


def test_a_failed_import_removes_the_files_it_stored(
    tmp_path: Path, organisation: Organisation, uploads: Path, media: Path
) -> None:
    # Past the reader's first megabyte, so that the post and its files come before the error.
    padding = "<item><title>Padding</title><wp:post_type>nav_menu_item</wp:post_type></item>"
    filler = "\n".join(
        padding.replace("<title>", f"<wp:post_id>{1000 + n}</wp:post_id><title>")
        for n in range(20000)
    )
    broken = export(BODY, extra_items=filler).replace("</channel>", "<item><title>cut short")
    with pytest.raises(CommandError):
        run(tmp_path, organisation, broken, "--uploads", str(uploads))
    assert not MediaFile.objects.exists()
    assert stored(media) == []


def test_a_page_links_to_its_files_too(
    tmp_path: Path, organisation: Organisation, uploads: Path, media: Path
) -> None:
    page_item = f"""<item>
    <title>About us</title>
    <link>https://old.example/about/</link>
    <wp:post_id>20</wp:post_id>
    <wp:post_name>about</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>page</wp:post_type>
    <content:encoded><![CDATA[<p><img src="{OLD}/2019/05/photo.png"></p>]]></content:encoded>
  </item>"""
    run(tmp_path, organisation, export(BODY, extra_items=page_item), "--uploads", str(uploads))
    photo = MediaFile.objects.get(path="2019/05/photo.png")
    assert photo.get_absolute_url() in Page.objects.get(slug="about").body_html


def test_uploads_must_be_a_folder(tmp_path: Path, organisation: Organisation) -> None:
    with pytest.raises(CommandError, match="not a folder"):
        run(tmp_path, organisation, export(BODY), "--uploads", str(tmp_path / "nowhere"))


def test_an_old_upload_address_on_this_site_redirects_to_its_copy(
    tmp_path: Path, organisation: Organisation, uploads: Path, media: Path, client: Client
) -> None:
    run(tmp_path, organisation, export(BODY), "--uploads", str(uploads))
    answer = client.get("/wp-content/uploads/2019/05/photo-300x200.png")
    assert answer.status_code == 301
    assert (
        answer["Location"] == MediaFile.objects.get(path__endswith="300x200.png").get_absolute_url()
    )
    assert client.get("/wp-content/uploads/2019/05/never.png").status_code == 404
