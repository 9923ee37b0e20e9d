from ngoaivu.core.testing.endpoints import Endpoint

E = Endpoint


def _fta_pk() -> int:
    from ngoaivu.directory.models import FreeTradeAgreement

    return FreeTradeAgreement.objects.get(short_name="CPTPP").pk


ENDPOINTS = [
    E("directory/provinces/", "reference", lambda o: "/directory/provinces/?q=da+nang"),
    E("directory/provinces/former/", "reference", lambda o: "/directory/provinces/former/"),
    E("directory/provinces/<str:code>/", "reference", lambda o: "/directory/provinces/48/"),
    E("directory/countries/", "reference", lambda o: "/directory/countries/?format=xlsx"),
    E("directory/countries/<str:iso2>/", "list", lambda o: "/directory/countries/JP/"),
    E("directory/missions/", "reference", lambda o: "/directory/missions/"),
    E("directory/missions/<slug:code>/", "reference", lambda o: "/directory/missions/cqdd-jp-tokyo/"),
    E("directory/organisations/", "reference", lambda o: "/directory/organisations/"),
    E("directory/calendar/", "reference", lambda o: "/directory/calendar/?year=2026&start=2026-02-13&n=1"),
    E("directory/partners/", "list", lambda o: "/directory/partners/?page_size=100"),
    E("directory/partners/", "list", lambda o: "/directory/partners/?format=xlsx"),
    E("directory/partners/new/", "reference", lambda o: "/directory/partners/new/", action="create"),
    E("directory/partners/<int:pk>/", "object", lambda o: f"/directory/partners/{o.pk}/"),
    E(
        "directory/partners/<int:pk>/edit/",
        "object",
        lambda o: f"/directory/partners/{o.pk}/edit/",
        action="change",
    ),
    E(
        "directory/partners/<int:pk>/delete/",
        "object",
        lambda o: f"/directory/partners/{o.pk}/delete/",
        action="delete",
    ),
    E(
        "directory/partners/<int:pk>/contacts/new/",
        "object",
        lambda o: f"/directory/partners/{o.pk}/contacts/new/",
        action="change",
    ),
    # A contact's delete button (POST from the partner page). The matrix's objects are partners, so it is
    # declared with a contact nobody has: every signed-in user gets 404, the signed-out the login page.
    # test_partners.py checks who may delete whose contact.
    E(
        "directory/contacts/<int:pk>/delete/",
        "self",
        lambda o: "/directory/contacts/987654321/delete/",
        method="post",
    ),
    E("directory/ftas/", "reference", lambda o: "/directory/ftas/?country=JP&status=in_force&sort=-in_force"),
    E("directory/ftas/", "reference", lambda o: "/directory/ftas/?format=xlsx"),
    E("directory/ftas/<int:pk>/", "reference", lambda o: f"/directory/ftas/{_fta_pk()}/"),
    # API
    E("api/v1/provinces", "reference", lambda o: "/api/v1/provinces", api=True),
    E("api/v1/provinces/former", "reference", lambda o: "/api/v1/provinces/former", api=True),
    E("api/v1/provinces/<code>", "reference", lambda o: "/api/v1/provinces/25", api=True),
    E("api/v1/countries", "reference", lambda o: "/api/v1/countries", api=True),
    E("api/v1/countries/<iso2>", "reference", lambda o: "/api/v1/countries/JP", api=True),
    E("api/v1/missions", "reference", lambda o: "/api/v1/missions", api=True),
    E("api/v1/missions/<code>", "reference", lambda o: "/api/v1/missions/cqdd-jp-tokyo", api=True),
    E("api/v1/organisations", "reference", lambda o: "/api/v1/organisations", api=True),
    E(
        "api/v1/calendar/add-days",
        "reference",
        lambda o: "/api/v1/calendar/add-days?date=2026-02-13&n=1",
        api=True,
    ),
    E("api/v1/partners", "list", lambda o: "/api/v1/partners?page_size=200", api=True),
    E("api/v1/partners/<int:partner_id>", "object", lambda o: f"/api/v1/partners/{o.pk}", api=True),
    E(
        "api/v1/partners/<int:partner_id>",
        "object",
        lambda o: f"/api/v1/partners/{o.pk}",
        api=True,
        method="patch",
        action="change",
        body=lambda o: {"sector": "leak-test"},
    ),
    E(
        "api/v1/partners/<int:partner_id>/contacts",
        "object",
        lambda o: f"/api/v1/partners/{o.pk}/contacts",
        api=True,
    ),
    E("api/v1/ftas", "reference", lambda o: "/api/v1/ftas?country=JP&status=in_force", api=True),
    E("api/v1/ftas/<key>", "reference", lambda o: "/api/v1/ftas/EVFTA", api=True),
]
