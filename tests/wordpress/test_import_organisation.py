"""Which organisation `parley import-wordpress` puts the posts in when none is named: the
only one; on a fresh site one made from the export's site title, when asked to; with
several, it lists them."""

import io

import pytest
from django.core.management import CommandError, call_command

from parley.blog.models import Post
from parley.organisations.models import Organisation
from tests.wordpress.conftest import fixture_path

SITE = str(fixture_path("site.xml"))


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import-wordpress", SITE, *args, "--noinput", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_on_a_site_with_no_organisation_it_names_the_option_that_creates_one() -> None:
    with pytest.raises(CommandError) as refused:
        run()
    assert "--create-organisation" in str(refused.value)
    assert "‘Old consultation blog’" in str(refused.value)
    assert not Post.objects.exists()


@pytest.mark.django_db
def test_create_organisation_makes_one_from_the_exports_site_title() -> None:
    out = run("--create-organisation")
    blog = Organisation.objects.get()
    assert (blog.name, blog.slug) == ("Old consultation blog", "old-consultation-blog")
    assert "Created the organisation Old consultation blog" in out
    assert Post.objects.filter(organisation=blog).exists()


@pytest.mark.django_db
def test_a_dry_run_creates_no_organisation() -> None:
    out = run("--create-organisation", "--dry-run")
    assert "Would create the organisation Old consultation blog" in out
    assert not Organisation.objects.exists()
    assert not Post.objects.exists()


@pytest.mark.django_db
def test_at_a_terminal_it_offers_to_create_the_organisation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    asked: list[str] = []
    monkeypatch.setattr("sys.stdin", Terminal())

    def answer(prompt: str = "") -> str:
        asked.append(prompt)
        return "y"

    monkeypatch.setattr("builtins.input", answer)
    call_command("import-wordpress", SITE, stdout=io.StringIO())
    assert "Create ‘Old consultation blog’" in asked[0]
    assert Organisation.objects.get().name == "Old consultation blog"


@pytest.mark.django_db
def test_with_several_organisations_it_lists_their_slugs(
    organisation: Organisation, other_organisation: Organisation
) -> None:
    slugs = ", ".join(sorted([organisation.slug, other_organisation.slug]))
    with pytest.raises(CommandError, match=f"with --organisation SLUG, one of: {slugs}$"):
        run()


@pytest.mark.django_db
def test_with_one_organisation_the_posts_are_its(organisation: Organisation) -> None:
    run()
    assert Post.objects.filter(organisation=organisation).exists()
