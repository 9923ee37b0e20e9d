"""What the rows of an import are matched against, loaded once per file: the catalogue (codes and names),
countries (names, ISO codes, aliases), provinces by era code or by name (the directory's resolver: aliases,
no diacritics, former names before 01/07/2025), the owning organisations, and the entry rules' answers."""

from __future__ import annotations

import copy

from django.utils.translation import gettext as _

from ngoaivu.accounts.models import Organisation
from ngoaivu.core.actors import Actor
from ngoaivu.core.text import clean_line, fold
from ngoaivu.directory import selectors as directory_selectors
from ngoaivu.directory import services as directory_services
from ngoaivu.directory.models import Country, FormerProvince, Province
from ngoaivu.indicators import rules
from ngoaivu.indicators.importer.cells import cell_text
from ngoaivu.indicators.models import Indicator
from ngoaivu.indicators.periods import MAX_YEAR, MIN_YEAR, Period


class Lookups:
    """Everything a row is matched against, loaded once per import."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.indicators = {i.code: i for i in Indicator.objects.all()}
        self.indicator_names: dict[str, Indicator] = {}
        for ind in self.indicators.values():
            for name in (ind.code, ind.name_vi, ind.name_en):
                self.indicator_names.setdefault(fold(name), ind)
        self.countries = {c.iso2: c for c in Country.objects.all()}
        self.country_names = directory_selectors.country_name_index()
        self.current_by_code = {p.code: p for p in Province.objects.all()}
        self.former_by_code = {f.code: f for f in FormerProvince.objects.select_related("successor")}
        self.provinces_by_id = {p.pk: p for p in self.current_by_code.values()}
        self._localities: dict[tuple[str, bool], tuple[Province, FormerProvince | None] | None] = {}
        self._orgs: dict[int, int | None] = {}
        self._kept: dict[int, set[tuple[int, int]]] = {}
        self._refusals: dict[tuple[int, int, int | None, Period], str | None] = {}
        self._units: dict[tuple[int, int | None], tuple[str, int, FormerProvince | None]] = {}
        scope = actor.scope
        self.own_province: Province | None = None
        if scope.is_province and not scope.is_site_admin:
            self.own_province = self.current_by_code.get(scope.province_code)

    def indicator(self, text: str) -> Indicator | None:
        text = clean_line(text)
        return self.indicators.get(text) or self.indicator_names.get(fold(text))

    def indicator_in_title(self, text: str) -> Indicator | None:
        """The wide shape's indicator: a line that is a code or a name, else the longest catalogue name a title
        line contains ("Vốn FDI đăng ký cấp mới phân theo địa phương")."""
        lines = [clean_line(x) for x in text.split("\n") if clean_line(x)]
        for line in lines:
            if found := self.indicator(line):
                return found
        folded = [fold(x) for x in lines]
        best: tuple[int, Indicator] | None = None
        for name, ind in self.indicator_names.items():
            if (
                len(name) >= 8
                and any(name in line for line in folded)
                and (best is None or len(name) > best[0])
            ):
                best = (len(name), ind)
        return best[1] if best else None

    def country(self, text: str) -> Country | None:
        iso = text.upper() if text.upper() in self.countries else self.country_names.get(fold(text), "")
        return self.countries.get(iso)

    def locality(self, raw: object, period: Period) -> tuple[Province, FormerProvince | None] | None:
        """A province as written for the period: a code means the unit of the period's era (49 in 2023 is
        Quảng Nam; 24 in 2026 is Bắc Ninh), a name is resolved by the directory (aliases, no diacritics, former
        names before 01/07/2025)."""
        before = period.end < rules.MERGER_DATE
        text = cell_text(raw)
        code = text.zfill(2) if text.isdigit() and len(text) <= 2 else ""
        key = (code or fold(text), before)
        if key not in self._localities:
            found: tuple[Province, FormerProvince | None] | None = None
            if code:
                if before and code in self.former_by_code:
                    former = self.former_by_code[code]
                    found = (self.provinces_by_id[former.successor_id], former)
                elif code in self.current_by_code:
                    found = (self.current_by_code[code], None)
            else:
                loc = directory_services.province_resolve(text, as_of=period.end)
                if loc is not None:
                    found = (loc.province, loc.former)
            self._localities[key] = found
        return self._localities[key]

    def refusal(
        self, indicator: Indicator, province: Province, former: FormerProvince | None, period: Period
    ) -> str | None:
        """`rules.entry_refusal`, once per indicator, unit and period (a by-market file repeats them). For a
        `where_kept` indicator the province-years kept here are asked once per file (`rules.kept_here` over
        every year) instead of once per row: a national table of NGO aid took 16 s asking the aid projects
        1,197 times."""
        key = (indicator.pk, province.pk, former.pk if former else None, period)
        if key not in self._refusals:
            where_kept = indicator.computed == Indicator.Computed.WHERE_KEPT
            checked = indicator
            if where_kept:
                checked = copy.copy(indicator)
                checked.computed = Indicator.Computed.ENTERED
            refusal = rules.entry_refusal(
                indicator=checked,
                province=None if former is not None else province,
                former_province=former,
                period=period,
            )
            current_id = former.successor_id if former is not None else province.pk
            if refusal is None and where_kept and (current_id, period.year) in self._kept_years(indicator):
                refusal = _(
                    "Chỉ tiêu “%(name)s” năm %(year)s của tỉnh này được tính từ các dự án quản lý trên hệ thống, "
                    "không nhập."
                ) % {"name": indicator.name_vi, "year": period.year}
            self._refusals[key] = refusal
        return self._refusals[key]

    def _kept_years(self, indicator: Indicator) -> set[tuple[int, int]]:
        if indicator.pk not in self._kept:
            self._kept[indicator.pk] = rules.kept_here(indicator, year_from=MIN_YEAR, year_to=MAX_YEAR)
        return self._kept[indicator.pk]

    def unit(
        self, province: Province, former: FormerProvince | None
    ) -> tuple[str, int, FormerProvince | None]:
        """`rules.derive_unit` and `rules.stores_former`, once per unit as written."""
        key = (province.pk, former.pk if former else None)
        if key not in self._units:
            unit_key, province_id = rules.derive_unit(province=province, former_province=former)
            self._units[key] = (unit_key, province_id, former if rules.stores_former(former) else None)
        return self._units[key]

    def owner_org(self, province: Province) -> int | None:
        scope = self.actor.scope
        if scope.is_province and scope.org_id is not None:
            return scope.org_id
        if province.pk not in self._orgs:
            self._orgs[province.pk] = (
                Organisation.objects.filter(code=f"tinh-{province.code}", kind=Organisation.Kind.PROVINCE)
                .values_list("pk", flat=True)
                .first()
            )
        return self._orgs[province.pk]
