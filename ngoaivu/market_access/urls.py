from django.urls import path

from ngoaivu.market_access import views

app_name = "market_access"
urlpatterns = [
    path("", views.dossier_list, name="dossier_list"),
    path("board/", views.dossier_board, name="dossier_board"),
    path("new/", views.dossier_form, name="dossier_create"),
    path("for-agreement/<int:agreement_id>/", views.agreement_dossiers, name="agreement_dossiers"),
    path("<int:pk>/", views.dossier_detail, name="dossier_detail"),
    path("<int:pk>/edit/", views.dossier_form, name="dossier_edit"),
    path("<int:pk>/delete/", views.dossier_delete, name="dossier_delete"),
    path("<int:pk>/steps/", views.step_add, name="step_add"),
    path("<int:pk>/steps/<int:step_id>/complete/", views.step_complete, name="step_complete"),
    path("<int:pk>/notes/", views.note_add, name="note_add"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("<int:pk>/documents/<int:document_id>/", views.document_download, name="document_download"),
]
