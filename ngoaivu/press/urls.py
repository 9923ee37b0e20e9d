from django.urls import URLPattern, URLResolver, path

from ngoaivu.press import views

app_name = "press"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.visit_list, name="visit_list"),
    path("new/", views.visit_form, name="visit_create"),
    path("counts/", views.visit_counts, name="visit_counts"),
    path("reporters-template.xlsx", views.reporters_template, name="reporters_template"),
    path("<int:pk>/", views.visit_detail, name="visit_detail"),
    path("<int:pk>/edit/", views.visit_form, name="visit_edit"),
    path("<int:pk>/answer/", views.visit_answer, name="visit_answer"),
    path("<int:pk>/status/<slug:action>/", views.visit_transition, name="visit_transition"),
    path("<int:pk>/reporters/", views.reporter_add, name="reporter_add"),
    path("<int:pk>/articles/", views.article_add, name="article_add"),
    path("<int:pk>/reporters/import/", views.import_upload, name="import_upload"),
    path("<int:pk>/reporters/import/<int:batch>/", views.import_preview, name="import_preview"),
    path("<int:pk>/reporters/import/<int:batch>/confirm/", views.import_confirm, name="import_confirm"),
]
