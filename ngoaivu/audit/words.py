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
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ngoaivu.audit.models import AuditEvent
from ngoaivu.core.actors import Actor
from ngoaivu.core.scoping import Action, reference_manager, scoped_manager
from ngoaivu.core.text import vi_sort_key

EMPTY = "—"
MAX_VALUE_CHARS = 200

ACTION_PHRASES: dict[str, Any] = {
    # briefs (issue 23)
    "brief.create": gettext_lazy("soạn bản tin"),
    "brief.update": gettext_lazy("sửa bản tin"),
    "brief.publish": gettext_lazy("phát hành bản tin"),
    "brief.withdraw": gettext_lazy("thu hồi bản tin"),
    "brief.delete": gettext_lazy("xóa bản tin dự thảo"),
    "brief.entities": gettext_lazy("quyết định về thực thể đề xuất trong bản tin"),
    "brief_attachment.create": gettext_lazy("đính kèm tệp vào bản tin"),
    "brief_rating.create": gettext_lazy("đánh giá bản tin"),
    "brief_rating.update": gettext_lazy("đổi đánh giá bản tin"),
    "brief_subscription.create": gettext_lazy("đăng ký nhận bản tin"),
    "brief_subscription.delete": gettext_lazy("hủy đăng ký nhận bản tin"),
    "brief_question.create": gettext_lazy("hỏi thêm về bản tin (đặt hàng)"),
    "brief_kind.create": gettext_lazy("thêm loại bản tin"),
    "region.create": gettext_lazy("thêm vùng kinh tế - xã hội"),
    # FTA reference and locality profiles (issue 23)
    "freetradeagreement.create": gettext_lazy("thêm hiệp định thương mại tự do"),
    "freetradeagreement.update": gettext_lazy("sửa hiệp định thương mại tự do"),
    "freetradeagreement.members": gettext_lazy("cập nhật thành viên hiệp định thương mại tự do"),
    "ftacommitment.create": gettext_lazy("thêm cam kết chính của hiệp định"),
    "ftacommitment.update": gettext_lazy("sửa cam kết chính của hiệp định"),
    "ftacommitment.delete": gettext_lazy("xóa cam kết chính của hiệp định"),
    "locality_profile.create": gettext_lazy("lập hồ sơ địa phương"),
    "locality_profile.update": gettext_lazy("sửa hồ sơ địa phương"),
    # partner searches (issue 23)
    "partner_search.create": gettext_lazy("tạo tìm kiếm đối tác"),
    "partner_search.update": gettext_lazy("sửa tìm kiếm đối tác"),
    "partner_search.open": gettext_lazy("đăng tìm kiếm đối tác"),
    "partner_search.close": gettext_lazy("đóng tìm kiếm đối tác"),
    "partner_search.delete": gettext_lazy("xóa tìm kiếm đối tác"),
    "partner_proposal.create": gettext_lazy("đề xuất ứng viên đối tác"),
    "partner_proposal.shortlisted": gettext_lazy("đưa ứng viên vào danh sách ngắn"),
    "partner_proposal.contacted": gettext_lazy("ghi đã liên hệ ứng viên"),
    "partner_proposal.met": gettext_lazy("ghi đã gặp ứng viên"),
    "partner_proposal.agreement": gettext_lazy("ghi đã ký thỏa thuận với ứng viên"),
    "partner_proposal.declined": gettext_lazy("dừng ứng viên"),
    "suggestion_weight.update": gettext_lazy("sửa trọng số gợi ý đối tác"),
    # requests (đặt hàng)
    "request.create": gettext_lazy("tạo đặt hàng"),
    "request.update": gettext_lazy("sửa đặt hàng"),
    "request.submit": gettext_lazy("gửi đặt hàng"),
    "request.approve": gettext_lazy("duyệt đặt hàng"),
    "request.return": gettext_lazy("trả lại đặt hàng để sửa"),
    "request.withdraw": gettext_lazy("rút đặt hàng"),
    "request.acknowledge": gettext_lazy("xác nhận đã nhận đặt hàng"),
    "request.assign": gettext_lazy("phân công xử lý đặt hàng"),
    "request.answer": gettext_lazy("trả lời đặt hàng"),
    "request.decline": gettext_lazy("từ chối đặt hàng"),
    "request.forward": gettext_lazy("chuyển tiếp đặt hàng"),
    "request.handover": gettext_lazy("bàn giao đặt hàng"),
    "request.clarify": gettext_lazy("đề nghị làm rõ đặt hàng"),
    "request.reply_clarification": gettext_lazy("làm rõ đặt hàng"),
    "request.rate": gettext_lazy("đánh giá trả lời đặt hàng"),
    "request.close": gettext_lazy("đóng đặt hàng"),
    "request.reopen": gettext_lazy("mở lại đặt hàng"),
    "request.merge": gettext_lazy("gộp đặt hàng"),
    "request.autoclose_unrated": gettext_lazy("tự động đóng đặt hàng chưa được đánh giá"),
    "request.attachment.create": gettext_lazy("đính kèm tệp vào đặt hàng"),
    "request_category.create": gettext_lazy("tạo lĩnh vực đặt hàng"),
    "request_category.update": gettext_lazy("sửa lĩnh vực đặt hàng"),
    # delegations and conferences (đoàn, hội nghị)
    "delegation.create": gettext_lazy("lập kế hoạch đoàn"),
    "delegation.update": gettext_lazy("sửa kế hoạch đoàn"),
    "delegation.submit": gettext_lazy("trình đoàn"),
    "delegation.approve": gettext_lazy("phê duyệt đoàn"),
    "delegation.refuse": gettext_lazy("không phê duyệt đoàn"),
    "delegation.return": gettext_lazy("trả lại hồ sơ đoàn để sửa"),
    "delegation.postpone": gettext_lazy("hoãn đoàn"),
    "delegation.resume": gettext_lazy("tiếp tục kế hoạch đoàn"),
    "delegation.cancel": gettext_lazy("hủy đoàn"),
    "delegation.report": gettext_lazy("báo cáo kết quả đoàn"),
    "delegation.close": gettext_lazy("kết thúc hồ sơ đoàn"),
    "delegation.record_decision": gettext_lazy("ghi quyết định bằng văn bản về đoàn"),
    "delegation.briefing_add": gettext_lazy("bổ sung thông tin chuẩn bị cho đoàn"),
    "delegation.deputy_create": gettext_lazy("ủy quyền phê duyệt đoàn"),
    "delegation.deputy_revoke": gettext_lazy("thu hồi ủy quyền phê duyệt đoàn"),
    "delegation.follow_up_create": gettext_lazy("thêm việc cần làm sau đoàn"),
    "delegation.follow_up_update": gettext_lazy("cập nhật việc cần làm sau đoàn"),
    "delegation.trip": gettext_lazy("ghi nhận chuyến đi của đoàn"),
    "delegation.personal_data_purge": gettext_lazy("xóa dữ liệu cá nhân của đoàn"),
    "conference.create": gettext_lazy("lập kế hoạch hội nghị"),
    "conference.update": gettext_lazy("sửa kế hoạch hội nghị"),
    "conference.submit": gettext_lazy("trình hội nghị"),
    "conference.approve": gettext_lazy("phê duyệt hội nghị"),
    "conference.refuse": gettext_lazy("không phê duyệt hội nghị"),
    "conference.cancel": gettext_lazy("hủy hội nghị"),
    "conference.record_reply": gettext_lazy("ghi ý kiến trả lời về hội nghị"),
    "conference.report": gettext_lazy("báo cáo kết quả hội nghị"),
    "visit.create": gettext_lazy("ghi nhận đoàn vào"),
    "visit.update": gettext_lazy("sửa thông tin đoàn vào"),
    "visit.ask_to_request": gettext_lazy("đề nghị lập đặt hàng từ đoàn vào"),
    "approval_step_rule.create": gettext_lazy("thêm bước phê duyệt đoàn"),
    "approval_step_rule.delete": gettext_lazy("xóa bước phê duyệt đoàn"),
    # agreements (thỏa thuận quốc tế)
    "agreement.create": gettext_lazy("đăng ký thỏa thuận"),
    "agreement.update": gettext_lazy("sửa thỏa thuận"),
    "agreement.import": gettext_lazy("nhập thỏa thuận từ tệp"),
    "agreement.start": gettext_lazy("bắt đầu thủ tục thỏa thuận"),
    "agreement.consult": gettext_lazy("lấy ý kiến về thỏa thuận"),
    "agreement.record_opinion": gettext_lazy("ghi ý kiến về thỏa thuận"),
    "agreement.record_paper_opinion": gettext_lazy("ghi ý kiến bằng văn bản về thỏa thuận"),
    "agreement.approve": gettext_lazy("chấp thuận thỏa thuận"),
    "agreement.submit_to_pm": gettext_lazy("trình Thủ tướng thỏa thuận"),
    "agreement.pm_decision": gettext_lazy("ghi quyết định của Thủ tướng về thỏa thuận"),
    "agreement.sign": gettext_lazy("ký thỏa thuận"),
    "agreement.report": gettext_lazy("báo cáo về thỏa thuận"),
    "agreement.suspend": gettext_lazy("tạm đình chỉ thỏa thuận"),
    "agreement.resume": gettext_lazy("tiếp tục thực hiện thỏa thuận"),
    "agreement.terminate": gettext_lazy("chấm dứt thỏa thuận"),
    "agreement.decide_expiry": gettext_lazy("quyết định về thỏa thuận sắp hết hạn"),
    "agreement.expire": gettext_lazy("ghi nhận thỏa thuận hết hiệu lực"),
    "agreement.activity": gettext_lazy("ghi hoạt động thực hiện thỏa thuận"),
    "agreement_file.create": gettext_lazy("đính kèm tệp vào thỏa thuận"),
    "agreement_import.preview": gettext_lazy("xem trước tệp nhập thỏa thuận"),
    "agreement_import.run": gettext_lazy("nhập danh sách thỏa thuận"),
    "milestone.create": gettext_lazy("thêm mốc lộ trình"),
    "milestone.update": gettext_lazy("cập nhật mốc lộ trình"),
    "deadline_rule.update": gettext_lazy("sửa quy tắc thời hạn"),
    # directory (đối tác, danh mục)
    "partner.create": gettext_lazy("thêm đối tác"),
    "partner.update": gettext_lazy("sửa đối tác"),
    "partner.delete": gettext_lazy("xóa đối tác"),
    "contact.create": gettext_lazy("thêm người liên hệ"),
    "contact.update": gettext_lazy("sửa người liên hệ"),
    "contact.delete": gettext_lazy("xóa người liên hệ"),
    "accreditation.create": gettext_lazy("thêm địa bàn kiêm nhiệm"),
    "calendarday.delete": gettext_lazy("xóa ngày nghỉ, ngày làm bù"),
    "calendar_day.create": gettext_lazy("thêm ngày nghỉ, ngày làm bù"),
    "calendar_day.update": gettext_lazy("sửa ngày nghỉ, ngày làm bù"),
    "role.create": gettext_lazy("thêm vai trò"),
    # documents (tài liệu)
    "document.create": gettext_lazy("tải lên tài liệu"),
    "document.update": gettext_lazy("sửa tài liệu"),
    "document.delete": gettext_lazy("xóa tài liệu"),
    "document.version": gettext_lazy("tải lên phiên bản mới của tài liệu"),
    "document.entities": gettext_lazy("cập nhật thông tin trích xuất từ tài liệu"),
    # accounts (tài khoản)
    "user.create": gettext_lazy("tạo tài khoản"),
    "user.update": gettext_lazy("sửa tài khoản"),
    "user.password_change": gettext_lazy("đổi mật khẩu"),
    "user.invite": gettext_lazy("thêm người dùng và gửi thư mời"),
    "user.deactivate": gettext_lazy("khóa tài khoản"),
    "user.reactivate": gettext_lazy("mở khóa tài khoản"),
    "user.require_password_change": gettext_lazy("yêu cầu đổi mật khẩu"),
    "user.mfa_reset": gettext_lazy("đặt lại xác thực hai lớp"),
    "user.invite_link": gettext_lazy("gửi thư mời đặt mật khẩu"),
    "user.reset_link": gettext_lazy("gửi liên kết đặt lại mật khẩu"),
    "user.link_mail_failed": gettext_lazy("không gửi được thư chứa liên kết đặt mật khẩu"),
    "user.password_set": gettext_lazy("đặt mật khẩu qua liên kết"),
    "user.inactivity_warning": gettext_lazy("cảnh báo sắp khóa tài khoản vì không sử dụng"),
    "user.deactivate_inactive": gettext_lazy("khóa tài khoản vì không sử dụng quá thời hạn"),
    "api_token.create": gettext_lazy("cấp token API"),
    "api_token.revoke": gettext_lazy("thu hồi token API"),
    "calendar_token.create": gettext_lazy("cấp đường dẫn lịch"),
    "calendar_token.rotate": gettext_lazy("cấp lại đường dẫn lịch"),
    "calendar_token.revoke": gettext_lazy("thu hồi đường dẫn lịch"),
    "user.credentials_revoke": gettext_lazy("thu hồi mọi token, đường dẫn lịch và phiên đăng nhập khác"),
    "user.session_end": gettext_lazy("kết thúc một phiên đăng nhập"),
    "user.sessions_end_others": gettext_lazy("kết thúc các phiên đăng nhập khác"),
    "mfa.enrol": gettext_lazy("bắt đầu đăng ký xác thực hai lớp"),
    "mfa.confirm": gettext_lazy("bật xác thực hai lớp"),
    "mfa.disable": gettext_lazy("tắt xác thực hai lớp"),
    "mfa.reset": gettext_lazy("đặt lại xác thực hai lớp"),
    "mfa.recovery_regenerate": gettext_lazy("tạo mã khôi phục xác thực hai lớp mới"),
    "mfa.recovery_used": gettext_lazy("đăng nhập bằng mã khôi phục"),
    # economic figures (issue 20): indicators, exchange rates, imports
    "indicator.create": gettext_lazy("thêm chỉ tiêu vào danh mục"),
    "indicator.update": gettext_lazy("cập nhật chỉ tiêu theo danh mục"),
    "indicator_value.create": gettext_lazy("nhập giá trị chỉ tiêu"),
    "indicator_value.update": gettext_lazy("sửa giá trị chỉ tiêu"),
    "indicator_value.delete": gettext_lazy("xóa giá trị chỉ tiêu nháp"),
    "indicator_value.submit": gettext_lazy("gửi Bộ giá trị chỉ tiêu"),
    "indicator_value.validate": gettext_lazy("xác nhận giá trị chỉ tiêu"),
    "indicator_value.return": gettext_lazy("trả lại giá trị chỉ tiêu"),
    "indicator_value.correct": gettext_lazy("đính chính giá trị chỉ tiêu"),
    "indicator_value.supersede": gettext_lazy("thay giá trị chỉ tiêu bằng giá trị đính chính"),
    "indicator_value.import": gettext_lazy("nhập giá trị chỉ tiêu từ Excel"),
    "indicator_import.preview": gettext_lazy("kiểm tra tệp Excel chỉ tiêu"),
    "indicator_import.run": gettext_lazy("nhập tệp Excel chỉ tiêu"),
    "exchange_rate.create": gettext_lazy("thêm tỷ giá"),
    "exchange_rate.update": gettext_lazy("sửa tỷ giá"),
    "exchange_rate.delete": gettext_lazy("xóa tỷ giá"),
    "exchange_rate.import": gettext_lazy("nhập tỷ giá từ Excel"),
    # foreign NGO aid, market access, promotion events
    "aid_project.create": gettext_lazy("thêm dự án viện trợ phi chính phủ nước ngoài"),
    "aid_project.update": gettext_lazy("sửa dự án viện trợ phi chính phủ nước ngoài"),
    "aid_project.years": gettext_lazy("cập nhật kế hoạch và thực tế giải ngân theo năm"),
    "aid_project.report_add": gettext_lazy("thêm báo cáo dự án viện trợ"),
    "stage.create": gettext_lazy("thêm giai đoạn mở cửa thị trường"),
    "dossier.create": gettext_lazy("lập hồ sơ mở cửa thị trường"),
    "dossier.update": gettext_lazy("sửa hồ sơ mở cửa thị trường"),
    "dossier.delete": gettext_lazy("xóa hồ sơ mở cửa thị trường"),
    "dossier_step.create": gettext_lazy("thêm bước của hồ sơ mở cửa thị trường"),
    "dossier_step.complete": gettext_lazy("hoàn thành bước của hồ sơ mở cửa thị trường"),
    "dossier_document.create": gettext_lazy("đính kèm tài liệu vào hồ sơ mở cửa thị trường"),
    "dossier_note.create": gettext_lazy("ghi chú vào hồ sơ mở cửa thị trường"),
    "promotion_event.create": gettext_lazy("thêm sự kiện xúc tiến"),
    "promotion_event.update": gettext_lazy("sửa sự kiện xúc tiến"),
    "promotion_event.task_create": gettext_lazy("thêm việc cần làm sau sự kiện"),
    "promotion_event.task_complete": gettext_lazy("hoàn thành việc cần làm sau sự kiện"),
    # culture
    "heritage_title.create": gettext_lazy("thêm danh hiệu, hồ sơ UNESCO"),
    "heritage_title.update": gettext_lazy("sửa danh hiệu, hồ sơ UNESCO"),
    "heritage_title.advance": gettext_lazy("chuyển giai đoạn hồ sơ UNESCO"),
    "heritage_title.document_add": gettext_lazy("thêm tài liệu hồ sơ UNESCO"),
    "cultural_event.create": gettext_lazy("thêm sự kiện ngoại giao văn hóa"),
    "cultural_event.update": gettext_lazy("sửa sự kiện ngoại giao văn hóa"),
    "title_kind.create": gettext_lazy("thêm loại danh hiệu UNESCO"),
    "culture_stage.create": gettext_lazy("thêm giai đoạn hồ sơ UNESCO"),
    # press
    "press_visit.create": gettext_lazy("ghi nhận đoàn phóng viên nước ngoài"),
    "press_visit.update": gettext_lazy("sửa đoàn phóng viên nước ngoài"),
    "press_visit.answer": gettext_lazy("trả lời đề nghị của đoàn phóng viên nước ngoài"),
    "press_visit.start": gettext_lazy("ghi nhận đoàn phóng viên bắt đầu tác nghiệp"),
    "press_visit.finish": gettext_lazy("ghi nhận đoàn phóng viên kết thúc tác nghiệp"),
    "press_visit.report": gettext_lazy("ghi nhận đã báo cáo kết quả đoàn phóng viên"),
    "press_visit.cancel": gettext_lazy("hủy đoàn phóng viên nước ngoài"),
    "press_visit.article_add": gettext_lazy("thêm bài viết của đoàn phóng viên"),
    "press_visit.reporters_add": gettext_lazy("thêm phóng viên vào đoàn"),
    "press_visit.reporters_import": gettext_lazy("nhập danh sách phóng viên từ Excel"),
    "press_visit.personal_data_purge": gettext_lazy("xóa dữ liệu cá nhân phóng viên hết thời hạn lưu giữ"),
    # consular
    "citizen_case.create": gettext_lazy("tiếp nhận vụ việc bảo hộ công dân"),
    "citizen_case.update": gettext_lazy("sửa vụ việc bảo hộ công dân"),
    "citizen_case.citizen_add": gettext_lazy("thêm công dân vào vụ việc bảo hộ"),
    "citizen_case.citizen_update": gettext_lazy("sửa thông tin công dân của vụ việc bảo hộ"),
    "citizen_case.province_note": gettext_lazy("ghi chú của tỉnh về vụ việc bảo hộ công dân"),
    "citizen_case.notify": gettext_lazy("thông báo vụ việc bảo hộ công dân cho tỉnh"),
    "citizen_case.start": gettext_lazy("bắt đầu xử lý vụ việc bảo hộ công dân"),
    "citizen_case.resolve": gettext_lazy("ghi nhận đã giải quyết vụ việc bảo hộ công dân"),
    "citizen_case.close": gettext_lazy("đóng hồ sơ vụ việc bảo hộ công dân"),
    "citizen_case.handover": gettext_lazy("bàn giao vụ việc bảo hộ công dân"),
    "citizen_case.handover_accept": gettext_lazy("nhận bàn giao vụ việc bảo hộ công dân"),
    "citizen_case.handover_withdraw": gettext_lazy("rút lại bàn giao vụ việc bảo hộ công dân"),
    "citizen_case.action_add": gettext_lazy("ghi việc đã làm trong vụ việc bảo hộ công dân"),
    "citizen_case.personal_data_purge": gettext_lazy(
        "ẩn danh hóa dữ liệu cá nhân công dân (hết thời hạn lưu)"
    ),
    # overseas
    "overseas_association.create": gettext_lazy("thêm hội đoàn người Việt Nam ở nước ngoài"),
    "overseas_association.update": gettext_lazy("sửa hội đoàn người Việt Nam ở nước ngoài"),
    "overseas_person.create": gettext_lazy("thêm kiều bào tiêu biểu"),
    "overseas_person.update": gettext_lazy("sửa thông tin kiều bào tiêu biểu"),
    "overseas_programme.create": gettext_lazy("thêm chương trình với kiều bào"),
    "overseas_programme.update": gettext_lazy("sửa chương trình với kiều bào"),
    "overseas_investment.create": gettext_lazy("thêm dự án đầu tư của kiều bào"),
    "overseas_investment.update": gettext_lazy("sửa dự án đầu tư của kiều bào"),
    # training
    "training_course.create": gettext_lazy("thêm khóa đào tạo, bồi dưỡng"),
    "training_course.update": gettext_lazy("sửa khóa đào tạo, bồi dưỡng"),
    "training_course.open": gettext_lazy("mở nhận cử cán bộ dự khóa học"),
    "training_course.close": gettext_lazy("kết thúc nhận cử cán bộ dự khóa học"),
    "training_course.start": gettext_lazy("bắt đầu khóa học"),
    "training_course.complete": gettext_lazy("kết thúc khóa học"),
    "training_course.cancel": gettext_lazy("hủy khóa học"),
    "training_course.quota": gettext_lazy("đặt chỉ tiêu cử cán bộ của tỉnh"),
    "training_trainee.create": gettext_lazy("thêm học viên"),
    "training_trainee.update": gettext_lazy("cập nhật học viên khi được cử lại"),
    "training_nomination.create": gettext_lazy("đề xuất cử cán bộ dự khóa học"),
    "training_nomination.import": gettext_lazy("cử cán bộ dự khóa học theo danh sách Excel"),
    "training_nomination.approve": gettext_lazy("duyệt cử cán bộ dự khóa học"),
    "training_nomination.accept": gettext_lazy("nhận học viên được cử"),
    "training_nomination.decline": gettext_lazy("không nhận học viên được cử"),
    "training_nomination.attend": gettext_lazy("ghi nhận học viên đã tham dự"),
    "training_nomination.absent": gettext_lazy("ghi nhận học viên vắng mặt"),
    "training_nomination.result": gettext_lazy("ghi kết quả, chứng chỉ của học viên"),
    "training_nomination.withdraw": gettext_lazy("rút đề xuất cử cán bộ dự khóa học"),
    "training_scheme.create": gettext_lazy("thêm đề án đào tạo"),
    # reports (issue 22)
    "report_run.create": gettext_lazy("yêu cầu lập báo cáo"),
    "report_run.done": gettext_lazy("lập xong báo cáo"),
    "report_run.fail": gettext_lazy("lập báo cáo không thành công"),
    # border
    "border_mechanism.create": gettext_lazy("thêm cơ chế hợp tác biên giới"),
    "border_mechanism.update": gettext_lazy("sửa cơ chế hợp tác biên giới"),
    "border_meeting.create": gettext_lazy("thêm cuộc họp hợp tác biên giới"),
    "border_meeting.update": gettext_lazy("sửa cuộc họp hợp tác biên giới"),
    "border_meeting.hold": gettext_lazy("ghi nhận cuộc họp hợp tác biên giới đã diễn ra"),
    "border_meeting.minutes": gettext_lazy("ghi biên bản cuộc họp hợp tác biên giới"),
    "border_meeting.cancel": gettext_lazy("hủy cuộc họp hợp tác biên giới"),
    "border_commitment.create": gettext_lazy("thêm cam kết tại cuộc họp hợp tác biên giới"),
    "border_commitment.progress": gettext_lazy("báo cáo tiến độ cam kết hợp tác biên giới"),
    "border_commitment.complete": gettext_lazy("ghi nhận hoàn thành cam kết hợp tác biên giới"),
    "border_commitment.drop": gettext_lazy("ghi nhận không thực hiện cam kết hợp tác biên giới"),
    "border_commitment.reopen": gettext_lazy("mở lại cam kết hợp tác biên giới"),
    "border_file.create": gettext_lazy("tải lên tài liệu hợp tác biên giới"),
}

# the suffix of a code missing from ACTION_PHRASES: reference loaders write "<model>.create" / "<model>.update"
SUFFIX_VERBS = {"create": gettext_lazy("thêm"), "update": gettext_lazy("sửa"), "delete": gettext_lazy("xóa")}
CHANNELS = {
    "ui": gettext_lazy("Giao diện web"),
    "api": gettext_lazy("API"),
    "cli": gettext_lazy("Dòng lệnh"),
    "system": gettext_lazy("Tác vụ hệ thống"),
}
# keys some services add to `changes` beside the model's fields, and the labels of fields declared without a
# verbose name (Django would show "submitted by"); a field or key in neither is internal bookkeeping (hashes,
# search keys, counters) and is left out of the words rather than shown by its code
FIELD_LABELS = {
    "text": gettext_lazy("Nội dung"),
    "mfa_enabled": gettext_lazy("Xác thực hai lớp"),
    "mfa_recovery_codes_left": gettext_lazy("Mã khôi phục còn lại"),
    "comment": gettext_lazy("Ý kiến"),
    "reason": gettext_lazy("Lý do"),
    "members": gettext_lazy("Thành viên"),
    "members_personal_data": gettext_lazy("Dữ liệu cá nhân của thành viên"),
    "deleted_at": gettext_lazy("Thời điểm xóa"),
    "submitted_by": gettext_lazy("Người trình"),
    "approved_by": gettext_lazy("Người duyệt"),
    "sent_on": gettext_lazy("Ngày gửi"),
    "closed_at": gettext_lazy("Thời điểm đóng"),
    "merged_into": gettext_lazy("Gộp vào"),
    "approval_round": gettext_lazy("Vòng phê duyệt"),
    "mission_notified_at": gettext_lazy("Thời điểm thông báo cơ quan đại diện"),
    "personal_data_purged_on": gettext_lazy("Ngày xóa dữ liệu cá nhân"),
    "expiry_decision_on": gettext_lazy("Ngày quyết định khi hết hạn"),
    "has_roadmap": gettext_lazy("Có lộ trình"),
    "import_batch": gettext_lazy("Lô nhập"),
    "parent": gettext_lazy("Đơn vị cấp trên"),
    "valid_from": gettext_lazy("Hiệu lực từ"),
    "valid_to": gettext_lazy("Hiệu lực đến"),
    "mission": gettext_lazy("Cơ quan đại diện"),
    "country": gettext_lazy("Quốc gia"),
    "sort_order": gettext_lazy("Thứ tự"),
    "order": gettext_lazy("Thứ tự"),
    "revoked_at": gettext_lazy("Thời điểm thu hồi"),
    "done_on": gettext_lazy("Ngày hoàn thành"),
    "anonymised_on": gettext_lazy("Ngày ẩn danh hóa"),
    "name": gettext_lazy("Tên"),
    "file": gettext_lazy("Tệp"),
    "size": gettext_lazy("Dung lượng"),
    "uploaded_by": gettext_lazy("Người tải lên"),
    "author": gettext_lazy("Người viết"),
    "organisation": gettext_lazy("Đơn vị"),
    "user": gettext_lazy("Người dùng"),
    "delegation": gettext_lazy("Đoàn"),
    "agreement": gettext_lazy("Thỏa thuận"),
    "milestone": gettext_lazy("Mốc lộ trình"),
    "request": gettext_lazy("Đặt hàng"),
    "rating": gettext_lazy("Điểm đánh giá"),
    "rating_comment": gettext_lazy("Nhận xét khi đánh giá"),
    "decline_reason": gettext_lazy("Lý do từ chối"),
    "forwarded_from": gettext_lazy("Chuyển tiếp từ"),
    "acknowledged_on": gettext_lazy("Ngày xác nhận đã nhận"),
    "answered_on": gettext_lazy("Ngày trả lời"),
    "previous_status": gettext_lazy("Tình trạng trước đó"),
    "paused_since": gettext_lazy("Tạm dừng từ"),
    "paused_working_days": gettext_lazy("Số ngày làm việc tạm dừng"),
    "request_sent_at": gettext_lazy("Thời điểm gửi"),
    "body_org": gettext_lazy("Cơ quan"),
    "recorded_by": gettext_lazy("Người ghi nhận"),
    "document": gettext_lazy("Văn bản"),
    "document_name": gettext_lazy("Tên văn bản"),
    "decision": gettext_lazy("Quyết định"),
    "decided_by": gettext_lazy("Người quyết định"),
    "decided_at": gettext_lazy("Thời điểm quyết định"),
    "approver": gettext_lazy("Người phê duyệt"),
    "on_behalf_of": gettext_lazy("Thay mặt"),
    "on_paper": gettext_lazy("Bằng văn bản giấy"),
    "label": gettext_lazy("Tên bước"),
    "round": gettext_lazy("Vòng"),
    "title": gettext_lazy("Tiêu đề"),
    "status": gettext_lazy("Tình trạng"),
    "kind": gettext_lazy("Loại"),
    "type": gettext_lazy("Loại"),
    "number": gettext_lazy("Số"),
    "format": gettext_lazy("Định dạng"),
    "alias": gettext_lazy("Tên gọi khác"),
    "former": gettext_lazy("Tỉnh cũ"),
    "current": gettext_lazy("Tỉnh hiện nay"),
    "partners_created": gettext_lazy("Số đối tác được tạo"),
    "errors": gettext_lazy("Lỗi"),
    "warnings": gettext_lazy("Cảnh báo"),
    "request_number": gettext_lazy("Số đặt hàng"),
    "last_used_at": gettext_lazy("Lần dùng gần nhất"),
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
    verb = SUFFIX_VERBS.get(suffix, gettext_lazy("cập nhật"))
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
    lang: str = ""  # "en" for a field holding English text (name_en): pages mark its values with lang="en"

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
            moment = dt.datetime.fromisoformat(value)
            if timezone.is_aware(
                moment
            ):  # stored in UTC: shown in the reader's time, like the row's own time
                moment = timezone.localtime(moment)
            return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
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
        lang = "en" if key.endswith("_en") else ""
        rows.append(Change(label, _plain(before, field, names), _plain(after, field, names), lang))
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
