"""The API reference as an ordinary page, read from the OpenAPI document: every path and
method with its summary, parameters, request body and responses, and every schema's fields.
It works without JavaScript, unlike the interactive docs at /api/v1/docs."""

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from parley.api.urls import api

METHODS = ["get", "post", "put", "patch", "delete"]


@dataclass
class Field:
    name: str
    where: str  # "path", "query", "body" … or "" for a schema's property
    type: str
    schema: str  # the name of the schema it refers to, if any
    required: bool
    description: str


@dataclass
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    parameters: list[Field]
    body: str  # the request body's schema, if any
    responses: list[tuple[str, str, str]]  # status, description, schema


@dataclass
class Schema:
    name: str
    description: str
    fields: list[Field] = field(default_factory=list)


def _ref(schema: dict[str, Any]) -> str:
    ref = schema.get("$ref", "")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else ""


def _type(schema: dict[str, Any]) -> tuple[str, str]:
    """A readable type ("string", "list of integer", "Author or null") and the schema named."""
    if name := _ref(schema):
        return name, name
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            parts = [_type(option) for option in schema[key]]
            return " or ".join(p[0] for p in parts), next((p[1] for p in parts if p[1]), "")
    if schema.get("type") == "array":
        inner, named = _type(schema.get("items", {}))
        return f"list of {inner}", named
    kind = str(schema.get("type", "any"))
    if "format" in schema:
        kind += f" ({schema['format']})"
    if "enum" in schema:
        kind += ": " + ", ".join(str(value) for value in schema["enum"])
    return kind, ""


def _json_schema(content: dict[str, Any] | None) -> dict[str, Any]:
    for media in (content or {}).values():
        if isinstance(media, dict) and "schema" in media:
            schema: dict[str, Any] = media["schema"]
            return schema
    return {}


def operations(document: dict[str, Any]) -> list[Operation]:
    found = []
    for path, methods in document.get("paths", {}).items():
        for method in METHODS:
            if (spec := methods.get(method)) is None:
                continue
            parameters = []
            for parameter in spec.get("parameters", []):
                kind, named = _type(parameter.get("schema", {}))
                parameters.append(
                    Field(
                        name=parameter["name"],
                        where=parameter.get("in", ""),
                        type=kind,
                        schema=named,
                        required=bool(parameter.get("required")),
                        description=parameter.get("description", ""),
                    )
                )
            body = _type(_json_schema(spec.get("requestBody", {}).get("content", {})))[0]
            responses = [
                (
                    status,
                    answer.get("description", ""),
                    _ref(_json_schema(answer.get("content", {}))),
                )
                for status, answer in spec.get("responses", {}).items()
            ]
            found.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    anchor=spec.get("operationId", f"{method}-{path}"),
                    summary=spec.get("summary", ""),
                    description=spec.get("description", ""),
                    parameters=parameters,
                    body=body if spec.get("requestBody") else "",
                    responses=responses,
                )
            )
    return found


def schemas(document: dict[str, Any]) -> list[Schema]:
    found = []
    for name, spec in sorted(document.get("components", {}).get("schemas", {}).items()):
        required = set(spec.get("required", []))
        schema = Schema(name=name, description=spec.get("description", ""))
        for property_name, property_spec in spec.get("properties", {}).items():
            kind, named = _type(property_spec)
            schema.fields.append(
                Field(
                    name=property_name,
                    where="",
                    type=kind,
                    schema=named,
                    required=property_name in required,
                    description=property_spec.get("description", ""),
                )
            )
        found.append(schema)
    return found


@require_safe
def reference(request: HttpRequest) -> HttpResponse:
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    return render(
        request,
        "parley/api_reference.html",
        {
            "info": document.get("info", {}),
            "operations": operations(document),
            "schemas": schemas(document),
        },
    )
