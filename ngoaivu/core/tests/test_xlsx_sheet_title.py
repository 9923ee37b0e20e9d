from ngoaivu.core.xlsx import sheet_title


def test_a_long_title_is_cut_at_a_whole_word():
    assert sheet_title("Hội đoàn người Việt Nam ở nước ngoài") == "Hội đoàn người Việt Nam ở nước"
    assert sheet_title("Cam kết tại các cuộc họp hợp tác biên giới") == "Cam kết tại các cuộc họp hợp"


def test_a_title_keeps_excel_rules():
    assert sheet_title("A" * 40) == "A" * 31
    assert sheet_title("Đoàn [ra]: 2026/01") == "Đoàn ra 2026 01"
    assert sheet_title("   ") == "Sheet1"
    assert len(sheet_title("Vụ việc bảo hộ công dân theo quốc gia và loại")) <= 31
