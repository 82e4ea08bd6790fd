from allauth.socialaccount.providers.oauth2.urls import default_urlpatterns

from parley.accounts.wordpress_com.provider import WordPressComProvider

urlpatterns = default_urlpatterns(WordPressComProvider)
