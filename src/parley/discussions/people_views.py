"""A person's public page: their name and their approved comments, with a feed.

Only people with accounts have one; guests' comments show a name and nothing more."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from parley import pagination
from parley.conditional import conditional
from parley.discussions import queries
from parley.discussions.feeds import person, person_freshness

# Comments a person's page shows, newest first; older ones are a page away.
PER_PAGE = 50


@conditional(person_freshness)
def person_page(request: HttpRequest, user_id: int) -> HttpResponse:
    someone = person(user_id)
    page, paging = pagination.paged(request, queries.public_comments_by(someone.pk), PER_PAGE)
    return render(
        request, "discussions/person.html", {"person": someone, "page": page, "paging": paging}
    )
