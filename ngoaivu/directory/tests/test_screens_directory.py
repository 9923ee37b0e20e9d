"""Directory pages as a Vietnamese officer reads them: confirmations on what cannot be undone, organisations
by name, labels instead of codes, the calendar's weekdays and years."""

import io
import re

import pytest
from openpyxl import load_workbook

from ngoaivu.core.testing.world import read_body
from ngoaivu.directory.models import Contact

pytestmark = pytest.mark.django_db

ORG_CODE = re.compile(r"\b(?:cqdd|tinh)-[a-z0-9-]+\b")
CODES = re.compile(
    r"\b(?:international_org|consulate_general|permanent_mission|shared|private|locality|agency)\b"
)


def _visible_text(html: str) -> str:
    """The page without tags, attributes, <code> and URLs: what a reader sees."""
    html = re.sub(r"<(script|style|code)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_partner_delete_page_asks_naming_the_partner(world):
    partner = world.partner("A", visibility="shared", marker="Công ty Sakura")
    page = world.client("a_editor").get(f"/directory/partners/{partner.pk}/delete/").content.decode()
    assert 'data-confirm="Xóa đối tác “Công ty Sakura”?"' in page


def test_contact_delete_buttons_confirm_and_follow_scope(world):
    partner = world.partner("A", visibility="shared", marker="Công ty Sakura")
    own = world.contact(partner, "A", marker="Tanaka")
    theirs = world.contact(partner, "B", marker="Suzuki")
    page = world.client("a_editor").get(f"/directory/partners/{partner.pk}/").content.decode()
    assert f'action="/directory/contacts/{own.pk}/delete/"' in page
    assert f"/directory/contacts/{theirs.pk}/delete/" not in page  # B's contact: not A's to delete
    assert 'data-confirm="Xóa người liên hệ “Tanaka Test” của đối tác “Công ty Sakura”?' in page
    viewer = world.client("a_viewer").get(f"/directory/partners/{partner.pk}/").content.decode()
    assert "/directory/contacts/" not in viewer

    # someone else's contact: seen (shared, with consent) but not A's to delete: 403; unseen: 404
    assert world.client("a_editor").post(f"/directory/contacts/{theirs.pk}/delete/", {}).status_code == 403
    hidden = world.contact(partner, "B", consent=False, marker="Hidden")
    assert world.client("a_editor").post(f"/directory/contacts/{hidden.pk}/delete/", {}).status_code == 404
    assert Contact.objects.filter(pk__in=[theirs.pk, hidden.pk], deleted_at__isnull=True).count() == 2
    assert world.client("a_viewer").post(f"/directory/contacts/{own.pk}/delete/", {}).status_code == 403
    assert Contact.objects.filter(pk=own.pk, deleted_at__isnull=True).exists()  # a viewer only reads

    response = world.client("a_editor").post(
        f"/directory/contacts/{own.pk}/delete/", {"version": own.version}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/directory/partners/{partner.pk}/"
    assert not Contact.objects.filter(pk=own.pk, deleted_at__isnull=True).exists()
    stale = world.client("b_editor").post(f"/directory/contacts/{theirs.pk}/delete/", {"version": 999})
    assert stale.status_code == 302
    assert Contact.objects.filter(pk=theirs.pk, deleted_at__isnull=True).exists()  # someone saved since


@pytest.mark.parametrize(
    "url",
    [
        "/directory/missions/",
        "/directory/missions/cqdd-jp-tokyo/",
        "/directory/organisations/",
        "/directory/provinces/48/",
        "/directory/partners/",
        "/directory/countries/JP/",
    ],
)
def test_directory_pages_show_organisations_by_name_and_labels_not_codes(world, url):
    partner = world.partner("X", visibility="shared", marker="Sakura Bank")
    world.contact(partner, "X", marker="Tanaka")
    client = world.client("ministry")
    text = _visible_text(client.get(url).content.decode())
    assert not ORG_CODE.search(text), ORG_CODE.search(text)
    assert not CODES.search(text), CODES.search(text)
    detail = _visible_text(client.get(f"/directory/partners/{partner.pk}/").content.decode())
    assert not ORG_CODE.search(detail)
    assert "Đại sứ quán Việt Nam tại Nhật Bản" in detail  # the owner and the contact's organisation, by name
    assert "Chia sẻ với mọi đơn vị" in detail


@pytest.mark.parametrize(
    ("url", "header"),
    [
        ("/directory/partners/?format=xlsx", "Đơn vị nhập"),
        ("/directory/organisations/?format=xlsx", "Tên đơn vị"),
        ("/directory/missions/?format=xlsx", "Cơ quan đại diện"),
    ],
)
def test_exports_name_organisations_not_codes(world, url, header):
    world.partner("X", visibility="shared", marker="Sakura Bank")
    wb = load_workbook(io.BytesIO(read_body(world.client("ministry").get(url))))
    rows = list(wb.active.iter_rows(values_only=True))
    assert header in rows[0]
    cells = [str(c) for row in rows for c in row if c is not None]
    assert not [c for c in cells if ORG_CODE.search(c)]
    if "missions" in url:
        cities = [r[rows[0].index("Thành phố")] for r in rows[1:]]
        assert "Bắc Kinh" in cities
        assert "Tô-ky-ô" in cities
        assert "Tokyo" not in cities


def test_mission_list_sorts_foreign_letters_in_place(world):
    page = world.client("ministry").get("/directory/missions/?page_size=200").content.decode()
    # Phu-cư-ô-ca (Fukuoka) sorts by its Vietnamese name, Vietnamese letters and f/j/w/z alike
    assert page.index("Đại sứ quán Việt Nam tại Áo") < page.index("Đại sứ quán Việt Nam tại Xin-ga-po")


@pytest.mark.today("2026-05-04")
def test_calendar_shows_weekdays_and_years_without_grouping(world):
    page = world.client("a_viewer").get("/directory/calendar/?year=2026").content.decode()
    assert "Lịch làm việc 2026" in page
    for grouped in ("2.025", "2.026", "2.027"):
        assert grouped not in page
    assert 'value="2026"' in page
    assert "?year=2025" in page
    assert "?year=2027" in page
    assert 'data-label="Ngày"' in page  # the phone's stacked rows keep their labels
    assert re.search(r'<span class="weekday">Thứ [^<]+</span>, 01/01/2026', page)
    assert "Labor Code" not in page
    assert "Bộ luật Lao động 2019, Điều 112" in page
