from django.urls import path

from ngoaivu.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="agreement_list"),
    path("new/", views.agreement_form, name="agreement_create"),
    path("legal/", views.legal_overview, name="legal"),
    path("counts/", views.counts, name="counts"),
    path("rules/", views.rules, name="rules"),
    path("import/", views.import_upload, name="import"),
    path("import/template/", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_batch, name="import_batch"),
    path("<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("<int:pk>/edit/", views.agreement_form, name="agreement_edit"),
    path("<int:pk>/action/<slug:action>/", views.agreement_action, name="agreement_action"),
    path("<int:pk>/milestones/", views.milestone_save, name="milestone_create"),
    path("<int:pk>/milestones/<int:milestone_id>/", views.milestone_save, name="milestone_update"),
    path("<int:pk>/activity/", views.activity_add, name="activity_add"),
    path("<int:pk>/opinions/paper/", views.paper_opinion, name="paper_opinion"),
    path("<int:pk>/files/", views.file_upload, name="file_upload"),
    path("<int:pk>/files/<int:file_id>/", views.file_download, name="file_download"),
]
