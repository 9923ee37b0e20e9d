from django.urls import URLPattern, URLResolver

app_name = "aid"
urlpatterns: list[URLPattern | URLResolver] = []
