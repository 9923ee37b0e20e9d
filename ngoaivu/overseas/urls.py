from django.urls import URLPattern, URLResolver

app_name = "overseas"
urlpatterns: list[URLPattern | URLResolver] = []
