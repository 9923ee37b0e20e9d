"""The audit log in words (issue 18): every action code has a Vietnamese phrase; changes read as
"Trạng thái: Nháp → Đã gửi"; organisations by name, never codes."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ngoaivu.audit.models import AuditEvent
from ngoaivu.audit.words import ACTION_PHRASES, action_phrase, changes_in_words, with_words
from ngoaivu.core.testing.world import make_delegation, text_of


def _visible(html: str) -> str:
    """The page's text without tags and attributes (an org code in a link's query string is not shown)."""
    return re.sub(r"<[^>]+>", " ", html)


ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")


def _written_codes() -> tuple[set[str], set[str]]:
    """The action codes passed as `action=` anywhere in the code base: literal codes (also inside a
    conditional expression) and the prefixes of f-strings such as f"delegation.{action}"."""
    literal: set[str] = set()
    prefixes: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if {"tests", "migrations", "testing"} & set(path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            for keyword in node.keywords:
                if keyword.arg != "action":
                    continue
                for part in ast.walk(keyword.value):
                    if (
                        isinstance(part, ast.Constant)
                        and isinstance(part.value, str)
                        and CODE.match(part.value)
                    ):
                        literal.add(part.value)
                if isinstance(keyword.value, ast.JoinedStr):
                    head = keyword.value.values[0]
                    if isinstance(head, ast.Constant) and str(head.value).endswith("."):
                        prefixes.add(str(head.value))
    return literal, prefixes


def _workflow_codes() -> set[str]:
    """The codes built from the workflow tables: f"request.{action}" and its kin."""
    from ngoaivu.agreements.services import legal_steps
    from ngoaivu.delegations.services import conferences, workflow
    from ngoaivu.requests import rules

    tables = {
        "request.": rules.ALL_ACTIONS,
        "delegation.": workflow.ACTIONS,
        "conference.": conferences.CONFERENCE_ACTIONS,
        "agreement.": legal_steps.TRANSITIONS,
    }
    # indicators/services.py `_transition(obj, actor, "<action>", …)`: the workflow of a value
    tables["indicator_value."] = ("submit", "validate", "return")
    # partnering/services.py `f"partner_proposal.{to}"`: the states a proposal moves to
    from ngoaivu.partnering import services as partnering

    tables["partner_proposal."] = (*map(str, partnering.NEXT_STATE.values()), str(partnering.P.DECLINED))
    return {prefix + action for prefix, actions in tables.items() for action in actions}


def test_every_action_code_written_in_the_code_base_has_a_phrase():
    literal, prefixes = _written_codes()
    assert len(literal) > 40, literal  # the scan finds the audit calls
    workflow_codes = _workflow_codes()
    known_prefixes = {
        "request.",
        "delegation.",
        "conference.",
        "agreement.",
        "indicator_value.",
        "partner_proposal.",
    }
    # f"{label}.create" of the reference loaders reads "thêm <loại bản ghi>" (test below)
    assert {p for p in prefixes if not p.startswith("{")} <= known_prefixes, prefixes
    missing = sorted(code for code in literal | workflow_codes if code not in ACTION_PHRASES)
    assert not missing, f"action codes without a phrase in audit/words.py ACTION_PHRASES: {missing}"
    for code, phrase in ACTION_PHRASES.items():
        text = str(phrase)
        assert text, code
        assert not re.search(r"[._]", text), (code, text)


def test_a_code_without_a_phrase_still_reads_as_words():
    assert action_phrase("country.create", "directory.country").startswith("thêm ")
    for code, target in [
        ("country.create", "directory.country"),
        ("organisation.update", "accounts.organisation"),
        ("strange.frobnicate", "directory.partner"),
        ("strange.frobnicate", "nowhere.thing"),
    ]:
        phrase = action_phrase(code, target)
        assert code not in phrase, phrase
        assert not re.search(r"[._]", phrase), phrase
        assert phrase.split()[0] in {"thêm", "sửa", "xóa", "cập"}, phrase


@pytest.mark.django_db
def test_partner_changes_read_with_labels_and_choice_names(world):
    from ngoaivu.directory import services as directory_services

    partner = world.partner("A", visibility="private")
    directory_services.partner_update(
        actor=world.users["a_editor"],
        partner_id=partner.pk,
        expected_version=None,
        changes={"visibility": "shared"},
    )
    events = list(AuditEvent.objects.system(reason="test").filter(target_type="directory.partner"))
    with_words(events, world.users["a_editor"])
    created = next(e for e in events if e.action == "partner.create")
    assert created.phrase == "thêm đối tác"
    assert created.sentence.startswith(world.orgs["A"].name_vi + " thêm đối tác “")
    rows = {c.label: (c.before, c.after) for c in created.change_rows}
    assert "Visibility" not in rows
    assert "visibility" not in rows
    for before, after in rows.values():
        assert before == "—"  # a creation: nothing before
        assert after not in {"None", "[]", "{}"}, rows
        assert not after.startswith(("[", "{")), rows
    assert rows["Quốc gia"][1] == "Nhật Bản", rows  # a foreign key by its name, not its id
    updated = next(e for e in events if e.action == "partner.update")
    assert "Phạm vi chia sẻ: Chỉ đơn vị mình và Bộ Ngoại giao → Chia sẻ với mọi đơn vị" in [
        str(c) for c in updated.change_rows
    ]


@pytest.mark.django_db
def test_changes_of_a_state_read_as_choice_labels(world):
    delegation = make_delegation(world, "A", approved=True)
    event = (
        AuditEvent.objects.system(reason="test")
        .filter(
            target_type="delegations.delegation", target_id=str(delegation.pk), action="delegation.submit"
        )
        .first()
    )
    assert event is not None
    rows = changes_in_words(event, {})
    state = next(
        c for c in rows if c.before != c.after and "→" in str(c) and c.label.startswith("Trạng thái")
    )
    assert not re.search(r"planned|submitted", str(state)), state
    assert re.match(r"^Trạng thái: \S.* → \S.*$", str(state)), state


@pytest.mark.django_db
def test_audit_log_and_home_say_who_did_what_in_words(world):
    make_delegation(world, "A", approved=True)
    page = _visible(text_of(world.client("ministry").get("/accounts/audit/?page_size=100")))
    assert "trình đoàn" in page
    assert world.orgs["A"].name_vi in page
    for code in ("delegation.submit", "delegation.create", "None →", "→ None", "cqdd-", "tinh-48"):
        assert code not in page, code
    home = _visible(text_of(world.client("a_editor").get("/")))
    assert "delegation." not in home
    assert "partner." not in home
    assert "tinh-48" not in home
    assert world.orgs["A"].name_vi in home


@pytest.mark.django_db
def test_partner_history_partial_in_words(world):
    partner = world.partner("A", visibility="private")
    page = _visible(text_of(world.client("a_editor").get(f"/directory/partners/{partner.pk}/")))
    history = page[page.index("Lịch sử thay đổi") :]
    assert "thêm đối tác" in history
    assert "partner.create" not in history
    assert "[" not in history
    assert "None" not in history
    assert "Phạm vi chia sẻ:" in history
    assert "Chỉ đơn vị mình và Bộ Ngoại giao" in history


@pytest.mark.django_db
def test_names_of_foreign_keys_cost_one_query_per_related_model_not_per_row(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(4):
        world.partner("A", marker=f"TENDOITAC{i:02d}")
    events = list(
        AuditEvent.objects.system(reason="test")
        .filter(action="partner.create")
        .select_related("organisation")
    )
    assert len(events) == 4
    with CaptureQueriesContext(connection) as queries:
        with_words(events, world.users["a_editor"])
    related = {"directory.country", "accounts.organisation", "accounts.user"}
    assert len(queries) <= len(related), [q["sql"][:80] for q in queries]


@pytest.mark.django_db
def test_a_users_roles_read_by_name(world):
    from ngoaivu.accounts.models import Role

    event = AuditEvent.objects.system(reason="test").filter(action="user.create").first()
    if event is None:
        pytest.skip("no user.create event in the test world")
    event.changes = {"roles": [[], sorted(Role.objects.values_list("code", flat=True))[:2]]}
    rows = with_words([event], world.users["ministry"])[0].change_rows
    names = set(Role.objects.values_list("name_vi", flat=True))
    after = rows[0].after.split(", ")
    assert set(after) <= names, after


def test_a_time_in_a_change_is_shown_in_vietnam_time_like_the_row():
    """Snapshots store times in UTC; the walk saw "Khóa lúc: — → 18:03 06/12/2026" on a row stamped 01:03
    07/12/2026."""
    from django.utils import translation

    from ngoaivu.accounts.models import User
    from ngoaivu.audit.words import _field, _plain

    with translation.override("vi"):
        shown = _plain("2026-12-06T18:03:00+00:00", _field(User, "deactivated_at"), {})
    assert shown == "01:03 07/12/2026"
