"""Every OpenAPI schema name belongs to one Pydantic class, and every operation documents the bodies its handler
really validates and returns.

ninja collects each operation's schemas into `components/schemas` keyed by the class's `__name__` and silently
keeps the last one registered, so two classes named alike (the requests' and the agreements' `ActionIn` once)
leave one operation documenting the other's body, and a generated client sends the wrong fields. The checks walk
ninja's own operation table (the handlers' parameter and response models), not the document, so a collision the
document has already hidden is still seen.

No `from __future__ import annotations` here: the probe's views must be annotated with the classes themselves."""

import typing
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from ninja import NinjaAPI, Router, Schema
from ninja.openapi.schema import REF_TEMPLATE
from ninja.schema import NinjaGenerateJsonSchema
from pydantic import BaseModel

from ngoaivu.config.api import api


def _models_in(annotation: Any, found: set[type[BaseModel]]) -> None:
    """Every Pydantic model an annotation reaches (list[X], X | None, nested fields …)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in found:
            found.add(annotation)
            for field in annotation.model_fields.values():
                _models_in(field.annotation, found)
        return
    for arg in typing.get_args(annotation):
        _models_in(arg, found)


def _fields_models(wrapper: Any) -> set[type[BaseModel]]:
    """The models inside one of ninja's wrappers (a parameter model or a response model): the wrapper itself never
    reaches the document, its fields' types do."""
    found: set[type[BaseModel]] = set()
    if isinstance(wrapper, type) and issubclass(wrapper, BaseModel):
        for field in wrapper.model_fields.values():
            _models_in(field.annotation, found)
    return found


def _operations(of: NinjaAPI) -> Iterator[Any]:
    for bound in of._get_bound_routers():
        for path_view in bound.path_operations.values():
            yield from path_view.operations


def name_collisions(of: NinjaAPI) -> dict[str, list[str]]:
    """Schema names used by more than one class, with the classes' dotted paths."""
    by_name: dict[str, set[type[BaseModel]]] = defaultdict(set)
    for operation in _operations(of):
        wrappers = [*operation.models, *operation.response_models.values()]
        for wrapper in wrappers:
            for model in _fields_models(wrapper):
                by_name[model.__name__].add(model)
    return {
        name: sorted(f"{m.__module__}.{m.__qualname__}" for m in models)
        for name, models in by_name.items()
        if len(models) > 1
    }


def _own_schema(model: type[BaseModel], *, mode: Any, by_alias: bool) -> dict[str, Any]:
    """The component ninja writes for `model` (same generator, same reference template), without its $defs."""
    schema = dict(
        model.model_json_schema(
            ref_template=REF_TEMPLATE, by_alias=by_alias, schema_generator=NinjaGenerateJsonSchema, mode=mode
        )
    )
    schema.pop("$defs", None)
    return schema


def undocumented_schemas(of: NinjaAPI) -> list[str]:
    """Operations whose document shows, under a schema's name, something other than what the handler uses."""
    components = of.get_openapi_schema(path_prefix="/api/v1/")["components"]["schemas"]
    wrong = []
    for operation in _operations(of):
        checks = [
            (m, "validation", True, "body") for m in operation.models if m.__ninja_param_source__ == "body"
        ]
        checks += [
            (m, "serialization", bool(operation.by_alias), f"response {status}")
            for status, m in operation.response_models.items()
        ]
        for wrapper, mode, by_alias, where in checks:
            for model in _fields_models(wrapper):
                if _own_schema(model, mode=mode, by_alias=by_alias) != components.get(model.__name__):
                    wrong.append(f"{operation.operation_id} {where}: {model.__module__}.{model.__qualname__}")
    return sorted(wrong)


def test_every_schema_name_belongs_to_one_class():
    assert name_collisions(api) == {}, "rename the schemas to unique domain names (e.g. RequestActionIn)"


def test_every_operation_documents_the_bodies_its_handler_uses():
    assert undocumented_schemas(api) == []


def test_the_checks_see_a_collision_the_document_hides():
    """Two routers with different `ActionIn` bodies: ninja documents one of them for both; both checks say so."""

    class ActionIn(Schema):
        rating: int

    first = ActionIn

    class ActionIn(Schema):  # type: ignore[no-redef]  # the same name, another body
        decision: str

    one, two = Router(), Router()

    @one.post("/one", operation_id="one")
    def one_view(request: Any, payload: first) -> None:  # type: ignore[valid-type]
        return None

    @two.post("/two", operation_id="two")
    def two_view(request: Any, payload: ActionIn) -> None:
        return None

    probe = NinjaAPI(urls_namespace="schema-names-probe")
    probe.add_router("/", one)
    probe.add_router("/", two)
    assert list(name_collisions(probe)) == ["ActionIn"]
    assert len(undocumented_schemas(probe)) == 1
