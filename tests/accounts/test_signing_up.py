import re
from collections.abc import Callable

from django.test import Client

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Comment, Status
from tests.conftest import Mailbox
from tests.notifications.helpers import text_of


def test_a_new_person_signs_up_verifies_by_email_and_comments_as_themselves(
    client: Client, smtp: Mailbox, post: Post
) -> None:
    response = client.post(
        "/accounts/signup/",
        {
            "email": "newcomer@example.org",
            "display_name": "Nia Newcomer",
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
        },
    )
    assert response.status_code == 302
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == "newcomer@example.org"
    found = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", text_of(message))
    assert found is not None
    link = found.group(1)
    client.post(link)
    client.post(
        "/accounts/login/",
        {"login": "newcomer@example.org", "password": "a long and unusual passphrase"},
    )
    client.post(post.get_absolute_url(), {"body": "Glad to join in"})
    comment = Comment.objects.get()
    assert comment.user == User.objects.get(email="newcomer@example.org")
    assert comment.status == Status.APPROVED
    assert "Nia Newcomer" in Client().get(post.get_absolute_url()).content.decode()


def test_a_password_reset_email_is_sent(client: Client, smtp: Mailbox, participant: User) -> None:
    client.post("/accounts/password/reset/", {"email": participant.email})
    assert len(smtp.messages) == 1
    assert "/accounts/password/reset/key/" in text_of(smtp.messages[0])


def test_the_account_page_creates_and_revokes_tokens(
    signed_in: Callable[[User], Client], participant: User
) -> None:
    client = signed_in(participant)
    page = client.post("/accounts/profile/", {"form": "token", "name": "my script"})
    token = re.search(r'<code class="parley-token">(parley_[^<]+)</code>', page.content.decode())
    assert token is not None
    token_id = participant.tokens.get().pk
    client.post(f"/accounts/tokens/{token_id}/revoke/")
    assert participant.tokens.get().revoked_at is not None
