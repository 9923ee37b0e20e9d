from django.urls import path

from ngoaivu.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("new/", views.event_form, name="event_create"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/edit/", views.event_form, name="event_edit"),
    path("<int:pk>/tasks/", views.task_create, name="task_create"),
    path("<int:pk>/tasks/<int:task_pk>/complete/", views.task_complete, name="task_complete"),
]
