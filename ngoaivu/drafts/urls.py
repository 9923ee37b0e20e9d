from django.urls import path

from ngoaivu.drafts import views

app_name = "drafts"
urlpatterns = [
    path("drafts/", views.draft_list, name="draft_list"),
    path("drafts/save/", views.draft_save, name="draft_save"),
    path("drafts/discard/", views.draft_discard, name="draft_discard"),
    path("session/keep-alive/", views.keep_alive, name="keep_alive"),
    path("session/status/", views.session_status, name="session_status"),
]
