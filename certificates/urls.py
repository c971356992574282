from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("certifikat/", views.my_certificates, name="my-certificates"),
    path("certifikat/<int:pk>/pdf/", views.certificate_download, name="certificate-download"),
    path("certifikat/<int:pk>/fornya/", views.certificate_renew, name="certificate-renew"),
    path("certifikat/verifiera/", views.verify_bulk, name="verify-bulk"),
    path("certifikat/zip/", views.certificate_zip, name="certificate-zip"),
    path("certifikat/zip/<int:pk>/", views.certificate_zip_status, name="certificate-zip-status"),
    path(
        "certifikat/zip/<int:pk>/status.json",
        views.certificate_zip_status_json,
        name="certificate-zip-status-json",
    ),
    path(
        "certifikat/zip/<int:pk>/ladda-ner/",
        views.certificate_zip_download,
        name="certificate-zip-download",
    ),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>.json", views.verify_code_json, name="verify-code-json"),
    path("verify/<str:code>/", views.verify_code, name="verify-code"),
]
