from django.urls import URLPattern, URLResolver, path

from ngoaivu.border import views

app_name = "border"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.mechanism_list, name="mechanism_list"),
    path("new/", views.mechanism_form, name="mechanism_create"),
    path("<int:pk>/", views.mechanism_detail, name="mechanism_detail"),
    path("<int:pk>/edit/", views.mechanism_form, name="mechanism_edit"),
    path("<int:pk>/meetings/new/", views.meeting_form, name="meeting_create"),
    path("<int:pk>/files/", views.file_upload, name="mechanism_file_upload"),
    path("<int:pk>/files/<int:file_pk>/", views.file_download, name="file_download"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<int:meeting_pk>/edit/", views.meeting_form, name="meeting_edit"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/action/", views.meeting_action, name="meeting_action"),
    path("meetings/<int:pk>/commitments/", views.commitment_add, name="commitment_add"),
    path(
        "meetings/<int:pk>/commitments/<int:commitment_pk>/",
        views.commitment_action,
        name="commitment_action",
    ),
    path("meetings/<int:meeting_pk>/files/", views.meeting_file_upload, name="meeting_file_upload"),
    path("commitments/", views.commitment_list, name="commitment_list"),
    path("counts/", views.counts, name="counts"),
]
