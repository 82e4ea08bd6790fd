from django.urls import path

from parley.discussions import feeds, people_views
from parley.syndication import feed_paths

app_name = "people"
urlpatterns = [
    path("<int:user_id>/", people_views.person_page, name="person"),
    *feed_paths("<int:user_id>/feed/", feeds.PersonComments, feeds.person_freshness, "feed"),
]
