from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "parley.consultations"
    label = "consultations"
