"""One-off generator of ngoaivu/directory/data/missions.csv (never imported by the app).

Compiled by hand from the Ministry of Foreign Affairs' list of Viet Nam's representations abroad
(as known to the compiler at 2026-11; re-check against the ministry's current list before relying on
it). Concurrent accreditations are only those the compiler was confident of; every one is marked
"to verify" in the file, and administrators edit them in the application.

Run: python tools/make_missions.py > ngoaivu/directory/data/missions.csv (needs only the countries file).
"""

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "ngoaivu" / "directory" / "data"
NAMES = {r["iso2"]: r for r in csv.DictReader((HERE / "countries.csv").open(encoding="utf-8"))}

# kind, host iso2, city slug, city (as written in Vietnamese), extra countries covered (concurrent)
EMB, CG, PM = "embassy", "consulate_general", "permanent_mission"
ROWS = [
    # Asia and Pacific
    (EMB, "AU", "canberra", "Canberra", "FJ VU PG"),
    (CG, "AU", "sydney", "Sydney", ""),
    (CG, "AU", "perth", "Perth", ""),
    (EMB, "BD", "dhaka", "Đa-ca", ""),
    (EMB, "BN", "bandar-seri-begawan", "Ban-đa Xê-ri Bê-ga-oan", ""),
    (EMB, "KH", "phnom-penh", "Phnôm Pênh", ""),
    (CG, "KH", "battambang", "Bát-tam-bang", ""),
    (CG, "KH", "sihanoukville", "Xi-ha-núc-vin", ""),
    (EMB, "CN", "beijing", "Bắc Kinh", ""),
    (CG, "CN", "guangzhou", "Quảng Châu", ""),
    (CG, "CN", "kunming", "Côn Minh", ""),
    (CG, "CN", "nanning", "Nam Ninh", ""),
    (CG, "CN", "shanghai", "Thượng Hải", ""),
    (CG, "HK", "hong-kong", "Hồng Kông", "MO"),
    (EMB, "IN", "new-delhi", "Niu Đê-li", "NP BT"),
    (CG, "IN", "mumbai", "Mum-bai", ""),
    (EMB, "ID", "jakarta", "Gia-các-ta", ""),
    (PM, "ID", "jakarta-asean", "Gia-các-ta", ""),
    (EMB, "JP", "tokyo", "Tô-ky-ô", ""),
    (CG, "JP", "osaka", "Ô-xa-ca", ""),
    (CG, "JP", "fukuoka", "Phu-cư-ô-ca", ""),
    (EMB, "KZ", "astana", "A-xta-na", "KG TJ"),
    (EMB, "KR", "seoul", "Xơ-un", ""),
    (CG, "KR", "busan", "Bu-san", ""),
    (EMB, "KP", "pyongyang", "Bình Nhưỡng", ""),
    (EMB, "LA", "vientiane", "Viêng Chăn", ""),
    (CG, "LA", "luang-prabang", "Luông Pha-bang", ""),
    (CG, "LA", "pakse", "Pác-xế", ""),
    (CG, "LA", "savannakhet", "Xa-van-na-khẹt", ""),
    (EMB, "MY", "kuala-lumpur", "Cu-a-la Lăm-pơ", ""),
    (EMB, "MN", "ulaanbaatar", "U-lan Ba-to", ""),
    (EMB, "MM", "yangon", "Y-an-gun", ""),
    (EMB, "NZ", "wellington", "Oen-linh-tơn", "WS TO"),
    (EMB, "PK", "islamabad", "I-xla-ma-bát", ""),
    (EMB, "PH", "manila", "Ma-ni-la", ""),
    (EMB, "SG", "singapore", "Xin-ga-po", ""),
    (EMB, "LK", "colombo", "Cô-lôm-bô", "MV"),
    (EMB, "TH", "bangkok", "Băng Cốc", ""),
    (CG, "TH", "khon-kaen", "Khon Ken", ""),
    (EMB, "TL", "dili", "Đi-li", ""),
    (EMB, "UZ", "tashkent", "Ta-sken", ""),
    # Middle East and Africa
    (EMB, "DZ", "algiers", "An-giê", "NE"),
    (EMB, "AO", "luanda", "Lu-an-đa", "CG CD"),
    (EMB, "AZ", "baku", "Ba-cu", ""),
    (EMB, "EG", "cairo", "Cai-rô", "SD"),
    (EMB, "IR", "tehran", "Tê-hê-ran", ""),
    (EMB, "IQ", "baghdad", "Bát-đa", ""),
    (EMB, "IL", "tel-aviv", "Tên A-víp", ""),
    (EMB, "KW", "kuwait", "Cô-oét", "BH"),
    (EMB, "LY", "tripoli", "Tri-pô-li", ""),
    (EMB, "MA", "rabat", "Ra-bát", "SN ML MR"),
    (EMB, "MZ", "maputo", "Ma-pu-tô", "MW MG"),
    (EMB, "NG", "abuja", "A-bu-gia", "GH CM"),
    (EMB, "OM", "muscat", "Mu-xcát", ""),
    (EMB, "QA", "doha", "Đô-ha", ""),
    (EMB, "SA", "riyadh", "Ri-át", "YE"),
    (EMB, "ZA", "pretoria", "Prê-tô-ri-a", "BW NA LS SZ"),
    (EMB, "TZ", "dar-es-salaam", "Đa-rét Xa-lam", "KE UG"),
    (EMB, "TR", "ankara", "An-ca-ra", ""),
    (EMB, "AE", "abu-dhabi", "A-bu Đa-bi", ""),
    # Americas
    (EMB, "AR", "buenos-aires", "Bu-ê-nốt Ai-rét", "UY PY"),
    (EMB, "BR", "brasilia", "Bra-xi-li-a", "SR GY"),
    (EMB, "CA", "ottawa", "Ốt-ta-oa", ""),
    (CG, "CA", "vancouver", "Van-cu-vơ", ""),
    (EMB, "CL", "santiago", "Xan-ti-a-gô", ""),
    (EMB, "CU", "havana", "La Ha-ba-na", "DO HT JM"),
    (EMB, "MX", "mexico-city", "Mê-hi-cô", "GT HN SV"),
    (EMB, "PA", "panama", "Pa-na-ma", "CR NI"),
    (EMB, "PE", "lima", "Li-ma", "BO EC"),
    (EMB, "US", "washington", "Oa-sinh-tơn", ""),
    (CG, "US", "san-francisco", "Xan Phran-xi-xcô", ""),
    (CG, "US", "houston", "Hiu-xtơn", ""),
    (PM, "US", "new-york", "Niu Oóc", ""),
    (EMB, "VE", "caracas", "Ca-ra-cát", "TT CO"),
    # Europe
    (EMB, "AT", "vienna", "Viên", "SI"),
    (EMB, "BY", "minsk", "Min-xcơ", ""),
    (EMB, "BE", "brussels", "Brúc-xen", "LU"),
    (EMB, "BG", "sofia", "Xô-phi-a", "MK AL"),
    (EMB, "CZ", "prague", "Pra-ha", ""),
    (EMB, "DK", "copenhagen", "Cô-pen-ha-ghen", ""),
    (EMB, "FI", "helsinki", "Hen-xin-ki", "EE"),
    (EMB, "FR", "paris", "Pa-ri", "MC"),
    (PM, "FR", "paris-unesco", "Pa-ri", ""),
    (EMB, "DE", "berlin", "Béc-lin", ""),
    (CG, "DE", "frankfurt", "Phran-phuốc", ""),
    (EMB, "GR", "athens", "A-ten", "CY"),
    (EMB, "HU", "budapest", "Bu-đa-pét", "HR"),
    (EMB, "IE", "dublin", "Đu-blin", ""),
    (EMB, "IT", "rome", "Rô-ma", "MT SM"),
    (EMB, "NL", "the-hague", "La Hay", ""),
    (EMB, "NO", "oslo", "Ốt-xlô", "IS"),
    (EMB, "PL", "warsaw", "Vác-sa-va", "LT"),
    (EMB, "PT", "lisbon", "Li-xbon", ""),
    (EMB, "RO", "bucharest", "Bu-ca-rét", "MD"),
    (EMB, "RU", "moscow", "Mát-xcơ-va", "AM"),
    (CG, "RU", "vladivostok", "Vla-đi-vô-xtốc", ""),
    (CG, "RU", "yekaterinburg", "Ê-ca-tê-rin-bua", ""),
    (EMB, "RS", "belgrade", "Bê-ô-grát", "ME BA"),
    (EMB, "SK", "bratislava", "Bra-ti-xla-va", ""),
    (EMB, "ES", "madrid", "Ma-đrít", "AD"),
    (EMB, "SE", "stockholm", "Xtốc-khôm", "LV"),
    (EMB, "CH", "bern", "Béc-nơ", "LI"),
    (PM, "CH", "geneva", "Giơ-ne-vơ", ""),
    (EMB, "UA", "kyiv", "Ki-ép", ""),
    (EMB, "GB", "london", "Luân Đôn", ""),
]
PM_NAMES = {
    "jakarta-asean": ("Phái đoàn thường trực Việt Nam tại ASEAN", "Permanent Mission of Viet Nam to ASEAN"),
    "new-york": (
        "Phái đoàn thường trực Việt Nam tại Liên hợp quốc",
        "Permanent Mission of Viet Nam to the United Nations",
    ),
    "geneva": (
        "Phái đoàn thường trực Việt Nam tại Liên hợp quốc, WTO và các tổ chức quốc tế khác tại Giơ-ne-vơ",
        "Permanent Mission of Viet Nam to the United Nations, the WTO and other international organisations in Geneva",
    ),
    "paris-unesco": (
        "Phái đoàn thường trực Việt Nam tại UNESCO",
        "Permanent Delegation of Viet Nam to UNESCO",
    ),
}
CITY_EN = {
    "mexico-city": "Mexico City",
    "the-hague": "The Hague",
    "dar-es-salaam": "Dar es Salaam",
    "bandar-seri-begawan": "Bandar Seri Begawan",
    "buenos-aires": "Buenos Aires",
    "kuala-lumpur": "Kuala Lumpur",
    "hong-kong": "Hong Kong",
    "new-delhi": "New Delhi",
    "abu-dhabi": "Abu Dhabi",
    "phnom-penh": "Phnom Penh",
    "luang-prabang": "Luang Prabang",
    "khon-kaen": "Khon Kaen",
    "san-francisco": "San Francisco",
    "tel-aviv": "Tel Aviv",
    "new-york": "New York",
    "kuwait": "Kuwait City",
    "panama": "Panama City",
    "havana": "Havana",
    "brasilia": "Brasília",
}
SOURCE = "Danh sách CQĐD (Bộ Ngoại giao), biên soạn 11/2026; kiêm nhiệm: cần kiểm tra lại"


def main() -> None:
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["code", "kind", "name_vi", "name_en", "city", "city_en", "country", "covers", "source"])
    for kind, iso2, slug, city, covers in ROWS:
        country = NAMES[iso2]
        city_en = CITY_EN.get(slug, slug.replace("-", " ").title())
        if kind == PM:
            name_vi, name_en = PM_NAMES[slug]
            city_en = CITY_EN.get(slug, city_en.split()[0])
        elif kind == EMB:
            name_vi = f"Đại sứ quán Việt Nam tại {country['name_vi']}"
            name_en = f"Embassy of Viet Nam in {country['name_en']}"
        else:
            name_vi = f"Tổng Lãnh sự quán Việt Nam tại {city}"
            name_en = f"Consulate General of Viet Nam in {city_en}"
        w.writerow(
            [f"cqdd-{iso2.lower()}-{slug}", kind, name_vi, name_en, city, city_en, iso2, covers, SOURCE]
        )


if __name__ == "__main__":
    main()
