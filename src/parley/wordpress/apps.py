from django.apps import AppConfig


class WordPressConfig(AppConfig):
    name = "parley.wordpress"
    label = "wordpress"
    verbose_name = "WordPress import and export"

    def ready(self) -> None:
        from parley.discussions import anchors
        from parley.wordpress.queries import old_link_anchors

        # `#comment-456` from an old WordPress link: the thread of a post or wiki page
        # answers to WordPress's ids. Nothing imports wordpress; it plugs in here.
        anchors.register(old_link_anchors)
