from django.contrib import admin
from django.urls import include, path

from parley import readiness, sharing, sitemaps, views
from parley.accounts import oidc
from parley.api.reference import reference
from parley.api.urls import api
from parley.discussions import views as discussion_views
from parley.guidance import embed_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", readiness.readyz, name="readyz"),  # for load balancers: docs/deployment.md
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the header's language switch
    path("favicon.ico", views.favicon),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/your-comments/", views.guest_data_request, name="guest_data_request"),
    path("privacy/your-comments/<str:token>/", views.guest_data, name="guest_data"),
    path("comment-policy/", views.comment_policy, name="comment_policy"),
    path("robots.txt", sitemaps.robots, name="robots"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemaps/<slug:section>/<int:number>.xml", sitemaps.page, name="sitemap_page"),
    path("oembed", embed_views.oembed, name="oembed"),
    path("embed/", include("parley.guidance.embed_urls")),
    path("people/", include("parley.discussions.people_urls")),
    path("share/mastodon/", sharing.mastodon, name="share_mastodon"),
    path("blog/", include("parley.blog.urls")),
    path("guidance/", include("parley.guidance.urls")),
    path("guidance/", include("parley.insights.urls")),
    path("", include("parley.consultations.urls")),
    path("", include("parley.files.urls")),
    path("comments/", include("parley.discussions.urls")),
    path("c/<int:comment_id>", discussion_views.permalink, name="comment_permalink"),
    path("moderation/", include("parley.moderation.urls")),
    path("organisations/", include("parley.organisations.urls")),
    path("wiki/", include("parley.wiki.urls")),
    path("notifications/", include("parley.notifications.urls")),
    path("accounts/", include("parley.accounts.urls")),
    # Before allauth's own URL, so the ID token's signature is always checked.
    path(
        "accounts/oidc/<str:provider_id>/login/callback/",
        oidc.callback,
        name="openid_connect_callback",
    ),
    path("accounts/", include("allauth.urls")),
    # Before the API, whose last route answers every other address under /api/v1/ with JSON.
    path("api/v1/reference/", reference, name="api_reference"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler403 = "parley.views.forbidden"  # views raise PermissionDenied(message)
handler404 = "parley.views.not_found"
handler429 = "parley.ratelimit.handler429"
handler500 = "parley.outage.server_error"  # 503 while the database is away
