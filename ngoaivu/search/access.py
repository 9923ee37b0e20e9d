"""The reader tokens a user holds (`core.search_spec`): matched against each entry's tokens inside the index
scan, so a search reads only entries the user may open instead of checking each kind's `visible_to` on
candidates afterwards."""

from __future__ import annotations

from ngoaivu.core import search_spec as tokens
from ngoaivu.core.actors import KIND_MISSION, KIND_MOFA, KIND_MOFA_UNIT, KIND_PROVINCE, Actor, Scope
from ngoaivu.directory.coverage import covered_country_ids


def reader_tokens(user: Actor) -> list[str] | None:
    """None: every entry (a site administrator, as `visible_to` gives them everything); [] nothing."""
    scope: Scope | None = getattr(user, "scope", None)
    if scope is None or not scope.active:
        return []
    if scope.is_site_admin:
        return None
    held = [tokens.EVERYONE]
    if scope.org_id is None:
        return held
    held += [tokens.ANY_ORGANISATION, *tokens.organisation(scope.org_id)]
    if scope.org_kind == KIND_MOFA:
        held += [tokens.NATIONAL, *tokens.national_organisation(scope.org_id)]
    elif scope.org_kind == KIND_PROVINCE:
        held += [
            tokens.PROVINCES,
            *tokens.province_organisation(scope.org_id),
            *tokens.province_code(scope.province_code),
        ]
    elif scope.org_kind == KIND_MISSION:
        held += [tokens.MISSIONS, *tokens.mission_organisation(scope.org_id)]
        held += [t for country_id in covered_country_ids(scope) for t in tokens.covering_missions(country_id)]
    elif scope.org_kind == KIND_MOFA_UNIT:
        held += [
            tokens.MINISTRY_UNITS,
            *tokens.unit_organisation(scope.org_id),
            *tokens.unit_code(scope.org_code),
        ]
    return held
