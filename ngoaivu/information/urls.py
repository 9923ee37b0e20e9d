from django.urls import URLPattern, URLResolver

app_name = "information"
urlpatterns: list[URLPattern | URLResolver] = []
