"""A post with an image uploaded to real WordPress (which makes its resized copies) and a
linked PDF, exported by WordPress's own exporter and imported with `--uploads` pointing at
WordPress's uploads folder: the post shows Parley's copies."""

import json
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from pytest_django import Settings

from parley.blog.models import Post
from parley.files.models import MediaFile
from parley.files.simple_pdf import text_pdf
from parley.organisations.models import Organisation
from tests.wordpress.images import png
from tests.wordpress.real import WordPress

pytestmark = [pytest.mark.django_db, pytest.mark.wordpress]

# Uploads the two files as WordPress's media library does (resized copies included), and
# writes a post that shows the image's medium size and links to the PDF; prints the upload
# folder and every file and folder it made there, so that the test can remove them.
UPLOAD = r"""<?php
error_reporting(E_ALL & ~E_DEPRECATED);
$_SERVER['HTTP_HOST'] = '127.0.0.1:8081';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['REMOTE_ADDR'] = '127.0.0.1';
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/admin.php';
wp_set_current_user(1);
$month = wp_upload_dir(null, false)['path'];
$new_folders = array_values(array_filter([$month, dirname($month)], fn($d) => !is_dir($d)));
$made = [];
$ids = [];
foreach (array_slice($argv, 1) as $source) {
    $copy = tempnam(sys_get_temp_dir(), 'upload');
    copy($source, $copy);
    $file = ['name' => basename($source), 'tmp_name' => $copy];
    $id = media_handle_sideload($file, 0, 'River ' . basename($source));
    if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message()); exit(1); }
    $ids[] = $id;
    $file = get_attached_file($id);
    $made[] = $file;
    $meta = wp_get_attachment_metadata($id);
    foreach (($meta['sizes'] ?? []) as $size) { $made[] = dirname($file) . '/' . $size['file']; }
}
update_post_meta($ids[0], '_wp_attachment_image_alt', 'The river in spring');
$medium = wp_get_attachment_image_src($ids[0], 'medium')[0];
$pdf = wp_get_attachment_url($ids[1]);
$post = wp_insert_post([
    'post_title' => 'Our annual report', 'post_name' => 'our-annual-report',
    'post_status' => 'publish', 'post_author' => 1,
    'post_content' => "<p><img src=\"$medium\" alt=\"The river\"></p>\n\n"
        . "<p>Read <a href=\"$pdf\">the report</a>.</p>",
]);
foreach ($ids as $id) { wp_update_post(['ID' => $id, 'post_parent' => $post]); }
echo json_encode([
    'basedir' => wp_upload_dir()['basedir'], 'made' => $made, 'medium' => $medium,
    'new_folders' => $new_folders,
]);
"""


def test_an_image_uploaded_to_wordpress_comes_over_with_its_post(
    wordpress: WordPress,
    organisation: Organisation,
    tmp_path: Path,
    settings: Settings,
    client: Client,
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    photo, report_pdf = tmp_path / "river.png", tmp_path / "report.pdf"
    photo.write_bytes(png(600, 400))
    report_pdf.write_bytes(text_pdf([["The annual report"]]))
    script = tmp_path / "upload.php"
    script.write_text(UPLOAD, encoding="utf-8")
    done = subprocess.run(
        ["php", str(script), str(photo), str(report_pdf)],  # noqa: S607
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    uploaded = json.loads(done.stdout[done.stdout.index("{") :])
    try:
        medium = uploaded["medium"]
        assert medium.endswith("-300x200.png")  # WordPress made the resized copy
        export = wordpress.export_file(tmp_path / "export.xml")
        out = StringIO()
        call_command(
            "import-wordpress", str(export), "--organisation", organisation.slug,
            "--uploads", uploaded["basedir"], stdout=out,
        )  # fmt: skip
    finally:
        for made in uploaded["made"]:
            Path(made).unlink(missing_ok=True)
        for folder in uploaded["new_folders"]:  # the month's, then the year's
            Path(folder).rmdir()
    report = out.getvalue()
    assert "Copied 3 files from the uploads folder" in report  # the image, its copy, the PDF
    assert "Left pointing at the old site" not in report
    post = Post.objects.get(slug="our-annual-report")
    shown = MediaFile.objects.get(path__endswith="-300x200.png")
    assert f'src="{shown.get_absolute_url()}"' in post.body_html
    assert "127.0.0.1:8081" not in post.body_html
    original = MediaFile.objects.get(path__endswith="river.png")
    assert original.alt_text == "The river in spring"
    answer = client.get(shown.get_absolute_url())
    assert answer.status_code == 200
    assert answer["Content-Type"] == "image/png"
    assert b"".join(answer.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]
