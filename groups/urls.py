from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="group-list"),
    path("ny/", views.group_create, name="group-create"),
    path("ga-med/", views.group_join, name="group-join"),
    path("narvaro/", views.attendance_code_enter, name="attendance-code"),
    path("narvaro/<str:code>/", views.attendance_register, name="attendance-register"),
    path("handledning/<slug:slug>/", views.facilitator_guide, name="guide"),
    path("handledning/<slug:slug>/pdf/", views.facilitator_guide_pdf, name="guide-pdf"),
    path("<int:group_id>/", views.group_detail, name="group-detail"),
    path("<int:group_id>/andra/", views.group_edit, name="group-edit"),
    path("<int:group_id>/moten/ny/", views.meeting_create, name="meeting-create"),
    path("<int:group_id>/moten/<int:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path("<int:group_id>/moten/<int:meeting_id>/oppna/", views.meeting_open, name="meeting-open"),
    path("<int:group_id>/moten/<int:meeting_id>/andra/", views.meeting_edit, name="meeting-edit"),
    path(
        "<int:group_id>/moten/<int:meeting_id>/ta-bort/",
        views.meeting_delete,
        name="meeting-delete",
    ),
    path(
        "<int:group_id>/moten/<int:meeting_id>/narvaro/",
        views.attendance_tick,
        name="attendance-tick",
    ),
    path(
        "<int:group_id>/moten/<int:meeting_id>/visa/",
        views.meeting_present,
        name="meeting-present",
    ),
    path(
        "<int:group_id>/moten/<int:meeting_id>/visa/<int:slide>/",
        views.meeting_present,
        name="meeting-present-slide",
    ),
]
