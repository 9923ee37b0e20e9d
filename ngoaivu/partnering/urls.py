from django.urls import URLPattern, URLResolver

from ngoaivu.partnering.views import profiles, searches

app_name = "partnering"
urlpatterns: list[URLPattern | URLResolver] = [
    *profiles.urlpatterns,
    *searches.urlpatterns,
]
