from django.urls import path

from ngoaivu.delegations.views import approvals, calendar, conferences, delegations, visits, workflow

app_name = "delegations"
urlpatterns = [
    path("", delegations.delegation_list, name="delegation_list"),
    path("new/", delegations.delegation_form, name="delegation_create"),
    path("deputies/", approvals.deputies, name="deputies"),
    path("chain/", approvals.approval_chain, name="approval_chain"),
    path("deputies/<int:deputy_id>/revoke/", approvals.deputy_revoke, name="deputy_revoke"),
    path("calendar/", calendar.calendar_page, name="calendar"),
    path("calendar/token/", calendar.calendar_token, name="calendar_token"),
    path("calendar/feed/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("visits/", visits.visit_list, name="visit_list"),
    path("visits/new/", visits.visit_form, name="visit_create"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/edit/", visits.visit_form, name="visit_edit"),
    path("conferences/", conferences.conference_list, name="conference_list"),
    path("conferences/new/", conferences.conference_form, name="conference_create"),
    path("conferences/<int:pk>/", conferences.conference_detail, name="conference_detail"),
    path("conferences/<int:pk>/edit/", conferences.conference_form, name="conference_edit"),
    path(
        "conferences/<int:pk>/action/<slug:action>/", conferences.conference_action, name="conference_action"
    ),
    path("<int:pk>/", delegations.delegation_detail, name="delegation_detail"),
    path("<int:pk>/edit/", delegations.delegation_form, name="delegation_edit"),
    path("<int:pk>/action/<slug:action>/", workflow.delegation_action, name="delegation_action"),
    path("<int:pk>/decision/", workflow.record_decision, name="record_decision"),
    path("<int:pk>/decision/<int:step_id>/file/", workflow.decision_file, name="decision_file"),
    path("<int:pk>/briefing/", workflow.briefing_add, name="briefing_add"),
    path("<int:pk>/follow-ups/", workflow.follow_up_save, name="follow_up_create"),
    path("<int:pk>/follow-ups/<int:task_id>/", workflow.follow_up_save, name="follow_up_update"),
]
