from django.http import HttpRequest

from parley.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request type of views behind @login_required: its user is always a User."""

    user: User
