from django.urls import path

from ngoaivu.agreements.views import agreements, files, imports, legal, roadmap

app_name = "agreements"
urlpatterns = [
    path("", agreements.agreement_list, name="agreement_list"),
    path("new/", agreements.agreement_form, name="agreement_create"),
    path("legal/", legal.legal_overview, name="legal"),
    path("counts/", agreements.counts, name="counts"),
    path("rules/", legal.rules, name="rules"),
    path("import/", imports.import_upload, name="import"),
    path("import/template/", imports.import_template, name="import_template"),
    path("import/<int:pk>/", imports.import_batch, name="import_batch"),
    path("<int:pk>/", agreements.agreement_detail, name="agreement_detail"),
    path("<int:pk>/edit/", agreements.agreement_form, name="agreement_edit"),
    path("<int:pk>/action/<slug:action>/", legal.agreement_action, name="agreement_action"),
    path("<int:pk>/milestones/", roadmap.milestone_save, name="milestone_create"),
    path("<int:pk>/milestones/<int:milestone_id>/", roadmap.milestone_save, name="milestone_update"),
    path("<int:pk>/activity/", roadmap.activity_add, name="activity_add"),
    path("<int:pk>/opinions/paper/", legal.paper_opinion, name="paper_opinion"),
    path("<int:pk>/files/", files.file_upload, name="file_upload"),
    path("<int:pk>/files/<int:file_id>/", files.file_download, name="file_download"),
]
