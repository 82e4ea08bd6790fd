"""Sign in with WordPress.com: an OAuth 2 provider for django-allauth, which has none.

WordPress.com's OAuth 2 (https://developer.wordpress.com/docs/oauth2/) gives an access
token for the `auth` scope; `/rest/v1/me` then says who the person is, including their
e-mail address and whether WordPress.com has verified it.
"""
