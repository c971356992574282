from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("mina-uppgifter/", views.person_data, name="person-data"),
    path("mina-uppgifter/export.json", views.person_data_export, name="person-data-export"),
    path("mina-uppgifter/utskrift/", views.person_data_print, name="person-data-print"),
    path("personuppgifter/", views.privacy_notice, name="privacy-notice"),
]
