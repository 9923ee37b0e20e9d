from django.urls import path

from ngoaivu.training import views

app_name = "training"
urlpatterns = [
    path("", views.course_list, name="course_list"),
    path("new/", views.course_form, name="course_create"),
    path("<int:pk>/", views.course_detail, name="course_detail"),
    path("<int:pk>/edit/", views.course_form, name="course_edit"),
    path("<int:pk>/transition/", views.course_transition, name="course_transition"),
    path("<int:pk>/quotas/", views.quota_set, name="quota_set"),
    path("<int:pk>/nominate/", views.nominate, name="nominate"),
    path("<int:pk>/import/", views.import_page, name="import"),
    path("<int:pk>/import/template/", views.import_template, name="import_template"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/discard/", views.import_discard, name="import_discard"),
    path("nominations/", views.nomination_list, name="nomination_list"),
    path("nominations/<int:pk>/result/", views.nomination_result, name="nomination_result"),
    path("nominations/<int:pk>/<slug:action>/", views.nomination_action, name="nomination_action"),
    path("trainees/", views.trainee_list, name="trainee_list"),
    path("trainees/<int:pk>/", views.trainee_detail, name="trainee_detail"),
    path("counts/", views.counts, name="counts"),
    path("schemes/", views.scheme_list, name="scheme_list"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme_detail"),
]
