from django.urls import path

from ngoaivu.overseas import views

app_name = "overseas"
urlpatterns = [
    path("", views.association_list, name="association_list"),
    path("associations/new/", views.association_form, name="association_create"),
    path("associations/<int:pk>/", views.association_detail, name="association_detail"),
    path("associations/<int:pk>/edit/", views.association_form, name="association_edit"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_form, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_form, name="person_edit"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_form, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.programme_form, name="programme_edit"),
    path("investments/", views.investment_list, name="investment_list"),
    path("investments/new/", views.investment_form, name="investment_create"),
    path("investments/<int:pk>/", views.investment_detail, name="investment_detail"),
    path("investments/<int:pk>/edit/", views.investment_form, name="investment_edit"),
    path("counts/", views.counts, name="counts"),
]
