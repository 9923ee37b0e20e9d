from django.urls import path

from ngoaivu.ingest import views

app_name = "ingest"
urlpatterns = [
    path("", views.document_list, name="document_list"),
    path("new/", views.document_form, name="document_new"),
    path("ingest/", views.document_ingest, name="document_ingest"),
    path("<int:pk>/", views.document_detail, name="document_detail"),
    path("<int:pk>/edit/", views.document_form, name="document_edit"),
    path("<int:pk>/version/", views.document_version, name="document_version"),
    path("<int:pk>/entities/", views.document_entities, name="document_entities"),
    path("<int:pk>/delete/", views.document_delete, name="document_delete"),
    path("<int:pk>/versions/<int:number>/file/", views.document_file, name="document_file"),
]
