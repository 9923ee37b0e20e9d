from django.urls import URLPattern, URLResolver

app_name = "consular"
urlpatterns: list[URLPattern | URLResolver] = []
