from parley.markup import Mentionable, clean, plain_text, render_comment, render_document


def test_comment_markdown_renders_the_supported_subset() -> None:
    html = render_comment(
        "*em* **strong** [link](https://example.org)\n\n> quote\n\n- item\n\n`code`"
    ).html
    assert "<em>em</em>" in html
    assert "<strong>strong</strong>" in html
    assert "<blockquote>" in html
    assert "<li>item</li>" in html
    assert "<code>code</code>" in html


def test_comment_links_are_marked_nofollow_ugc() -> None:
    html = render_comment("[site](https://example.org)").html
    assert 'rel="nofollow ugc noopener"' in html


def test_raw_html_scripts_and_javascript_urls_never_survive() -> None:
    hostile = (
        "<script>alert(1)</script> <img src=x onerror=alert(1)> "
        "[x](javascript:alert(1)) [y](data:text/html;base64,PHNjcmlwdD4=) <style>p{}</style>"
    )
    html = render_comment(hostile).html
    assert "<script" not in html
    assert "<img" not in html
    assert "<style" not in html
    assert 'href="javascript' not in html
    assert 'href="data' not in html


def test_headings_and_images_are_not_part_of_comments() -> None:
    html = render_comment("# Big\n\n![pic](https://example.org/a.png)").html
    assert "<h1" not in html
    assert "<img" not in html


def test_documents_keep_headings_below_the_page_title_and_tables() -> None:
    html = render_document("# Section\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<h2>Section</h2>" in html
    assert "<table>" in html


def test_a_document_starting_at_level_two_starts_at_h2_and_keeps_its_levels() -> None:
    html = render_document("## Section\n\n### Part\n\n## Another")
    assert "<h2>Section</h2>" in html
    assert "<h3>Part</h3>" in html
    assert "<h2>Another</h2>" in html


def test_cleaning_is_idempotent() -> None:
    html = render_document("Some *text* with [a link](https://example.org) and `code`.")
    assert clean(html, tags={"p", "em", "a", "code"}, rel="noopener") == clean(
        clean(html, tags={"p", "em", "a", "code"}, rel="noopener"),
        tags={"p", "em", "a", "code"},
        rel="noopener",
    )


def test_mentions_link_the_longest_matching_name_but_not_inside_code_or_links() -> None:
    people = [Mentionable("Ann", "#comment-1"), Mentionable("Ann Lee", "#comment-2")]
    rendered = render_comment(
        "Thanks @Ann Lee and @ann. Not `@Ann` nor [@Ann](https://example.org) nor me@Ann",
        mentionables=people,
    )
    assert '<a href="#comment-2" class="parley-mention"' in rendered.html
    assert '<a href="#comment-1" class="parley-mention"' in rendered.html
    assert "<code>@Ann</code>" in rendered.html
    assert "me@Ann" in rendered.html
    assert [person.name for person in rendered.mentioned] == ["Ann Lee", "Ann"]


def test_plain_text_strips_markup() -> None:
    assert plain_text("<p>Hello <em>there</em></p>\n<p>you</p>") == "Hello there you"
