"""The `world`: the ministry, provinces A and B, missions X and Y, with users of every kind.

Used by the cross-organisation leak suite and by any test that needs a second tenant."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from ngoaivu.accounts.models import Organisation, Role, User
from ngoaivu.accounts.services import user_create
from ngoaivu.audit.services import SystemActor
from ngoaivu.directory import services as directory_services
from ngoaivu.directory.models import Contact, Country, Partner

PASSWORD = "world-password-2026"  # noqa: S105
ORGS = {"A": "tinh-48", "B": "tinh-12", "X": "cqdd-jp-tokyo", "Y": "cqdd-kr-seoul", "M": "mofa"}
USERS: dict[str, tuple[str | None, list[str], bool]] = {
    # name: (org key, roles, active)
    "a_editor": ("A", [Role.OFFICER, Role.HEAD], True),
    "a_viewer": ("A", [Role.VIEWER], True),
    "b_editor": ("B", [Role.OFFICER, Role.HEAD], True),
    "x_officer": ("X", [Role.OFFICER], True),
    "y_officer": ("Y", [Role.OFFICER], True),
    "ministry": ("M", [Role.OFFICER], True),
    "inactive": ("A", [Role.OFFICER, Role.HEAD], False),
    "noorg": (None, [Role.OFFICER], True),
}
ALL_USERS = [*USERS, "anonymous"]
_counter = itertools.count(1)


@dataclass
class World:
    orgs: dict[str, Organisation]
    users: dict[str, User]
    _clients: dict[str, Client] = field(default_factory=dict)

    def org_of(self, who: str) -> str | None:
        if who == "anonymous":
            return None
        return USERS[who][0]

    def client(self, who: str) -> Client:
        if who not in self._clients:
            c = Client()
            if who != "anonymous":
                c.force_login(self.users[who])
            self._clients[who] = c
        return self._clients[who]

    def partner(
        self, owner: str, *, visibility: str = "private", country: str = "JP", marker: str | None = None
    ) -> Partner:
        marker = marker or f"MARKER{owner}{next(_counter):05d}Q"
        author = next(u for n, u in self.users.items() if USERS[n][0] == owner and u.is_active)
        return directory_services.partner_create(
            actor=author,
            data={
                "kind": "company",
                "name": marker,
                "country_id": Country.objects.get(iso2=country).pk,
                "visibility": visibility,
                "sector": "test",
            },
        )

    def contact(
        self, partner: Partner, owner: str, *, consent: bool = True, marker: str | None = None
    ) -> Contact:
        marker = marker or f"CONTACT{owner}{next(_counter):05d}Q"
        author = next(u for n, u in self.users.items() if USERS[n][0] == owner and u.is_active)
        return directory_services.contact_create(
            actor=author,
            partner_id=partner.pk,
            data={"family_name": marker, "given_name": "Test", "consent": consent},
        )


def make_request(
    world: World, sender: str, recipients: list[str], *, send: bool = True, marker: str | None = None
) -> Any:
    """A request from `sender` (A or B) to organisations by world key (M, X, Y)."""
    from ngoaivu.requests import services as request_services

    marker = marker or f"REQ{sender}{next(_counter):05d}Q"
    author = next(
        u for n, u in world.users.items() if USERS[n][0] == sender and u.is_active and n.endswith("editor")
    )
    req = request_services.request_create(
        actor=author,
        data=request_services.DraftInput(
            title=marker,
            description=f"{marker} nội dung",
            category="investment",
            recipients=[ORGS[r] for r in recipients],
        ),
    )
    if send:
        if Organisation.objects.filter(pk=world.orgs[sender].pk, request_approval_required=True).exists():
            second_head(world, sender)  # four eyes: a submission no other head could approve is refused
        request_services.request_action(actor=author, request_id=req.pk, action="submit")
        req.refresh_from_db()
        if req.status == req.Status.PENDING_APPROVAL:  # four eyes: another head approves the head's draft
            request_services.request_action(
                actor=second_head(world, sender), request_id=req.pk, action="approve"
            )
            req.refresh_from_db()
    return req


def can_view_request(who: str, sender: str, recipients: list[str], *, sent: bool = True) -> bool:
    """DOMAIN.md §2: the sending province; the ministry (sent requests); the recipients (sent requests)."""
    if who in {"anonymous", "inactive", "noorg"}:
        return False
    org = USERS[who][0]
    if org == sender:
        return True
    return sent and (org == "M" or org in recipients)


def build_world() -> World:
    orgs = {k: Organisation.objects.get(code=code) for k, code in ORGS.items()}
    users: dict[str, User] = {}
    actor = SystemActor("test-world")
    for name, (org_key, roles, active) in USERS.items():
        user = User.objects.filter(username=name).first()
        if user is None:
            user = (
                user_create(
                    actor=actor,
                    username=name,
                    password=PASSWORD,
                    organisation=orgs[org_key] if org_key else None,
                    roles=roles,
                    check_password=False,
                    is_superuser=False,
                )
                if org_key
                else _orgless(name, roles)
            )
            if not active:
                User.objects.filter(pk=user.pk).update(is_active=False)
                user.is_active = False
        users[name] = user
    return World(orgs, users)


def _orgless(name: str, roles: list[str]) -> User:
    user = User.objects.create_user(username=name, password=PASSWORD)
    user.roles.set(Role.objects.filter(code__in=roles))
    return user


def can_view_private_partner(who: str, owner: str) -> bool:
    """Policy written from DOMAIN.md §2, independently of `visible_to`: a private partner is seen by its
    owner organisation and the ministry; nobody else; inactive, orgless and anonymous users see nothing."""
    if who in {"anonymous", "inactive", "noorg"}:
        return False
    org = USERS[who][0]
    return org == owner or org == "M"


def can_view_shared_partner(who: str) -> bool:
    return who not in {"anonymous", "inactive", "noorg"}


def can_change_partner(who: str, owner: str) -> bool:
    if not can_view_private_partner(who, owner):
        return False
    return USERS[who][1] != [Role.VIEWER]


def can_delete_partner(who: str, owner: str) -> bool:
    """Deleting is for the owner organisation's officers only (the ministry creates and edits, DOMAIN.md §2)."""
    return can_change_partner(who, owner) and USERS[who][0] == owner


def read_body(response: Any) -> bytes:
    """The body of a response; a FileResponse's temporary file is closed (response.close() would also fire
    request_finished and close the test database connection)."""
    if not getattr(response, "streaming", False):
        return bytes(response.content)
    body = b"".join(response.streaming_content)
    stream = getattr(response, "file_to_stream", None)
    if stream is not None:
        stream.close()
    return body


def text_of(response: Any) -> str:
    """Decode an HTML, JSON or XLSX response into text for marker checks."""
    ctype = response.get("Content-Type", "")
    body = read_body(response)
    if "spreadsheetml" in ctype:
        import io

        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row
        )
    return body.decode("utf-8", errors="replace")


def make_agreement(
    world: World,
    owner: str,
    *,
    country: str = "KR",
    shared: bool = False,
    signed: bool = False,
    consult: bool = False,
    marker: str | None = None,
) -> Any:
    """An agreement of province `owner` (A or B) with `country`; signed ones are in implementation, others
    proposed (and sent for consultation when `consult`)."""
    import datetime as dt

    from ngoaivu.agreements import services as agreement_services

    marker = marker or f"AGR{owner}{next(_counter):05d}Q"
    author = next(
        u for n, u in world.users.items() if USERS[n][0] == owner and u.is_active and n.endswith("editor")
    )
    agreement = agreement_services.agreement_create(
        actor=author,
        data=agreement_services.AgreementInput(
            kind="provincial",
            title_vi=marker,
            country=country,
            visibility="shared" if shared else "private",
            state="in_implementation" if signed else "proposed",
            signed_on=dt.date(2024, 5, 6) if signed else None,
        ),
    )
    if consult:
        agreement = agreement_services.agreement_action(
            actor=author, agreement_id=agreement.pk, action="consult"
        )
    return agreement


HOST_COUNTRY = {"X": "JP", "Y": "KR"}


def can_view_agreement(who: str, owner: str, country: str, *, shared: bool) -> bool:
    """DOMAIN.md §2, written independently of `visible_to`: the owner province and the ministry; other provinces
    when shared; a mission when the agreement's country is one it covers."""
    if who in {"anonymous", "inactive", "noorg"}:
        return False
    org = USERS[who][0]
    if org in {owner, "M"}:
        return True
    if org in {"A", "B"}:
        return shared
    return HOST_COUNTRY.get(org or "") == country


def can_change_agreement(who: str, owner: str) -> bool:
    return USERS.get(who, (None, [], False))[0] == owner and USERS[who][1] != [Role.VIEWER] and USERS[who][2]


def _editor(world: World, owner: str) -> User:
    return next(
        u for n, u in world.users.items() if USERS[n][0] == owner and u.is_active and n.endswith("editor")
    )


def make_delegation(
    world: World,
    owner: str,
    *,
    country: str = "KR",
    shared: bool = False,
    approved: bool = False,
    marker: str | None = None,
    days_ahead: int = 30,
) -> Any:
    """An outbound delegation of province `owner` (A or B) to `country` with two members (one with a
    passport); approved through the default chain when `approved`."""
    import datetime as dt

    from django.utils import timezone

    from ngoaivu.delegations import services as delegation_services

    marker = marker or f"DEL{owner}{next(_counter):05d}Q"
    author = _editor(world, owner)
    start = timezone.localdate() + dt.timedelta(days=days_ahead)
    delegation = delegation_services.delegation_create(
        actor=author,
        data=delegation_services.DelegationInput(
            direction="outbound",
            title=marker,
            purpose=f"{marker} mục đích",
            head_name="Nguyễn Văn An",
            departs_on=start,
            returns_on=start + dt.timedelta(days=5),
            countries=(country,),
            visibility="shared" if shared else "private",
            members=(
                delegation_services.MemberInput(
                    full_name="Nguyễn Văn An",
                    is_head=True,
                    birth_date=dt.date(1970, 5, 17),
                    passport_type="official",
                    passport_number="B7654321",
                    passport_expiry=start + dt.timedelta(days=3650),
                ),
                delegation_services.MemberInput(full_name="Trần Thị Bình"),
            ),
        ),
    )
    if approved:
        delegation = delegation_services.delegation_action(
            actor=author, delegation_id=delegation.pk, action="submit"
        )
        delegation = approve_delegation(world, owner, delegation)
    return delegation


def second_head(world: World, owner: str) -> User:
    """Another head of `owner`'s organisation: four eyes, the one who submitted never approves."""
    name = f"{owner.lower()}_head2"
    user = User.objects.filter(username=name).first()
    if user is None:
        user = user_create(
            actor=SystemActor("test-world"),
            username=name,
            password=PASSWORD,
            organisation=world.orgs[owner],
            roles=[Role.OFFICER, Role.HEAD],
            check_password=False,
            is_superuser=False,
        )
    return user


def approve_delegation(world: World, owner: str, delegation: Any) -> Any:
    """Takes a submitted delegation through its chain: a second head clicks the steps decided in ngoaivu and
    the author records the paper decisions (Chủ tịch UBND tỉnh) with a document and its scan."""
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from ngoaivu.delegations import selectors as delegation_selectors
    from ngoaivu.delegations import services as delegation_services

    author = _editor(world, owner)
    while (step := delegation_selectors.current_step(delegation)) is not None:
        if step.on_paper:
            delegation = delegation_services.delegation_record_decision(
                actor=author,
                delegation_id=delegation.pk,
                data=delegation_services.PaperDecisionInput(
                    decision="approved",
                    document_number=f"{step.pk}/QĐ-UBND",
                    document_date=timezone.localdate() - dt.timedelta(days=1),
                    signer="Chủ tịch UBND tỉnh",
                ),
                upload=SimpleUploadedFile("quyet-dinh.pdf", b"%PDF-1.4 test", "application/pdf"),
            )
        else:
            delegation = delegation_services.delegation_action(
                actor=second_head(world, owner), delegation_id=delegation.pk, action="approve"
            )
    return delegation


def make_conference(
    world: World, owner: str, *, country: str = "KR", shared: bool = False, marker: str | None = None
) -> Any:
    import datetime as dt

    from django.utils import timezone

    from ngoaivu.delegations import services as delegation_services

    marker = marker or f"CONF{owner}{next(_counter):05d}Q"
    start = timezone.localdate() + dt.timedelta(days=90)
    return delegation_services.conference_create(
        actor=_editor(world, owner),
        data=delegation_services.ConferenceInput(
            title=marker,
            organiser="UBND tỉnh",
            format="in_person",
            starts_on=start,
            ends_on=start + dt.timedelta(days=1),
            top_rank="other",
            countries=(country,),
            visibility="shared" if shared else "private",
        ),
    )


def make_visit(world: World, province_key: str, *, marker: str | None = None) -> Any:
    """A ministry leader's visit to the province of `province_key` (A or B)."""
    import datetime as dt

    from django.utils import timezone

    from ngoaivu.delegations import services as delegation_services

    marker = marker or f"VISIT{province_key}{next(_counter):05d}Q"
    start = timezone.localdate() + dt.timedelta(days=10)
    return delegation_services.visit_create(
        actor=world.users["ministry"],
        data=delegation_services.VisitInput(
            direction="to_province",
            province=world.orgs[province_key].province_code,
            starts_on=start,
            ends_on=start,
            ministry_leaders=marker,
            asks=(f"{marker} đề nghị",),
        ),
    )


def can_view_visit(who: str, province_key: str) -> bool:
    """Leader visits: the ministry and the province visited; nobody else."""
    if who in {"anonymous", "inactive", "noorg"}:
        return False
    return USERS[who][0] in {"M", province_key}


def can_change_visit(who: str, province_key: str) -> bool:
    if not can_view_visit(who, province_key):
        return False
    return USERS[who][1] != [Role.VIEWER]
