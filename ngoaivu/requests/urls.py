from django.urls import path

from ngoaivu.requests import views

app_name = "requests"
urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("new/", views.request_form, name="request_create"),
    path("similar/", views.similar_panel, name="similar"),
    path("categories/", views.categories, name="categories"),
    path("responsiveness/", views.responsiveness, name="responsiveness"),
    path("for-dossier/<int:dossier_id>/", views.dossier_requests, name="dossier_requests"),
    path("<int:pk>/", views.request_detail, name="request_detail"),
    path("<int:pk>/shared/", views.request_shared, name="request_shared"),
    path("<int:pk>/edit/", views.request_form, name="request_edit"),
    path("<int:pk>/action/<slug:action>/", views.request_action, name="request_action"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
