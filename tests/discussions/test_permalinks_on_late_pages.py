"""A permalink (`/c/<id>`, and `?comment=N` without JavaScript) finds the page that holds a
comment in whichever order the reader chose, counting its thread's place from the nearer end
of the discussion (issue 23); a page far from both ends is linked from the thread before it."""

import pytest
from django.test import Client
from pytest_django import Settings

from parley.accounts.models import User
from parley.blog.models import Post
from parley.conditional import ORDER_COOKIE
from parley.discussions import queries
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Discussion, Status
from tests.builders import bulk_thread, comment_as

PER_PAGE = 4


def pages_of(discussion: Discussion, order: str, viewer: User | None) -> dict[int, int]:
    """By comment number: the page of threads that holds it, worked out here from every
    thread the viewer sees."""
    seen = Comment.objects.filter(discussion=discussion).public_or_own(
        user_id=viewer.pk if viewer else None, own_ids=[]
    )
    tops = sorted(
        seen.filter(depth=0, copy_of=None).values_list("like_count", "path"),
        key=lambda top: top[1],
    )
    if order == "newest":
        tops.reverse()
    elif order == "liked":
        tops.sort(key=lambda top: -top[0])  # stable: oldest first among equals
    page = {path: index // PER_PAGE + 1 for index, (_likes, path) in enumerate(tops)}
    return {
        number: page[path.split(".")[0]]
        for number, path in seen.values_list("number", "path")
        if path.split(".")[0] in page
    }


def landing(client: Client, address: str, number: int) -> str:
    """Where `address` redirects, after checking that page shows comment `number`."""
    response = client.get(address)
    assert response.status_code == 302, address
    target = str(response["Location"])
    assert target.endswith(f"#comment-{number}")
    assert f'id="comment-{number}"' in client.get(target.split("#")[0]).content.decode(), target
    return target


@pytest.fixture
def big(post: Post, participant: User, settings: Settings) -> Discussion:
    """60 threads (15 pages of 4) with replies and likes of every count."""
    settings.PARLEY_COMMENTS_PER_PAGE = PER_PAGE
    settings.PARLEY_PAGE_CACHE = False
    bulk_thread(post.discussion, 90, participant)
    for comment in Comment.objects.filter(discussion=post.discussion, depth=0):
        Comment.objects.filter(pk=comment.pk).update(like_count=comment.number * 7 % 5)
    post.discussion.refresh_from_db()
    return post.discussion


@pytest.mark.parametrize("order", list(queries.ORDERINGS))
def test_a_permalink_to_a_comment_on_any_page_lands_there_in_every_order(
    client: Client, big: Discussion, order: str
) -> None:
    client.cookies[ORDER_COOKIE] = order
    comments = Comment.objects.filter(discussion=big).order_by("number")
    pages = pages_of(big, order, None)
    # Threads and replies on the first, a middle and the last pages, in this order.
    late = [c for c in comments if pages[c.number] >= 14]
    early = [c for c in comments if pages[c.number] <= 2]
    middle = [c for c in comments if pages[c.number] == 8]
    assert len(late) > 4
    assert len(early) > 4
    assert len(middle) > 4
    for comment in [*late, *early[:3], *middle[:3]]:
        page = pages[comment.number]
        suffix = f"page={page}" if page > 1 else ""
        for address in (f"/c/{comment.pk}", f"{big.url}?comment={comment.number}"):
            target = landing(client, address, comment.number).split("#")[0]
            assert target.endswith(suffix), (address, target, page)


@pytest.mark.parametrize("order", ["oldest", "newest"])
def test_a_page_far_from_both_ends_is_linked_from_the_thread_before_it(
    client: Client, big: Discussion, order: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "KEYSET_DEPTH", 12)  # three pages from either end
    client.cookies[ORDER_COOKIE] = order
    tops = list(
        Comment.objects.filter(discussion=big, depth=0)
        .order_by("path")
        .values_list("number", flat=True)
    )
    if order == "newest":
        tops.reverse()
    for index, number in enumerate(tops):
        comment = Comment.objects.get(discussion=big, number=number)
        target = landing(client, f"/c/{comment.pk}", number).split("#")[0]
        page = index // PER_PAGE + 1
        first = (page - 1) * PER_PAGE
        if first > 12 and len(tops) - first > 12:
            assert target.endswith(f"page={page}&after={tops[first - 1]}"), target
        else:
            assert "after=" not in target
            assert target.endswith(f"page={page}") or page == 1
        # Replying without JavaScript opens the same page, its form under the comment.
        replying = client.get(f"{big.url}?order={order}&reply={number}")
        assert f'id="comment-{number}"' in replying.content.decode()


def test_a_readers_own_held_thread_is_counted_when_placing_a_late_comment(
    client: Client, big: Discussion, outsider: User, settings: Settings
) -> None:
    """Counted from the end, the place of a late comment depends on how many threads come
    before it: a reader's own held threads among them too."""
    settings.PARLEY_COMMENT_RATE = "100/60"
    big.hold_all = True
    big.save(update_fields=["hold_all"])
    held = [comment_as(big, outsider, f"Mine, held, {n}") for n in range(3)]
    assert all(c.status == Status.PENDING for c in held)
    late = Comment.objects.get(discussion=big, number=88)
    client.force_login(outsider)
    for order in ("oldest", "newest"):
        client.cookies[ORDER_COOKIE] = order
        pages = pages_of(big, order, outsider)
        for comment in [late, *held]:
            page = pages[comment.number]
            target = landing(client, f"/c/{comment.pk}", comment.number).split("#")[0]
            assert target.endswith(f"page={page}") or page == 1, (order, target)
    assert landing(Client(), f"/c/{late.pk}", 88).endswith("?page=15#comment-88")


def test_a_copy_is_placed_on_its_letters_pages_oldest_first_in_any_order(
    client: Client, big: Discussion, participant: User
) -> None:
    letter = list(Comment.objects.filter(discussion=big, depth=0).order_by("path")[:11])
    discussions.mark_copies(letters=[[c.pk for c in letter]], discussion_ids=[big.pk])
    last = letter[-1]  # the 10th copy: page 3 of copies, 4 a page, oldest first
    for order in queries.ORDERINGS:
        client.cookies[ORDER_COOKIE] = order
        target = landing(client, f"/c/{last.pk}", last.number)
        assert target == f"{big.url}?copies={letter[0].number}&page=3#comment-{last.number}"
