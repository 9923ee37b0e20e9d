from django.urls import URLPattern, URLResolver

from ngoaivu.reports.views import builder, dashboards, maps

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    *dashboards.urlpatterns,
    *maps.urlpatterns,
    *builder.urlpatterns,
]
