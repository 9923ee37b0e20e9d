from __future__ import annotations

from django.db import models


class SearchEntry(models.Model):
    """One searchable record, kept by `search.services` after each committed write.

    `text` and `title_folded` hold `search_key()` output (folded words between single spaces), so one
    `LIKE '% word %'` comparison means the same on SQLite and PostgreSQL (where the `words` tsvector, with the
    entry's readers, kind, places and countries as tokens, finds the entries first: migrations 0005–0007).
    Province and country codes are stored the same way (" 25 48 ") for the filters. `readers` holds who
    may read the record (each kind's `readers`, mirroring its `visible_to`), so the index scan applies the
    user's scope; the hits shown are checked once more through `visible_to`."""

    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=500)
    title_exact = models.CharField(max_length=500, default="")
    title_folded = models.CharField(max_length=600, default="")
    body = models.TextField(blank=True, default="")
    text = models.TextField(default="")
    provinces = models.CharField(max_length=200, blank=True, default="")
    former_provinces = models.CharField(max_length=200, blank=True, default="")
    countries = models.CharField(max_length=400, blank=True, default="")
    readers = models.TextField(blank=True, default="")
    """Who may read the record (`core.search_spec` tokens, " @N @o12 "), matched in the index scan."""
    on = models.DateField(null=True, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")]
        # PostgreSQL also gets (kind, on DESC NULLS LAST, object_id DESC), the exact order searches read
        # (migration 0003; SQLite cannot index NULLS LAST)
        indexes = [models.Index(fields=["kind", "-on"], name="search_entry_kind_on")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


MIN_TYPO_WORD = 5
MAX_WORD = 40
"""Longer words (a pasted key, a link) are left out of the vocabulary."""


def deletion_variants(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class SearchWord(models.Model):
    """The index's vocabulary, for typo tolerance: each word of five letters or more is also stored under
    every form with one letter deleted (`variant`), so one indexed lookup finds the words one edit away."""

    variant = models.CharField(max_length=40, db_index=True)
    word = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["variant", "word"], name="search_word_unique")]

    def __str__(self) -> str:
        return f"{self.variant}→{self.word}"
