from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Uppföljning")

    def ready(self) -> None:
        from courses.api import course_list_order_register

        from .selectors import course_cards_by_urgency

        course_list_order_register(course_cards_by_urgency)
