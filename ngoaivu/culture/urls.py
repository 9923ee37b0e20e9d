from django.urls import path

from ngoaivu.culture import views

app_name = "culture"
urlpatterns = [
    path("", views.title_list, name="title_list"),
    path("new/", views.title_form, name="title_create"),
    path("counts/", views.counts, name="counts"),
    path("<int:pk>/", views.title_detail, name="title_detail"),
    path("<int:pk>/edit/", views.title_form, name="title_edit"),
    path("<int:pk>/stage/", views.title_stage, name="title_stage"),
    path("<int:pk>/documents/new/", views.document_form, name="document_create"),
    path("<int:pk>/documents/<int:document_id>/file/", views.document_file, name="document_file"),
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_form, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_form, name="event_edit"),
]
