from django.urls import include, path

from ngoaivu.config import views
from ngoaivu.config.api import api

app_name = None
core_patterns = (
    [
        path("", views.home, name="home"),
        path("i18n/setlang/", views.set_language, name="set_language"),
        path("healthz", views.healthz, name="healthz"),
    ],
    "core",
)

urlpatterns = [
    path("", include(core_patterns)),
    path("accounts/", include("ngoaivu.accounts.urls")),
    path("oidc/", include("ngoaivu.accounts.views.oidc")),  # single sign-on; 404 while it is off
    path("directory/", include("ngoaivu.directory.urls")),
    path("requests/", include("ngoaivu.requests.urls")),
    path("agreements/", include("ngoaivu.agreements.urls")),
    path("delegations/", include("ngoaivu.delegations.urls")),
    path("indicators/", include("ngoaivu.indicators.urls")),
    path("aid/", include("ngoaivu.aid.urls")),
    path("market-access/", include("ngoaivu.market_access.urls")),
    path("events/", include("ngoaivu.events.urls")),
    path("culture/", include("ngoaivu.culture.urls")),
    path("press/", include("ngoaivu.press.urls")),
    path("overseas-vietnamese/", include("ngoaivu.overseas.urls")),
    path("citizen-cases/", include("ngoaivu.consular.urls")),
    path("training/", include("ngoaivu.training.urls")),
    path("border/", include("ngoaivu.border.urls")),
    path("reports/", include("ngoaivu.reports.urls")),
    path("briefs/", include("ngoaivu.information.urls")),
    path("partnering/", include("ngoaivu.partnering.urls")),
    path("documents/", include("ngoaivu.ingest.urls")),
    path("search/", include("ngoaivu.search.urls")),
    path("", include("ngoaivu.drafts.urls")),
    path("api/v1/", api.urls),
]

handler400 = "ngoaivu.config.views.bad_request"
handler404 = "ngoaivu.config.views.page_not_found"
