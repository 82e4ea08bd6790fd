"""A person's public page: their name and their approved comments, with a feed.

Only people with accounts have one; guests' comments show a name and nothing more."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from parley.conditional import conditional
from parley.discussions import queries
from parley.discussions.feeds import person, person_freshness


@conditional(person_freshness)
def person_page(request: HttpRequest, user_id: int) -> HttpResponse:
    someone = person(user_id)
    page = Paginator(queries.public_comments_by(someone.pk), 50).get_page(request.GET.get("page"))
    return render(request, "discussions/person.html", {"person": someone, "page": page})
