"""Market-access dossiers: the services' rules, the pages (list, export, board, detail, form) and the links with
agreements and requests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time

from ngoaivu.audit.models import AuditEvent
from ngoaivu.core.exceptions import Forbidden, NotFound, ServiceError, StaleObject
from ngoaivu.core.testing.world import make_agreement, text_of
from ngoaivu.market_access import selectors, services
from ngoaivu.market_access.filters import DossierFilters
from ngoaivu.market_access.models import Dossier
from ngoaivu.market_access.tests.factories import editor, make_dossier

pytestmark = pytest.mark.django_db

TODAY = "2026-03-10 10:00:00+07:00"


def _input(**changes):
    values = {
        "product_vi": "Vải thiều Lục Ngạn",
        "market": "JP",
        "stage": "request",
        "opened_on": dt.date(2025, 1, 5),
    }
    return services.DossierInput(**{**values, **changes})


def test_create_names_every_wrong_field_in_vietnamese(world):
    with pytest.raises(ServiceError) as caught:
        services.dossier_create(
            actor=world.users["a_editor"],
            data=_input(
                product_vi="  ",
                market="VN",
                stage="nope",
                hs_code="08.1x",
                provinces=("99",),
                next_step_due=dt.date(2025, 2, 1),
            ),
        )
    errors = caught.value.errors
    assert set(errors) >= {"product_vi", "market", "stage", "hs_code", "provinces", "next_step"}
    assert errors["product_vi"] == ["Không được để trống."]
    assert "Mã HS" in errors["hs_code"][0]


def test_a_former_province_must_belong_to_a_chosen_current_one(world):
    with pytest.raises(ServiceError) as caught:
        services.dossier_create(
            actor=world.users["a_editor"], data=_input(former_province="24", provinces=("48",))
        )
    assert "Bắc Ninh" in caught.value.errors["former_province"][0]
    dossier = services.dossier_create(
        actor=world.users["a_editor"], data=_input(former_province="49", provinces=("48",))
    )
    assert dossier.province_as_named == "Quảng Nam"


def test_create_defaults_to_the_owner_province_and_opens_the_first_step(world):
    dossier = services.dossier_create(
        actor=world.users["a_editor"], data=_input(product_vi="Cá ngừ  đại dương", hs_code="0303.42")
    )
    assert dossier.owner_org == world.orgs["A"]
    assert [p.code for p in dossier.provinces.all()] == ["48"]
    assert dossier.hs_code == "030342"
    assert dossier.search_text.startswith(" ca ngu dai duong ")
    steps = list(dossier.steps.all())
    assert [(s.stage.code, s.started_on, s.completed_on) for s in steps] == [
        ("request", dt.date(2025, 1, 5), None)
    ]
    assert AuditEvent.objects.filter(action="dossier.create", target_id=str(dossier.pk)).exists()


@pytest.mark.parametrize("who", ["a_viewer", "x_officer", "ministry"])
def test_only_province_officers_open_dossiers(world, who):
    with pytest.raises(Forbidden):
        services.dossier_create(actor=world.users[who], data=_input())


@freeze_time(TODAY)
def test_a_step_moves_the_dossier_closes_the_open_step_and_opens_the_market(world):
    dossier = make_dossier(world, "A", market="JP", stage="inspection", opened_on=dt.date(2025, 6, 1))
    step = services.step_add(
        actor=world.users["a_editor"],
        dossier_id=dossier.pk,
        expected_version=dossier.version,
        data=services.StepInput(
            stage="approval",
            started_on=dt.date(2026, 2, 1),
            note="Nhật Bản công bố điều kiện nhập khẩu",
            next_step="Chuẩn bị lô hàng đầu tiên",
            next_step_due=dt.date(2026, 3, 15),
        ),
    )
    dossier.refresh_from_db()
    assert dossier.stage.code == "approval"
    assert dossier.status == Dossier.Status.MARKET_OPEN
    assert (dossier.next_step, dossier.next_step_due) == ("Chuẩn bị lô hàng đầu tiên", dt.date(2026, 3, 15))
    first = dossier.steps.order_by("pk").first()
    assert first is not None
    assert first.completed_on == dt.date(2026, 2, 1)
    assert step.completed_on is None
    with pytest.raises(StaleObject):  # the version read before the step is stale now
        services.step_add(
            actor=world.users["a_editor"],
            dossier_id=dossier.pk,
            expected_version=dossier.version - 1,
            data=services.StepInput(stage="first_shipment", started_on=dt.date(2026, 3, 1)),
        )


@freeze_time(TODAY)
def test_step_dates_are_checked(world):
    dossier = make_dossier(world, "A", opened_on=dt.date(2025, 6, 1))
    actor = world.users["a_editor"]
    with pytest.raises(ServiceError) as caught:
        services.step_add(
            actor=actor,
            dossier_id=dossier.pk,
            expected_version=None,
            data=services.StepInput(
                stage="inspection", started_on=dt.date(2025, 5, 1), completed_on=dt.date(2025, 4, 1)
            ),
        )
    assert set(caught.value.errors) == {"started_on", "completed_on"}
    step = dossier.steps.get()
    with pytest.raises(ServiceError):
        services.step_complete(
            actor=actor,
            dossier_id=dossier.pk,
            step_id=step.pk,
            expected_version=None,
            completed_on=dt.date(2027, 1, 1),
        )
    services.step_complete(
        actor=actor,
        dossier_id=dossier.pk,
        step_id=step.pk,
        expected_version=None,
        completed_on=dt.date(2026, 3, 1),
    )
    with pytest.raises(ServiceError) as again:
        services.step_complete(
            actor=actor,
            dossier_id=dossier.pk,
            step_id=step.pk,
            expected_version=None,
            completed_on=dt.date(2026, 3, 2),
        )
    assert "đã hoàn thành ngày 01/03/2026" in again.value.errors["completed_on"][0]


def test_ministry_edits_but_does_not_delete_the_owner_deletes(world):
    dossier = make_dossier(world, "A")
    data = services.dossier_input_of(dossier)
    updated = services.dossier_update(
        actor=world.users["ministry"],
        dossier_id=dossier.pk,
        expected_version=dossier.version,
        data=services.DossierInput(**{**data.__dict__, "next_step": "Bộ làm việc với phía bạn"}),
    )
    assert updated.next_step == "Bộ làm việc với phía bạn"
    assert updated.owner_org == world.orgs["A"]  # ownership never moves
    with pytest.raises(Forbidden):
        services.dossier_delete(actor=world.users["ministry"], dossier_id=dossier.pk, expected_version=None)
    with pytest.raises(Forbidden):
        services.dossier_update(
            actor=world.users["a_viewer"], dossier_id=dossier.pk, expected_version=None, data=data
        )
    with pytest.raises(NotFound):
        services.dossier_update(
            actor=world.users["b_editor"], dossier_id=dossier.pk, expected_version=None, data=data
        )
    services.dossier_delete(actor=world.users["a_editor"], dossier_id=dossier.pk, expected_version=None)
    assert not Dossier.objects.visible_to(world.users["a_editor"]).filter(pk=dossier.pk).exists()


def test_the_owner_deletes_from_the_page_after_a_stale_check(world):
    dossier = make_dossier(world, "A")
    client = world.client("a_editor")
    page = text_of(client.get(dossier.get_absolute_url()))
    assert f"/market-access/{dossier.pk}/delete/" in page
    assert f"/market-access/{dossier.pk}/delete/" not in text_of(
        world.client("ministry").get(dossier.get_absolute_url())
    )
    client.post(f"/market-access/{dossier.pk}/delete/", {"version": dossier.version + 1})
    assert Dossier.objects.visible_to(world.users["a_editor"]).filter(pk=dossier.pk).exists()  # stale: kept
    response = client.post(f"/market-access/{dossier.pk}/delete/", {"version": dossier.version})
    assert response.status_code == 302
    assert response["Location"] == "/market-access/"
    assert client.get(dossier.get_absolute_url()).status_code == 404


def test_an_editor_never_unlinks_an_agreement_they_cannot_see(world):
    dossier = make_dossier(world, "A")
    hidden = make_agreement(world, "B", country="JP")  # private: A does not see it, the ministry does
    data = services.dossier_input_of(dossier)
    services.dossier_update(
        actor=world.users["ministry"],
        dossier_id=dossier.pk,
        expected_version=None,
        data=services.DossierInput(**{**data.__dict__, "agreements": (hidden.pk,)}),
    )
    other = make_agreement(world, "B", country="JP")  # private to B, not linked
    with pytest.raises(ServiceError):  # nor links one
        services.dossier_update(
            actor=world.users["a_editor"],
            dossier_id=dossier.pk,
            expected_version=None,
            data=services.DossierInput(**{**data.__dict__, "agreements": (other.pk,)}),
        )
    services.dossier_update(
        actor=world.users["a_editor"], dossier_id=dossier.pk, expected_version=None, data=data
    )
    assert list(dossier.agreements.values_list("pk", flat=True)) == [hidden.pk]
    services.dossier_update(  # links sent, none chosen: the unseen one stays
        actor=world.users["a_editor"],
        dossier_id=dossier.pk,
        expected_version=None,
        data=services.DossierInput(**{**data.__dict__, "agreements": ()}),
    )
    assert list(dossier.agreements.values_list("pk", flat=True)) == [hidden.pk]


def test_missions_of_the_market_add_notes_others_do_not(world):
    dossier = make_dossier(world, "A", market="JP")
    note = services.note_add(
        actor=world.users["x_officer"], dossier_id=dossier.pk, text="Đã làm việc với MAFF"
    )
    assert note.author_org == world.orgs["X"]
    with pytest.raises(NotFound):
        services.note_add(actor=world.users["y_officer"], dossier_id=dossier.pk, text="…")
    with pytest.raises(Forbidden):
        services.note_add(actor=world.users["a_viewer"], dossier_id=dossier.pk, text="…")
    with pytest.raises(ServiceError):
        services.note_add(actor=world.users["x_officer"], dossier_id=dossier.pk, text=" ")
    supported = make_dossier(world, "A", market="US", mission="Y")
    services.note_add(actor=world.users["y_officer"], dossier_id=supported.pk, text="Cơ quan đại diện hỗ trợ")


def test_documents_are_checked_stored_and_downloaded_in_scope(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    dossier = make_dossier(world, "A", market="JP", shared=True)
    step = dossier.steps.get()
    with pytest.raises(ServiceError):
        services.document_add(
            actor=world.users["a_editor"],
            dossier_id=dossier.pk,
            step_id=step.pk,
            upload=SimpleUploadedFile("bien-ban-mat.pdf", b"%PDF-1.4 test", "application/pdf"),
        )
    document = services.document_add(
        actor=world.users["a_editor"],
        dossier_id=dossier.pk,
        step_id=step.pk,
        upload=SimpleUploadedFile("cong-van.pdf", b"%PDF-1.4 test", "application/pdf"),
        label="Công văn đề nghị",
    )
    url = f"/market-access/{dossier.pk}/documents/{document.pk}/"
    assert world.client("b_editor").get(url).status_code == 200  # shared dossier: other provinces read
    assert world.client("y_officer").get(url).status_code == 404
    assert "Công văn đề nghị" in text_of(world.client("a_viewer").get(f"/market-access/{dossier.pk}/"))


def test_list_filters_sort_and_search(world):
    a = make_dossier(world, "A", market="JP", marker="Vải thiều Lục Ngạn", stage="approval")
    b = make_dossier(world, "A", market="KR", marker="Thanh long ruột đỏ")
    user = world.users["ministry"]

    def ids(**filters):
        return [d.pk for d in selectors.dossier_list(user=user, filters=DossierFilters(**filters))]

    assert ids(q="vai thieu") == [a.pk]
    assert ids(q="THANH LONG") == [b.pk]
    assert ids(market="jp") == [a.pk]
    assert ids(stage="approval") == [a.pk]
    assert ids(province="48", sort="product") == [b.pk, a.pk]
    assert ids(province="12") == []


@freeze_time(TODAY)
def test_board_counts_open_dossiers_by_stage_and_market_with_links(world):
    make_dossier(world, "A", market="JP", stage="inspection")
    make_dossier(world, "A", market="JP", stage="inspection")
    make_dossier(world, "A", market="KR", stage="negotiation")
    make_dossier(world, "A", market="KR", stage="approval")  # market open: not on the board
    board = selectors.dossier_board(user=world.users["ministry"])
    assert board.cells == {("inspection", "JP"): 2, ("negotiation", "KR"): 1}
    assert board.total == 3
    html = text_of(world.client("ministry").get("/market-access/board/"))
    assert "/market-access/?status=open&amp;market=JP&amp;stage=inspection" in html
    assert ">2</a>" in html


@freeze_time(TODAY)
def test_detail_shows_the_timeline_and_the_next_step_due(world):
    soon = make_dossier(world, "A", market="JP", next_step_due=dt.date(2026, 3, 15))
    late = make_dossier(
        world, "A", market="KR", next_step_due=dt.date(2026, 3, 7), opened_on=dt.date(2024, 1, 1)
    )
    client = world.client("a_editor")
    page = text_of(client.get(f"/market-access/{soon.pk}/"))
    assert "còn 5 ngày" in page
    assert "Gửi hồ sơ bổ sung" in page
    assert "Đàm phán điều kiện" in page
    assert "quá hạn 3 ngày" in text_of(client.get(f"/market-access/{late.pk}/"))
    assert '<option value="inspection" selected>' in page  # the step form offers the next stage
    listing = text_of(client.get("/market-access/?page_size=25"))
    assert "quá hạn 3 ngày" in listing
    assert "còn 5 ngày" in listing


@freeze_time(TODAY)
def test_form_creates_and_a_stale_edit_is_refused_with_409(world):
    client = world.client("a_editor")
    response = client.post(
        "/market-access/new/",
        {
            "product_vi": "Bưởi da xanh",
            "market": "NZ",
            "stage": "technical_dossier",
            "status": "open",
            "opened_on": "2026-01-02",
            "visibility": "shared",
            "provinces": ["48"],
        },
    )
    assert response.status_code == 302, response.content
    dossier = Dossier.objects.visible_to(world.users["a_editor"]).get(product_vi="Bưởi da xanh")
    form = {
        "product_vi": "Bưởi da xanh Bến Tre",
        "market": "NZ",
        "stage": "technical_dossier",
        "status": "open",
        "opened_on": "2026-01-02",
        "visibility": "shared",
        "version": dossier.version + 3,
    }
    stale = client.post(f"/market-access/{dossier.pk}/edit/", form)
    assert stale.status_code == 409
    assert "Bưởi da xanh Bến Tre" in stale.content.decode()  # input kept
    invalid = client.post("/market-access/new/", {"product_vi": "", "market": "JP"})
    assert invalid.status_code == 400
    assert "error-summary" in invalid.content.decode()


def test_export_is_an_xlsx_of_the_filtered_list(world):
    make_dossier(world, "A", market="JP", marker="XUATKHAUJP")
    make_dossier(world, "A", market="KR", marker="XUATKHAUKR")
    response = world.client("a_viewer").get("/market-access/?format=xlsx&market=JP")
    assert "spreadsheetml" in response["Content-Type"]
    text = text_of(response)
    assert "XUATKHAUJP" in text
    assert "XUATKHAUKR" not in text


def test_agreement_page_loads_the_linked_dossiers(world):
    agreement = make_agreement(world, "A", country="JP")
    dossier = make_dossier(world, "A", market="JP", agreements=(agreement.pk,), marker="LIENKETTT")
    client = world.client("a_editor")
    assert f"/market-access/for-agreement/{agreement.pk}/" in text_of(
        client.get(f"/agreements/{agreement.pk}/")
    )
    fragment = text_of(client.get(f"/market-access/for-agreement/{agreement.pk}/"))
    assert "LIENKETTT" in fragment
    assert dossier.get_absolute_url() in fragment
    assert agreement.title_vi in text_of(client.get(dossier.get_absolute_url()))


def test_requests_link_dossiers_through_their_scope(world):
    from ngoaivu.requests import services as request_services

    dossier = make_dossier(world, "A", market="JP", marker="DOSREQ")
    hidden = make_dossier(world, "B", market="JP")
    draft = request_services.DraftInput(
        title="Hỗ trợ đàm phán mở cửa thị trường vải thiều",
        description="Đề nghị Đại sứ quán hỗ trợ",
        category="investment",
        recipients=["cqdd-jp-tokyo"],
        market_dossier_ids=(hidden.pk,),
    )
    with pytest.raises(ServiceError) as caught:
        request_services.request_create(actor=editor(world, "A"), data=draft)
    assert "market_dossiers" in caught.value.errors
    req = request_services.request_create(
        actor=editor(world, "A"),
        data=request_services.DraftInput(**{**draft.__dict__, "market_dossier_ids": (dossier.pk,)}),
    )
    assert list(req.market_dossiers.values_list("pk", flat=True)) == [dossier.pk]
    client = world.client("a_editor")
    assert "DOSREQ" in text_of(client.get(f"/requests/{req.pk}/"))
    page = text_of(client.get(dossier.get_absolute_url()))
    assert f"/requests/for-dossier/{dossier.pk}/" in page
    assert req.title in text_of(client.get(f"/requests/for-dossier/{dossier.pk}/"))


def test_request_api_and_form_take_the_dossiers(world):
    dossier = make_dossier(world, "A", market="JP")
    client = world.client("a_editor")
    body = {
        "title": "Đặt hàng qua API",
        "description": "Nội dung",
        "category": "investment",
        "recipients": ["mofa"],
        "market_dossiers": [dossier.pk],
    }
    response = client.post("/api/v1/requests", body, content_type="application/json")
    assert response.status_code == 201, response.content
    from ngoaivu.requests.models import ServiceRequest

    created = ServiceRequest.objects.visible_to(world.users["a_editor"]).get(pk=response.json()["id"])
    assert list(created.market_dossiers.values_list("pk", flat=True)) == [dossier.pk]
    form = text_of(client.get("/requests/new/"))
    assert 'name="market_dossiers"' in form
    assert f'value="{dossier.pk}"' in form


def test_search_finds_dossiers_diacritic_insensitive_and_in_scope(world, django_capture_on_commit_callbacks):
    from ngoaivu.search.selectors import Filters, search

    with django_capture_on_commit_callbacks(execute=True):
        make_dossier(world, "A", market="JP", marker="Vải thiều Lục Ngạn")

    def kinds(who: str) -> set[str]:
        _query, groups = search(world.users[who], "vai thieu luc ngan", Filters(), limit=20)
        return {g.kind for g in groups if g.hits}

    assert kinds("a_viewer") == {"dossier"}
    assert kinds("x_officer") == {"dossier"}  # the mission covering Japan
    assert kinds("b_editor") == set()  # private to A
    assert kinds("y_officer") == set()
