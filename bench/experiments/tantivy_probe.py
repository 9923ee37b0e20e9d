"""Tantivy probe (issue 24): the national search index copied into tantivy (an embedded Rust engine, PyPI `tantivy`),
then the common-word search of bench/run.py ("xuc tien dau tu") per kind, newest 201 first, as the ministry and as a
mission's own records, timed beside PostgreSQL. Not part of the product: run it in its own virtualenv
(`python3 -m venv /tmp/tv && /tmp/tv/bin/pip install tantivy==0.27.0 'psycopg[binary]==3.3.9'`), with
`BENCH_DB` (default ngoaivu_bench) and `TV_DIR` (default /tmp/tvidx, emptied first; `--reuse` keeps it).

Measured on 08/12/2026 (1,058,763 entries, the machine shared with a test run; medians of 9), against PostgreSQL's
figures for the same reads in process:
- the copy: 26.4 s to index every entry (one writer thread), against 168 s for `ngoaivu search rebuild`;
- Tokyo's own records (organisation and covered-country tokens), newest 201: 2.0-2.5 ms, against 31-57 ms for the
  GIN lookup;
- the ministry's newest 201 of every kind (23 searches): 234-309 ms with the readers as a term set (the broad
  tokens "@*" and "@A" are on nearly every entry), 69-120 ms without them, against 27-31 ms for PostgreSQL's
  window walk; one kind (requests) 12-14 ms;
- the last word whole ("tu") instead of its 14 prefix words: no difference;
- counting every match of the common words: 35-72 ms (206,268 entries).
A rerun on the quiet machine: 206-217 ms with the readers, 59-60 ms without, Tokyo's own records 1.7-2.5 ms,
the count 30-31 ms.
So tantivy answers the narrow lookups (a mission's or a province's own records) an order of magnitude faster, and
the broad newest-per-kind read slower than the window walk."""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import time

import psycopg
import tantivy

DB = os.environ.get("BENCH_DB", "ngoaivu_bench")
DIR = os.environ.get("TV_DIR", "/tmp/tvidx")
WORDS = ["xuc", "tien", "dau"]
LAST = [
    "tu",
    "tuan",
    "tuc",
    "tum",
    "tung",
    "tunisia",
    "tuoc",
    "tuoi",
    "turkiye",
    "turkmenistan",
    "turks",
    "tuvalu",
    "tuy",
    "tuyen",
]
MINISTRY = ["@*", "@A", "@o1", "@N", "@No1"]


def build(schema: tantivy.Schema) -> tantivy.Index:
    shutil.rmtree(DIR, ignore_errors=True)
    os.makedirs(DIR)
    index = tantivy.Index(schema, path=DIR)
    writer = index.writer(heap_size=300_000_000, num_threads=1)
    started = time.perf_counter()
    n = 0
    with (
        psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{DB}") as conn,
        conn.cursor(name="rows") as cur,
    ):
        cur.itersize = 20_000
        cur.execute(
            """SELECT id, array_to_string(tsvector_to_array(words), ' '), btrim(readers),
                      coalesce("on" - date '0001-01-01', -1) FROM search_searchentry"""
        )
        for pk, words, readers, on in cur:
            writer.add_document(tantivy.Document(id=pk, words=words, readers=readers, on=on))
            n += 1
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    print(f"indexed {n:,} entries in {time.perf_counter() - started:.1f} s", flush=True)
    return index


def common_words(schema: tantivy.Schema, extra: list[tantivy.Query]) -> tantivy.Query:
    must = [tantivy.Query.term_query(schema, "words", w) for w in WORDS]
    must.append(tantivy.Query.term_set_query(schema, "words", LAST))
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in must + extra])


def timed(label: str, run, n: int = 9) -> None:
    run()
    times = []
    for _ in range(n):
        started = time.perf_counter()
        found = run()
        times.append((time.perf_counter() - started) * 1000)
    print(
        f"{label:45s} median {statistics.median(times):7.2f} ms  min {min(times):7.2f}  hits {found}",
        flush=True,
    )


def main() -> None:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("words", stored=False, tokenizer_name="whitespace", index_option="basic")
    sb.add_text_field("readers", stored=False, tokenizer_name="whitespace", index_option="basic")
    sb.add_integer_field("on", stored=False, indexed=False, fast=True)
    sb.add_integer_field("id", stored=True, indexed=False, fast=True)
    schema = sb.build()
    index = build(schema) if "--reuse" not in sys.argv else tantivy.Index(schema, path=DIR)
    searcher = index.searcher()
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{DB}") as conn:
        kinds = [k for (k,) in conn.execute("SELECT DISTINCT kind FROM search_searchentry ORDER BY kind")]
    readers = tantivy.Query.term_set_query(schema, "readers", MINISTRY)

    def per_kind(extra: list[tantivy.Query]):
        def run() -> int:
            total = 0
            for kind in kinds:
                q = common_words(schema, [tantivy.Query.term_query(schema, "words", f"@k{kind}"), *extra])
                total += len(
                    searcher.search(q, limit=201, order_by_field="on", order=tantivy.Order.Desc).hits
                )
            return total

        return run

    timed(f"ministry: every kind's newest 201, {len(kinds)} searches", per_kind([readers]))
    timed(
        "ministry: requests' newest 201",
        lambda: len(
            searcher.search(
                common_words(schema, [tantivy.Query.term_query(schema, "words", "@krequest"), readers]),
                limit=201,
                order_by_field="on",
                order=tantivy.Order.Desc,
            ).hits
        ),
    )
    own = tantivy.Query.term_set_query(schema, "words", ["@o57", "@Mo57", "@McJP"])
    timed(
        "Tokyo's own records: newest 201 of every kind",
        lambda: len(
            searcher.search(
                common_words(schema, [own]), limit=201, order_by_field="on", order=tantivy.Order.Desc
            ).hits
        ),
    )
    timed("without the readers' condition: every kind", per_kind([]))
    whole = list(LAST)
    LAST[:] = ["tu"]
    timed("the same, last word whole ('tu' only): every kind", per_kind([readers]))
    timed(
        "the same, last word whole: Tokyo's own records",
        lambda: len(
            searcher.search(
                common_words(schema, [own]), limit=201, order_by_field="on", order=tantivy.Order.Desc
            ).hits
        ),
    )
    LAST[:] = whole
    timed(
        "ministry: count of every match",
        lambda: searcher.search(common_words(schema, [readers]), limit=1).count,
    )


if __name__ == "__main__":
    main()
