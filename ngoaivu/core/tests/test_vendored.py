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


def test_templates_load_no_remote_assets_and_no_inline_script():
    paths = [p for p in ROOT.rglob("*.html") if "templates" in p.parts]
    assert len(paths) > 40
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']https?://""", text), path
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), f"inline script in {path}"
        assert not re.search(r"<[^>]+\son[a-z]+=", text), f"inline event handler in {path}"
