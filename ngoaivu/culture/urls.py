from django.urls import URLPattern, URLResolver

app_name = "culture"
urlpatterns: list[URLPattern | URLResolver] = []
