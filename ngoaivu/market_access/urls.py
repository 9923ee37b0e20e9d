from django.urls import URLPattern, URLResolver

app_name = "market_access"
urlpatterns: list[URLPattern | URLResolver] = []
