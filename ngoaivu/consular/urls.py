from django.urls import URLPattern, URLResolver, path

from ngoaivu.consular import views

app_name = "consular"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.case_list, name="case_list"),
    path("summary/", views.case_summary, name="case_summary"),
    path("new/", views.case_form, name="case_create"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/edit/", views.case_form, name="case_edit"),
    path("<int:pk>/actions/<slug:action>/", views.case_transition, name="case_transition"),
    path("<int:pk>/handover/", views.handover_send, name="handover_send"),
    path("<int:pk>/handover/accept/", views.handover_accept, name="handover_accept"),
    path("<int:pk>/handover/withdraw/", views.handover_withdraw, name="handover_withdraw"),
    path("<int:pk>/log/", views.action_add, name="action_add"),
    path("<int:pk>/province-note/", views.province_note, name="province_note"),
    path("<int:pk>/citizens/", views.citizen_add, name="citizen_add"),
    path("<int:pk>/citizens/<int:citizen_pk>/edit/", views.citizen_edit, name="citizen_edit"),
]
