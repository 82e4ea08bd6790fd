import html
import re
from typing import Any

from django.test import Client
from django.urls import reverse

from parley.accounts.models import User
from parley.blog.models import Post
from parley.guidance.models import Clause
from parley.organisations.models import Organisation


def embed_url(clause: Clause) -> str:
    version = clause.version
    return reverse("embed:clause", args=[version.document.slug, version.number, clause.number])


def test_the_embedded_card_counts_comments_and_invites_people_to_have_their_say(
    client: Client, clause: Clause, commented: dict[str, Any]
) -> None:
    response = client.get(embed_url(clause))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Clause 4" in page
    assert "Treat social media as just another channel" in page
    assert "1 comment" in page
    assert "have your say" in page
    # Every link leaves the frame, to our page, absolutely.
    links = re.findall(r"<a [^>]*>", page)
    assert links
    assert all('target="_top"' in a and 'href="http://testserver/' in a for a in links)
    assert "<script" not in page
    assert "<style" not in page
    assert "style=" not in page


def test_only_embed_pages_may_be_framed_by_other_sites(
    client: Client, clause: Clause, post: Post
) -> None:
    embedded = client.get(embed_url(clause))
    assert "frame-ancestors *" in embedded["Content-Security-Policy"]
    assert "script-src 'none'" in embedded["Content-Security-Policy"]
    assert "X-Frame-Options" not in embedded.headers
    document_embed = client.get(reverse("embed:document", args=[clause.version.document.slug]))
    assert "frame-ancestors *" in document_embed["Content-Security-Policy"]
    for url in (clause.get_absolute_url(), post.get_absolute_url(), reverse("home")):
        response = client.get(url)
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], url
        assert response["X-Frame-Options"] == "DENY", url


def test_drafts_cannot_be_embedded(
    client: Client, editor: User, organisation: Organisation
) -> None:
    from parley.guidance import services as guidance

    document = guidance.create_document(
        user=editor, organisation=organisation, title="Unfinished", summary=""
    )
    guidance.add_clause(version=document.versions.get(), user=editor, heading="A", body="B")
    assert client.get(reverse("embed:document", args=[document.slug])).status_code == 404
    assert client.get(reverse("embed:clause", args=[document.slug, 1, "1"])).status_code == 404


def test_clause_and_document_pages_offer_the_embed_code(client: Client, clause: Clause) -> None:
    for url, target in (
        (clause.get_absolute_url(), embed_url(clause)),
        (
            clause.version.document.get_absolute_url(),
            reverse("embed:document", args=[clause.version.document.slug]),
        ),
    ):
        page = client.get(url).content.decode()
        assert "Embed this" in page
        code = re.search(r'<textarea [^>]*id="embed-code"[^>]*>([^<]*)</textarea>', page)
        assert code, url
        snippet = html.unescape(code.group(1))
        assert snippet.startswith(f'<iframe src="http://testserver{target}"'), url
