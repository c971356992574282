from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("oversikt.csv", views.dashboard_export, name="dashboard-export"),
    path("personer/", views.people, name="people"),
    path("personer.csv", views.people_export, name="people-export"),
    path("obligatoriska-kurser/", views.requirement_list, name="requirement-list"),
    path(
        "obligatoriska-kurser/<int:pk>/ta-bort/",
        views.requirement_delete,
        name="requirement-delete",
    ),
]
