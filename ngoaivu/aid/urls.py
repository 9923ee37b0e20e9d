from django.urls import URLPattern, URLResolver, path

from ngoaivu.aid import views

app_name = "aid"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.project_list, name="project_list"),
    path("new/", views.project_form, name="project_create"),
    path("summary/", views.summary, name="summary"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/edit/", views.project_form, name="project_edit"),
    path("<int:pk>/years/", views.years_form, name="years_edit"),
    path("<int:pk>/reports/new/", views.report_form, name="report_create"),
    path("<int:pk>/reports/<int:report_id>/file/", views.report_file, name="report_file"),
]
