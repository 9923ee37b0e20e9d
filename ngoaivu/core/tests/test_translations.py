"""English is complete: every Vietnamese source string in the catalogue has a translation, and the
compiled catalogue matches the source catalogue."""

import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES"


def entries():
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        if block.lstrip().startswith("#~"):
            continue
        msgid = "".join(
            re.findall(
                r'"(.*)"',
                (re.search(r'^msgid ((?:".*"\n?)+)', block, re.M) or [""])[0]
                if re.search(r"^msgid ", block, re.M)
                else "",
            )
        )
        strs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        context = re.search(r'^msgctxt "(.*)"', block, re.M)
        yield (
            (context.group(1) if context else None),
            msgid,
            ["".join(re.findall(r'"(.*)"', s)) for s in strs],
        )


def unescape(po_string):
    return po_string.replace('\\"', '"').replace("\\n", "\n")


def test_every_string_is_translated():
    untranslated = [mid for _ctx, mid, strs in entries() if mid and not all(strs)]
    assert not untranslated, untranslated


def test_compiled_catalogue_is_current():
    with (LOCALE / "django.mo").open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for ctx, mid, strs in entries():
        if mid and "%(n)s" not in mid:
            found = compiled.pgettext(ctx, unescape(mid)) if ctx else compiled.gettext(unescape(mid))
            assert found == unescape(strs[0]), mid


def test_the_site_speaks_english(world):
    client = world.client("a_editor")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/directory/partners/").content.decode()
    assert "Foreign partners" in page
    assert "Export to Excel" in page
