"""Reading a Disqus export holds one thread or post at a time, however long the file."""

import io
import tracemalloc

import pytest

from parley.wordpress.disqus import Reader

pytestmark = pytest.mark.database_independent


def export(posts: int) -> bytes:
    body = "".join(
        f'<post dsq:id="{n}"><message><![CDATA[<p>Comment number {n}, with some words.</p>]]>'
        f"</message><createdAt>2015-01-02T10:00:00Z</createdAt><author><name>Reader {n}"
        f'</name></author><thread dsq:id="{n % 7}"/></post>\n'
        for n in range(1, posts + 1)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" '
        f'xmlns:dsq="http://disqus.com/disqus-internals">\n{body}</disqus>\n'
    ).encode()


def peak_while_reading(source: bytes) -> tuple[int, int]:
    tracemalloc.start()
    try:
        count = sum(1 for _ in Reader(io.BytesIO(source)).items())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return count, peak


def test_reading_four_times_the_posts_takes_no_more_memory() -> None:
    small, large = export(5_000), export(20_000)
    count_small, peak_small = peak_while_reading(small)
    count_large, peak_large = peak_while_reading(large)
    assert (count_small, count_large) == (5_000, 20_000)
    # Bounded by the chunk read and the posts built from it, not by the file (4 MB).
    assert peak_large < 1.25 * peak_small
    assert peak_large < 2_000_000
