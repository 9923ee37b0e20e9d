import hashlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_vendored_assets_match_their_recorded_hashes():
    for folder in (ROOT / "static/vendor", ROOT / "core/testing/vendor"):
        table = (folder / "VENDORED.md").read_text(encoding="utf-8")
        rows = re.findall(r"^\| (\S+) \| [^|]+ \| [^|]+ \| [^|]+ \| ([0-9a-f]{64}) \|$", table, re.M)
        assert rows, folder
        for rel, digest in rows:
            assert hashlib.sha256((folder / rel).read_bytes()).hexdigest() == digest, rel


def test_every_served_vendored_asset_has_a_row():
    """A script, stylesheet or source map under static/vendor/ is in VENDORED.md with its hash (no unrecorded file)."""
    folder = ROOT / "static/vendor"
    table = (folder / "VENDORED.md").read_text(encoding="utf-8")
    recorded = set(re.findall(r"^\| (\S+) \|", table, re.M))
    served = {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name.endswith((".js", ".css", ".map"))
    }
    assert served <= recorded, served - recorded


def test_base_template_links_the_vendored_picker_library():
    base = (ROOT / "templates/base.html").read_text(encoding="utf-8")
    assert "vendor/tom-select-2.6.2/tom-select.complete.min.js" in base
    assert "vendor/tom-select-2.6.2/tom-select.default.min.css" in base


def test_templates_load_no_remote_assets_and_no_inline_script():
    paths = [p for p in ROOT.rglob("*.html") if "templates" in p.parts]
    assert len(paths) > 40
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']https?://""", text), path
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), f"inline script in {path}"
        assert not re.search(r"<[^>]+\son[a-z]+=", text), f"inline event handler in {path}"
