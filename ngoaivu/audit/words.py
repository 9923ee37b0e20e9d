"""The audit log in words: "Sở Ngoại vụ Thành phố Đà Nẵng trình đoàn “…”" instead of `delegation.submit`, and
"Trạng thái: Nháp → Đã gửi" instead of `state: [draft, submitted]`.

`ACTION_PHRASES` is the one mapping from an action code (what `audit.services.record` writes) to a Vietnamese
verb phrase; `core/tests/test_audit_words.py` checks that every code written anywhere in the code base has one.
A code missing from it still reads as words: "tạo/sửa/xóa" or "cập nhật" and the record type's verbose name,
never the code. Field changes use the model field's verbose name and choice labels, foreign keys by the name of
the record they point to (looked up once per model for a whole page), and "—" for empty."""

from __future__ import annotations

import datetime as dt
import decimal
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ngoaivu.audit.models import AuditEvent
from ngoaivu.core.actors import Actor
from ngoaivu.core.scoping import Action, reference_manager, scoped_manager
from ngoaivu.core.text import vi_sort_key

L = gettext_lazy
EMPTY = "—"
MAX_VALUE_CHARS = 200

ACTION_PHRASES: dict[str, Any] = {
    # requests (đặt hàng)
    "request.create": L("tạo đặt hàng"),
    "request.update": L("sửa đặt hàng"),
    "request.submit": L("gửi đặt hàng"),
    "request.approve": L("duyệt đặt hàng"),
    "request.return": L("trả lại đặt hàng để sửa"),
    "request.withdraw": L("rút đặt hàng"),
    "request.acknowledge": L("xác nhận đã nhận đặt hàng"),
    "request.assign": L("phân công xử lý đặt hàng"),
    "request.answer": L("trả lời đặt hàng"),
    "request.decline": L("từ chối đặt hàng"),
    "request.forward": L("chuyển tiếp đặt hàng"),
    "request.handover": L("bàn giao đặt hàng"),
    "request.clarify": L("đề nghị làm rõ đặt hàng"),
    "request.reply_clarification": L("làm rõ đặt hàng"),
    "request.rate": L("đánh giá trả lời đặt hàng"),
    "request.close": L("đóng đặt hàng"),
    "request.reopen": L("mở lại đặt hàng"),
    "request.merge": L("gộp đặt hàng"),
    "request.autoclose_unrated": L("tự động đóng đặt hàng chưa được đánh giá"),
    "request.attachment.create": L("đính kèm tệp vào đặt hàng"),
    "request_category.create": L("tạo lĩnh vực đặt hàng"),
    "request_category.update": L("sửa lĩnh vực đặt hàng"),
    # delegations and conferences (đoàn, hội nghị)
    "delegation.create": L("lập kế hoạch đoàn"),
    "delegation.update": L("sửa kế hoạch đoàn"),
    "delegation.submit": L("trình đoàn"),
    "delegation.approve": L("phê duyệt đoàn"),
    "delegation.refuse": L("không phê duyệt đoàn"),
    "delegation.return": L("trả lại hồ sơ đoàn để sửa"),
    "delegation.postpone": L("hoãn đoàn"),
    "delegation.resume": L("tiếp tục kế hoạch đoàn"),
    "delegation.cancel": L("hủy đoàn"),
    "delegation.report": L("báo cáo kết quả đoàn"),
    "delegation.close": L("kết thúc hồ sơ đoàn"),
    "delegation.record_decision": L("ghi quyết định bằng văn bản về đoàn"),
    "delegation.briefing_add": L("bổ sung thông tin chuẩn bị cho đoàn"),
    "delegation.deputy_create": L("ủy quyền phê duyệt đoàn"),
    "delegation.deputy_revoke": L("thu hồi ủy quyền phê duyệt đoàn"),
    "delegation.follow_up_create": L("thêm việc cần làm sau đoàn"),
    "delegation.follow_up_update": L("cập nhật việc cần làm sau đoàn"),
    "delegation.trip": L("ghi nhận chuyến đi của đoàn"),
    "delegation.personal_data_purge": L("xóa dữ liệu cá nhân của đoàn"),
    "conference.create": L("lập kế hoạch hội nghị"),
    "conference.update": L("sửa kế hoạch hội nghị"),
    "conference.submit": L("trình hội nghị"),
    "conference.approve": L("phê duyệt hội nghị"),
    "conference.refuse": L("không phê duyệt hội nghị"),
    "conference.cancel": L("hủy hội nghị"),
    "conference.record_reply": L("ghi ý kiến trả lời về hội nghị"),
    "conference.report": L("báo cáo kết quả hội nghị"),
    "visit.create": L("ghi nhận đoàn vào"),
    "visit.update": L("sửa thông tin đoàn vào"),
    "visit.ask_to_request": L("đề nghị lập đặt hàng từ đoàn vào"),
    "approval_step_rule.create": L("thêm bước phê duyệt đoàn"),
    "approval_step_rule.delete": L("xóa bước phê duyệt đoàn"),
    # agreements (thỏa thuận quốc tế)
    "agreement.create": L("đăng ký thỏa thuận"),
    "agreement.update": L("sửa thỏa thuận"),
    "agreement.import": L("nhập thỏa thuận từ tệp"),
    "agreement.start": L("bắt đầu thủ tục thỏa thuận"),
    "agreement.consult": L("lấy ý kiến về thỏa thuận"),
    "agreement.record_opinion": L("ghi ý kiến về thỏa thuận"),
    "agreement.record_paper_opinion": L("ghi ý kiến bằng văn bản về thỏa thuận"),
    "agreement.approve": L("chấp thuận thỏa thuận"),
    "agreement.submit_to_pm": L("trình Thủ tướng thỏa thuận"),
    "agreement.pm_decision": L("ghi quyết định của Thủ tướng về thỏa thuận"),
    "agreement.sign": L("ký thỏa thuận"),
    "agreement.report": L("báo cáo về thỏa thuận"),
    "agreement.suspend": L("tạm đình chỉ thỏa thuận"),
    "agreement.resume": L("tiếp tục thực hiện thỏa thuận"),
    "agreement.terminate": L("chấm dứt thỏa thuận"),
    "agreement.decide_expiry": L("quyết định về thỏa thuận sắp hết hạn"),
    "agreement.expire": L("ghi nhận thỏa thuận hết hiệu lực"),
    "agreement.activity": L("ghi hoạt động thực hiện thỏa thuận"),
    "agreement_file.create": L("đính kèm tệp vào thỏa thuận"),
    "agreement_import.preview": L("xem trước tệp nhập thỏa thuận"),
    "agreement_import.run": L("nhập danh sách thỏa thuận"),
    "milestone.create": L("thêm mốc lộ trình"),
    "milestone.update": L("cập nhật mốc lộ trình"),
    "deadline_rule.update": L("sửa quy tắc thời hạn"),
    # directory (đối tác, danh mục)
    "partner.create": L("thêm đối tác"),
    "partner.update": L("sửa đối tác"),
    "partner.delete": L("xóa đối tác"),
    "contact.create": L("thêm người liên hệ"),
    "contact.update": L("sửa người liên hệ"),
    "contact.delete": L("xóa người liên hệ"),
    "accreditation.create": L("thêm địa bàn kiêm nhiệm"),
    "calendarday.delete": L("xóa ngày nghỉ, ngày làm bù"),
    "calendar_day.create": L("thêm ngày nghỉ, ngày làm bù"),
    "calendar_day.update": L("sửa ngày nghỉ, ngày làm bù"),
    "role.create": L("thêm vai trò"),
    # documents (tài liệu)
    "document.create": L("tải lên tài liệu"),
    "document.update": L("sửa tài liệu"),
    "document.delete": L("xóa tài liệu"),
    "document.version": L("tải lên phiên bản mới của tài liệu"),
    "document.entities": L("cập nhật thông tin trích xuất từ tài liệu"),
    # accounts (tài khoản)
    "user.create": L("tạo tài khoản"),
    "user.update": L("sửa tài khoản"),
    "user.password_change": L("đổi mật khẩu"),
    "api_token.create": L("cấp token API"),
    "api_token.revoke": L("thu hồi token API"),
    "calendar_token.create": L("cấp đường dẫn lịch"),
    "calendar_token.rotate": L("cấp lại đường dẫn lịch"),
    "calendar_token.revoke": L("thu hồi đường dẫn lịch"),
}

# the suffix of a code missing from ACTION_PHRASES: reference loaders write "<model>.create" / "<model>.update"
SUFFIX_VERBS = {"create": L("thêm"), "update": L("sửa"), "delete": L("xóa")}
CHANNELS = {"ui": L("Giao diện web"), "api": L("API"), "cli": L("Dòng lệnh"), "system": L("Tác vụ hệ thống")}
# keys some services add to `changes` beside the model's fields, and the labels of fields declared without a
# verbose name (Django would show "submitted by"); a field or key in neither is internal bookkeeping (hashes,
# search keys, counters) and is left out of the words rather than shown by its code
FIELD_LABELS = {
    "text": L("Nội dung"),
    "comment": L("Ý kiến"),
    "reason": L("Lý do"),
    "members": L("Thành viên"),
    "members_personal_data": L("Dữ liệu cá nhân của thành viên"),
    "deleted_at": L("Thời điểm xóa"),
    "submitted_by": L("Người trình"),
    "approved_by": L("Người duyệt"),
    "sent_on": L("Ngày gửi"),
    "closed_at": L("Thời điểm đóng"),
    "merged_into": L("Gộp vào"),
    "approval_round": L("Vòng phê duyệt"),
    "mission_notified_at": L("Thời điểm thông báo cơ quan đại diện"),
    "personal_data_purged_on": L("Ngày xóa dữ liệu cá nhân"),
    "expiry_decision_on": L("Ngày quyết định khi hết hạn"),
    "has_roadmap": L("Có lộ trình"),
    "import_batch": L("Lô nhập"),
    "parent": L("Đơn vị cấp trên"),
    "valid_from": L("Hiệu lực từ"),
    "valid_to": L("Hiệu lực đến"),
    "mission": L("Cơ quan đại diện"),
    "country": L("Quốc gia"),
    "sort_order": L("Thứ tự"),
    "order": L("Thứ tự"),
    "revoked_at": L("Thời điểm thu hồi"),
    "done_on": L("Ngày hoàn thành"),
    "anonymised_on": L("Ngày ẩn danh hóa"),
    "name": L("Tên"),
    "file": L("Tệp"),
    "size": L("Dung lượng"),
    "uploaded_by": L("Người tải lên"),
    "author": L("Người viết"),
    "organisation": L("Đơn vị"),
    "user": L("Người dùng"),
    "delegation": L("Đoàn"),
    "agreement": L("Thỏa thuận"),
    "milestone": L("Mốc lộ trình"),
    "request": L("Đặt hàng"),
    "rating": L("Điểm đánh giá"),
    "rating_comment": L("Nhận xét khi đánh giá"),
    "decline_reason": L("Lý do từ chối"),
    "forwarded_from": L("Chuyển tiếp từ"),
    "acknowledged_on": L("Ngày xác nhận đã nhận"),
    "answered_on": L("Ngày trả lời"),
    "previous_status": L("Tình trạng trước đó"),
    "paused_since": L("Tạm dừng từ"),
    "paused_working_days": L("Số ngày làm việc tạm dừng"),
    "request_sent_at": L("Thời điểm gửi"),
    "body_org": L("Cơ quan"),
    "recorded_by": L("Người ghi nhận"),
    "document": L("Văn bản"),
    "document_name": L("Tên văn bản"),
    "decision": L("Quyết định"),
    "decided_by": L("Người quyết định"),
    "decided_at": L("Thời điểm quyết định"),
    "approver": L("Người phê duyệt"),
    "on_behalf_of": L("Thay mặt"),
    "on_paper": L("Bằng văn bản giấy"),
    "label": L("Tên bước"),
    "round": L("Vòng"),
    "title": L("Tiêu đề"),
    "status": L("Tình trạng"),
    "kind": L("Loại"),
    "type": L("Loại"),
    "number": L("Số"),
    "format": L("Định dạng"),
    "alias": L("Tên gọi khác"),
    "former": L("Tỉnh cũ"),
    "current": L("Tỉnh hiện nay"),
    "partners_created": L("Số đối tác được tạo"),
    "errors": L("Lỗi"),
    "warnings": L("Cảnh báo"),
    "request_number": L("Số đặt hàng"),
    "last_used_at": L("Lần dùng gần nhất"),
}


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label) if label else None
    except (LookupError, ValueError):
        return None


def _named(model: type[models.Model]) -> bool:
    """The model declares its verbose name (Vietnamese), rather than Django's English from the class name."""
    return "verbose_name" in getattr(model._meta, "original_attrs", {})


def record_type(label: str) -> str:
    """A record type's verbose name ("Đoàn"), else "Bản ghi"; never the `app.model` label or an English name."""
    model = _model(label)
    if model is not None and _named(model):
        return str(capfirst(model._meta.verbose_name))
    return str(_("Bản ghi"))


def record_type_choices() -> list[tuple[str, str]]:
    """(label, verbose name) of the record types the audit log may name, for its "Loại bản ghi" filter."""
    internal = {
        "core",
        "audit",
        "search",
        "sessions",
        "contenttypes",
        "auth",
        "django_tasks_database",
        "drafts",
    }
    choices = {
        m._meta.label_lower: str(capfirst(m._meta.verbose_name))
        for m in apps.get_models()
        if m.__module__.startswith("ngoaivu.") and m._meta.app_label not in internal and _named(m)
    }
    return sorted(choices.items(), key=lambda item: vi_sort_key(item[1]))


def action_phrase(action: str, target_type: str = "") -> str:
    """The verb phrase of an action code: "trình đoàn". Unknown codes read "thêm/sửa/xóa <loại bản ghi>"."""
    phrase = ACTION_PHRASES.get(action)
    if phrase is not None:
        return str(phrase)
    suffix = action.rpartition(".")[2]
    kind = record_type(target_type).lower() if target_type else ""
    verb = SUFFIX_VERBS.get(suffix, L("cập nhật"))
    return f"{verb} {kind}".strip() if kind else str(verb)


def channel_name(code: str) -> str:
    return str(CHANNELS.get(code, code))


def organisation_name(event: AuditEvent) -> str:
    org = event.organisation if event.organisation_id else None
    if org is not None:
        return str(getattr(org, "name_vi", "") or getattr(org, "name_en", "") or org)
    return _("Hệ thống") if not event.actor_id else event.actor_label


def record_name(event: AuditEvent) -> str:
    if getattr(event, "redacted", False) or not event.target_repr:
        return _("%(type)s số %(id)s (không có quyền xem)") % {
            "type": record_type(event.target_type),
            "id": event.target_id,
        }
    return f"“{event.target_repr}”"


def sentence(event: AuditEvent) -> str:
    """ "Sở Ngoại vụ Thành phố Đà Nẵng trình đoàn “Đoàn xúc tiến đầu tư …”"."""
    return f"{organisation_name(event)} {action_phrase(event.action, event.target_type)} {record_name(event)}"


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.label}: {self.before} → {self.after}"


def _field(model: type[models.Model] | None, key: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:  # an extra key ("text"), not a field
        return None


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def _choice_labels(field: Any, names: dict[tuple[str, str], str]) -> str:
    """Put the field's choice labels into `names` once per page (a field's `flatchoices` may query, as the
    planned recipients' organisation names do); the key prefix to look them up under, or "" if it has none."""
    model = getattr(field, "model", None)
    prefix = f"choices:{model._meta.label_lower if model is not None else ''}.{getattr(field, 'name', '')}"
    marker = (prefix, "")
    if marker not in names:
        choices = getattr(field, "flatchoices", None) or []
        names[marker] = "1" if choices else ""
        for key, label in choices:
            names[(prefix, str(key))] = str(label)
    return prefix if names[marker] else ""


def _plain(value: Any, field: Any, names: dict[tuple[str, str], str]) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if field is not None and getattr(field, "many_to_one", False) and field.related_model is not None:
        return names.get((field.related_model._meta.label_lower, str(value)), _("#%(id)s") % {"id": value})
    if field is not None and getattr(field, "many_to_many", False) and isinstance(value, list):
        label = field.related_model._meta.label_lower
        return _short(", ".join(names.get((label, str(v)), str(v)) for v in value)) or EMPTY
    prefix = _choice_labels(field, names) if field is not None else ""
    if prefix:
        if isinstance(value, list):
            return ", ".join(names.get((prefix, str(v)), str(v)) for v in value)
        if (prefix, str(value)) in names:
            return names[(prefix, str(value))]
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, str) and isinstance(field, models.DateTimeField):
        try:
            return formats.date_format(dt.datetime.fromisoformat(value), "SHORT_DATETIME_FORMAT")
        except ValueError:
            return _short(value)
    if isinstance(value, str) and isinstance(field, models.DateField):
        try:
            return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return _short(value)
    if isinstance(value, str) and isinstance(field, models.DecimalField):
        try:
            return str(formats.number_format(decimal.Decimal(value), use_l10n=True))
        except (decimal.InvalidOperation, ValueError):
            return _short(value)
    if isinstance(value, float | decimal.Decimal):
        return str(formats.number_format(value, use_l10n=True))
    if isinstance(value, int):
        return str(value)  # an id or a count; years are never grouped
    if isinstance(value, list):
        return _short(", ".join(_plain(v, None, names) for v in value)) or EMPTY
    if isinstance(value, dict):
        return _short("; ".join(f"{k}: {_plain(v, None, names)}" for k, v in value.items())) or EMPTY
    return _short(str(value))


def _label(model: type[models.Model] | None, key: str) -> str | None:
    """The field's verbose name; None for a field declared without one and not in FIELD_LABELS (internal)."""
    field = _field(model, key)
    declared = getattr(field, "verbose_name", None) if field is not None else None
    if declared and str(declared) != key.replace("_", " "):
        return str(capfirst(declared))
    if key in FIELD_LABELS:
        return str(FIELD_LABELS[key])
    return None


def _related_names(events: Iterable[AuditEvent], user: Actor | None) -> dict[tuple[str, str], str]:
    """The names of the records the changes' foreign keys point to, one query per related model. A scoped
    record (a partner, a request) is named only when the reader can see it, else it stays "#id"."""
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    codes: dict[type[models.Model], set[str]] = defaultdict(set)
    for event in events:
        model = _model(event.target_type)
        for key, pair in (event.changes or {}).items():
            field = _field(model, key)
            if field is None or field.related_model is None:
                continue
            if getattr(field, "many_to_many", False):  # a list of codes (a user's roles)
                for value in pair if isinstance(pair, list) else []:
                    for code in value if isinstance(value, list) else []:
                        codes[field.related_model].add(str(code))
                continue
            if not getattr(field, "many_to_one", False):
                continue
            for value in pair if isinstance(pair, list) else []:
                if value not in (None, ""):
                    wanted[field.related_model].add(str(value))
    names: dict[tuple[str, str], str] = {}
    for related, ids in wanted.items():
        pks = [int(i) for i in ids if i.isdigit()]
        if not pks:
            continue
        manager = scoped_manager(related)
        if manager is not None:
            if user is None:
                continue
            rows = manager.visible_to(user, Action.VIEW).filter(pk__in=pks)
        else:
            rows = reference_manager(related).filter(pk__in=pks)
        for row in rows:
            name = getattr(row, "name_vi", "") or getattr(row, "full_name", "") or str(row)
            if related._meta.label_lower == "accounts.user":
                name = getattr(row, "full_name", "") or row.get_username()
            names[(related._meta.label_lower, str(row.pk))] = _short(str(name))
    for related, values in codes.items():
        if scoped_manager(related) is not None or not any(f.name == "code" for f in related._meta.fields):
            continue
        for row in reference_manager(related).filter(code__in=values):
            name = getattr(row, "name_vi", "") or str(row)
            names[(related._meta.label_lower, str(getattr(row, "code", "")))] = _short(str(name))
    return names


def changes_in_words(event: AuditEvent, names: dict[tuple[str, str], str]) -> list[Change]:
    model = _model(event.target_type)
    rows = []
    for key, pair in (event.changes or {}).items():
        before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        label = _label(model, key)
        if label is None:
            continue
        field = _field(model, key)
        rows.append(Change(label, _plain(before, field, names), _plain(after, field, names)))
    return rows


def with_words(events: list[AuditEvent], user: Actor | None) -> list[AuditEvent]:
    """Give each event (in place) `sentence`, `phrase`, `record_type_name`, `organisation_name` and
    `change_rows` for the templates and exports; returns the list."""
    names = _related_names(events, user)
    for event in events:
        event.phrase = action_phrase(event.action, event.target_type)  # type: ignore[attr-defined]
        event.sentence = sentence(event)  # type: ignore[attr-defined]
        event.record_type_name = record_type(event.target_type)  # type: ignore[attr-defined]
        event.organisation_name = organisation_name(event)  # type: ignore[attr-defined]
        event.change_rows = changes_in_words(event, names)  # type: ignore[attr-defined]
        event.channel_name = channel_name(event.channel)  # type: ignore[attr-defined]
    return events
