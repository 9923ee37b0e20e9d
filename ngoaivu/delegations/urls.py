from django.urls import path

from ngoaivu.delegations import views

app_name = "delegations"
urlpatterns = [
    path("", views.delegation_list, name="delegation_list"),
    path("new/", views.delegation_form, name="delegation_create"),
    path("deputies/", views.deputies, name="deputies"),
    path("chain/", views.approval_chain, name="approval_chain"),
    path("deputies/<int:deputy_id>/revoke/", views.deputy_revoke, name="deputy_revoke"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/token/", views.calendar_token, name="calendar_token"),
    path("calendar/feed/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/new/", views.visit_form, name="visit_create"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/edit/", views.visit_form, name="visit_edit"),
    path("conferences/", views.conference_list, name="conference_list"),
    path("conferences/new/", views.conference_form, name="conference_create"),
    path("conferences/<int:pk>/", views.conference_detail, name="conference_detail"),
    path("conferences/<int:pk>/edit/", views.conference_form, name="conference_edit"),
    path("conferences/<int:pk>/action/<slug:action>/", views.conference_action, name="conference_action"),
    path("<int:pk>/", views.delegation_detail, name="delegation_detail"),
    path("<int:pk>/edit/", views.delegation_form, name="delegation_edit"),
    path("<int:pk>/action/<slug:action>/", views.delegation_action, name="delegation_action"),
    path("<int:pk>/decision/", views.record_decision, name="record_decision"),
    path("<int:pk>/decision/<int:step_id>/file/", views.decision_file, name="decision_file"),
    path("<int:pk>/briefing/", views.briefing_add, name="briefing_add"),
    path("<int:pk>/follow-ups/", views.follow_up_save, name="follow_up_create"),
    path("<int:pk>/follow-ups/<int:task_id>/", views.follow_up_save, name="follow_up_update"),
]
