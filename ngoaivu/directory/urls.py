from django.urls import path

from ngoaivu.directory import fta_views, views

app_name = "directory"
urlpatterns = [
    path("provinces/", views.province_list, name="province_list"),
    path("provinces/former/", views.former_province_list, name="former_province_list"),
    path("provinces/<str:code>/", views.province_detail, name="province_detail"),
    path("countries/", views.country_list, name="country_list"),
    path("countries/<str:iso2>/", views.country_detail, name="country_detail"),
    path("missions/", views.mission_list, name="mission_list"),
    path("missions/<slug:code>/", views.mission_detail, name="mission_detail"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/new/", views.partner_create, name="partner_create"),
    path("partners/<int:pk>/", views.partner_detail, name="partner_detail"),
    path("partners/<int:pk>/edit/", views.partner_edit, name="partner_edit"),
    path("partners/<int:pk>/delete/", views.partner_delete, name="partner_delete"),
    path("partners/<int:pk>/contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<int:pk>/delete/", views.contact_delete, name="contact_delete"),
    path("calendar/", views.calendar_view, name="calendar"),
    path("ftas/", fta_views.fta_list, name="fta_list"),
    path("ftas/<int:pk>/", fta_views.fta_detail, name="fta_detail"),
]
