from collections.abc import Callable

import pytest

from parley.blog.models import Post
from parley.discussions.models import Comment
from parley.wordpress.models import WordPressItem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["site.xml", "wxr-1.0.xml", "wxr-1.1-https.xml"])
def test_wxr_1_0_1_1_and_1_2_with_http_or_https_namespaces_read_the_same(
    import_file: Callable[..., str], name: str
) -> None:
    import_file(name)
    post = Post.objects.get(slug="hello-world")
    assert post.tags.count() == 2
    assert WordPressItem.objects.get(kind="post", wp_id=10).extra["excerpt"] == "A short summary."
    assert Comment.objects.filter(discussion=post.discussion).count() == 11
