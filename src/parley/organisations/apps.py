from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "parley.organisations"
    label = "organisations"
