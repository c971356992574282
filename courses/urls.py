from django.urls import path

from . import views, views_preview

app_name = "courses"

urlpatterns = [
    path("", views.my_courses, name="my-courses"),
    path("kurser/<slug:slug>/", views.course_detail, name="course"),
    path("kurser/<slug:slug>/starta/", views.course_start, name="course-start"),
    path("kurser/<slug:slug>/fortsatt/", views.course_continue, name="course-continue"),
    path("kurser/<slug:slug>/klar/", views.course_completed, name="course-completed"),
    path("kurser/<slug:slug>/steg/<int:step_id>/", views.step_detail, name="step"),
    path(
        "kurser/<slug:slug>/steg/<int:step_id>/klart/",
        views.step_complete,
        name="step-complete",
    ),
    path(
        "kurser/<slug:slug>/reflektion/<int:block_id>/",
        views.reflection_save,
        name="reflection-save",
    ),
    path(
        "redigering/forhandsgranska-text/",
        views_preview.markdown_preview,
        name="markdown-preview",
    ),
    path("forhandsvisning/<slug:slug>/", views_preview.preview_course, name="preview-course"),
    path(
        "forhandsvisning/<slug:slug>/steg/<int:step_id>/",
        views_preview.preview_step,
        name="preview-step",
    ),
]
