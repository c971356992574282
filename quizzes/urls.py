from django.urls import path

from . import views

app_name = "quizzes"

urlpatterns = [
    path("<int:quiz_id>/nytt-forsok/", views.attempt_start, name="attempt-start"),
    path("forsok/<int:attempt_id>/", views.attempt_detail, name="attempt-detail"),
    path("forsok/<int:attempt_id>/skicka/", views.attempt_submit, name="attempt-submit"),
    path("<int:quiz_id>/forhandsgranska/", views.quiz_preview, name="preview"),
    path("<int:quiz_id>/forhandsgranska/ratta/", views.preview_submit, name="preview-submit"),
    path("kurser/<slug:slug>/fragoanalys/", views.item_analysis, name="item-analysis"),
]
