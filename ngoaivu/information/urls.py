from django.urls import path

from ngoaivu.information import views

app_name = "information"
urlpatterns = [
    path("", views.brief_list, name="brief_list"),
    path("new/", views.brief_form, name="brief_create"),
    path("readership/", views.readership, name="readership"),
    path("subscriptions/", views.subscriptions, name="subscriptions"),
    path("subscriptions/<int:pk>/delete/", views.subscription_delete, name="subscription_delete"),
    path("for-request/<int:request_id>/", views.request_briefs, name="request_briefs"),
    path("<int:pk>/", views.brief_detail, name="brief_detail"),
    path("<int:pk>/edit/", views.brief_form, name="brief_edit"),
    path("<int:pk>/publish/", views.brief_publish, name="brief_publish"),
    path("<int:pk>/withdraw/", views.brief_withdraw, name="brief_withdraw"),
    path("<int:pk>/delete/", views.brief_delete, name="brief_delete"),
    path("<int:pk>/rate/", views.brief_rate, name="brief_rate"),
    path("<int:pk>/ask/", views.brief_ask, name="brief_ask"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment_download"),
    path("<int:pk>/entities/", views.entities_decide, name="entities_decide"),
]
