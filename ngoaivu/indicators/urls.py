from django.urls import URLPattern, URLResolver, path

from ngoaivu.indicators.views import catalogue, imports, rates, values

app_name = "indicators"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", catalogue.catalogue, name="catalogue"),
    path("values/", values.value_list, name="value_list"),
    path("values/new/", values.value_form, name="value_create"),
    path("values/<int:pk>/", values.value_detail, name="value_detail"),
    path("values/<int:pk>/edit/", values.value_form, name="value_edit"),
    path("values/<int:pk>/<str:action>/", values.value_action, name="value_action"),
    path("provinces/<str:code>/", catalogue.province_profile, name="province_profile"),
    path("compare/", catalogue.compare, name="compare"),
    path("rates/", rates.rate_list, name="rates"),
    path("rates/new/", rates.rate_form, name="rate_create"),
    path("rates/<int:pk>/edit/", rates.rate_form, name="rate_edit"),
    path("rates/<int:pk>/delete/", rates.rate_delete, name="rate_delete"),
    # the Excel import (slice I2), before the indicator's own page so "import" is never read as a code
    path("import/", imports.import_upload, name="import"),
    path("import/template/", imports.import_template, name="import_template"),
    path("import/<int:pk>/", imports.import_batch, name="import_batch"),
    path("<slug:code>/", catalogue.indicator_detail, name="indicator_detail"),
]
