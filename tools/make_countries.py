"""One-off generator of ngoaivu/directory/data/countries.csv (never imported by the app).

ISO 3166-1 codes from pycountry (Debian iso-codes), CLDR Vietnamese and English names from Babel,
then the Vietnamese names used by the Ministry of Foreign Affairs (transliterated style, as written on
mofa.gov.vn country pages) override CLDR for the countries below. The CLDR name is kept as an alias
so that searching "Úc" or "Italy" still finds Ô-xtrây-li-a / I-ta-li-a.

Run: python tools/make_countries.py > ngoaivu/directory/data/countries.csv (needs pycountry and Babel).

Superseded (2026-12, issue 18): countries.csv is now edited by hand — every row has the Ministry's Vietnamese
name and a `source` column this generator does not write (see ngoaivu/directory/data/SOURCES.md). Running it
again would lose both; kept only as the record of how the first version was made.
"""

import csv
import sys

import pycountry
from babel import Locale

OFFICIAL_VI = {
    "AE": "Các Tiểu vương quốc A-rập Thống nhất",
    "AR": "Ác-hen-ti-na",
    "AT": "Áo",
    "AU": "Ô-xtrây-li-a",
    "AO": "Ăng-gô-la",
    "AZ": "A-déc-bai-gian",
    "BD": "Băng-la-đét",
    "BG": "Bun-ga-ri",
    "BN": "Bru-nây",
    "BR": "Bra-xin",
    "BY": "Bê-la-rút",
    "CA": "Ca-na-đa",
    "CL": "Chi-lê",
    "CO": "Cô-lôm-bi-a",
    "CU": "Cu-ba",
    "CZ": "Séc",
    "DZ": "An-giê-ri",
    "EG": "Ai Cập",
    "GB": "Vương quốc Anh",
    "GR": "Hy Lạp",
    "HK": "Hồng Kông (Trung Quốc)",
    "HU": "Hung-ga-ri",
    "ID": "In-đô-nê-xi-a",
    "IE": "Ai-len",
    "IL": "I-xra-en",
    "IN": "Ấn Độ",
    "IQ": "I-rắc",
    "IR": "I-ran",
    "IT": "I-ta-li-a",
    "JP": "Nhật Bản",
    "KH": "Cam-pu-chia",
    "KP": "Triều Tiên",
    "KR": "Hàn Quốc",
    "KW": "Cô-oét",
    "KZ": "Ca-dắc-xtan",
    "LA": "Lào",
    "LK": "Xri Lan-ca",
    "LY": "Li-bi",
    "MA": "Ma-rốc",
    "MM": "Mi-an-ma",
    "MN": "Mông Cổ",
    "MO": "Ma Cao (Trung Quốc)",
    "MX": "Mê-hi-cô",
    "MY": "Ma-lai-xi-a",
    "MZ": "Mô-dăm-bích",
    "NG": "Ni-giê-ri-a",
    "NL": "Hà Lan",
    "NZ": "Niu Di-lân",
    "OM": "Ô-man",
    "PA": "Pa-na-ma",
    "PE": "Pê-ru",
    "PH": "Phi-líp-pin",
    "PK": "Pa-ki-xtan",
    "PL": "Ba Lan",
    "PT": "Bồ Đào Nha",
    "QA": "Ca-ta",
    "RO": "Ru-ma-ni",
    "RS": "Xéc-bi-a",
    "RU": "Liên bang Nga",
    "SA": "A-rập Xê-út",
    "SG": "Xin-ga-po",
    "SK": "Xlô-va-ki-a",
    "TH": "Thái Lan",
    "TL": "Đông Ti-mo",
    "TR": "Thổ Nhĩ Kỳ",
    "TW": "Đài Loan (Trung Quốc)",
    "TZ": "Tan-da-ni-a",
    "UA": "U-crai-na",
    "US": "Hoa Kỳ",
    "UY": "U-ru-goay",
    "UZ": "U-dơ-bê-ki-xtan",
    "VE": "Vê-nê-xu-ê-la",
    "VN": "Việt Nam",
    "ZA": "Nam Phi",
    "CH": "Thụy Sĩ",
    "SE": "Thụy Điển",
    "NO": "Na Uy",
    "DK": "Đan Mạch",
    "FI": "Phần Lan",
    "BE": "Bỉ",
    "ES": "Tây Ban Nha",
    "FR": "Pháp",
    "DE": "Đức",
    "CN": "Trung Quốc",
    "IS": "Ai-xơ-len",
    "CY": "Síp",
    "KE": "Kê-ni-a",
    "ET": "Ê-ti-ô-pi-a",
    "SN": "Xê-nê-gan",
    "GH": "Ga-na",
    "TN": "Tuy-ni-di",
    "LB": "Li-băng",
    "SY": "Xy-ri",
    "JO": "Gioóc-đa-ni",
    "BH": "Ba-ranh",
    "YE": "Y-ê-men",
    "PS": "Nhà nước Pa-le-xtin",
    "NP": "Nê-pan",
    "MV": "Man-đi-vơ",
    "TM": "Tuốc-mê-ni-xtan",
    "TJ": "Tát-gi-ki-xtan",
    "KG": "Cư-rơ-gư-xtan",
    "GE": "Gru-di-a",
    "AM": "Ác-mê-ni-a",
    "HR": "Crô-a-ti-a",
    "SI": "Xlô-ven-ni-a",
    "LT": "Lít-va",
    "LV": "Lát-vi-a",
    "EE": "E-xtô-ni-a",
    "CR": "Cô-xta Ri-ca",
    "DO": "Cộng hòa Đô-mi-ni-ca",
    "EC": "Ê-cu-a-đo",
    "BO": "Bô-li-vi-a",
    "PY": "Pa-ra-goay",
    "NI": "Ni-ca-ra-goa",
    "VA": "Tòa Thánh Va-ti-căng",
    "LU": "Lúc-xăm-bua",
    "MT": "Man-ta",
}
TERRITORIES = set(
    [
        "AS",
        "AI",
        "AQ",
        "AW",
        "AX",
        "BL",
        "BM",
        "BQ",
        "BV",
        "CC",
        "CK",
        "CW",
        "CX",
        "EH",
        "FK",
        "FO",
        "GF",
        "GG",
        "GI",
        "GL",
        "GP",
        "GS",
        "GU",
        "HK",
        "HM",
        "IM",
        "IO",
        "JE",
        "KY",
        "MF",
        "MO",
        "MP",
        "MQ",
        "MS",
        "NC",
        "NF",
        "NU",
        "PF",
        "PM",
        "PN",
        "PR",
        "RE",
        "SH",
        "SJ",
        "SX",
        "TC",
        "TF",
        "TK",
        "TW",
        "UM",
        "VG",
        "VI",
        "WF",
        "YT",
    ]
)


def main() -> None:
    vi = Locale("vi").territories
    en = Locale("en").territories
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["iso2", "iso3", "numeric", "name_vi", "name_en", "is_territory", "aliases"])
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        cldr_vi = vi.get(c.alpha_2, c.name)
        name_vi = OFFICIAL_VI.get(c.alpha_2, cldr_vi)
        aliases = {cldr_vi, getattr(c, "common_name", ""), c.name} - {name_vi, ""}
        writer.writerow(
            [
                c.alpha_2,
                c.alpha_3,
                c.numeric,
                name_vi,
                en.get(c.alpha_2, c.name),
                "1" if c.alpha_2 in TERRITORIES else "0",
                ";".join(sorted(aliases)),
            ]
        )


if __name__ == "__main__":
    main()
