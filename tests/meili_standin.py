"""Checking the Meilisearch adapter without a Meilisearch server.

- ``ApiDescription`` validates an HTTP request (method, path, query, JSON body) against Meilisearch's own
  OpenAPI document, vendored in ``tests/meilisearch/`` and patched at load time for the defects listed in
  ``tests/meilisearch/SOURCE.md``: without the patches a misspelt setting passes unnoticed.
- ``StandIn`` is a small HTTP server on 127.0.0.1 that records every request the real ``meilisearch``
  client sends and answers with the shapes the API document describes (tasks that succeed, the documents it
  was sent, empty searches or canned hits). It checks requests; it does not search and is not Meilisearch.
"""

from __future__ import annotations

import copy
import itertools
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

HERE = Path(__file__).resolve().parent / "meilisearch"
OPENAPI_FILE = HERE / "meilisearch-openapi-v1.53.0.json"
ERROR_CODES_FILE = HERE / "error-codes.json"
DOC_URI = "urn:meilisearch-openapi"
SAME_INSTANCE = ("allOf", "oneOf", "anyOf")


# -- the API description, patched ----------------------------------------------------------------------
def _same_instance_refs(schema: Any) -> Iterator[str]:
    """Names of schemas that apply to the same value as ``schema`` (through $ref and allOf/oneOf/anyOf)."""
    if not isinstance(schema, dict):
        return
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        yield ref.rsplit("/", 1)[1]
    for keyword in SAME_INSTANCE:
        for branch in schema.get(keyword, []):
            yield from _same_instance_refs(branch)


def _composed_names(schemas: dict[str, Any]) -> set[str]:
    """Schemas used as a part of an allOf: closing them would reject the other parts' properties."""
    found: set[str] = set()

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            for branch in node.get("allOf", []):
                found.update(_same_instance_refs(branch))
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(schemas)
    while True:  # a composed schema's own same-instance parts are composed too
        more = {n for name in found for n in _same_instance_refs(schemas.get(name))} - found
        if not more:
            return found
        found |= more


def _close_objects(schema: Any, composed: bool) -> None:
    """Add ``additionalProperties: false`` to object schemas that list their properties: the server rejects
    unknown fields (``Unknown field `minWordSizeForTypo```), the document does not say so."""
    if not isinstance(schema, dict):
        return
    for keyword in SAME_INSTANCE:
        for branch in schema.get(keyword, []):
            _close_objects(branch, composed or keyword == "allOf")
    if "properties" in schema and "additionalProperties" not in schema and not composed:
        schema["additionalProperties"] = False
    for sub in (schema.get("properties") or {}).values():
        _close_objects(sub, False)
    for keyword in ("items", "additionalProperties", "not"):
        _close_objects(schema.get(keyword), False)


def patch_openapi(document: dict[str, Any]) -> dict[str, Any]:
    """The three patches of SOURCE.md, applied to a copy."""
    doc = copy.deepcopy(document)
    schemas = doc["components"]["schemas"]
    # 1. AttributePatterns is a plain array of strings on the wire: "facets": ["camp"].
    schemas["AttributePatterns"] = {"type": "array", "items": {"type": "string"}}
    # 2. Unknown fields are errors.
    composed = _composed_names(schemas)
    for name, schema in schemas.items():
        _close_objects(schema, name in composed)
    for operations in doc["paths"].values():
        for operation in operations.values():
            body = (operation.get("requestBody") or {}).get("content", {}).get("application/json", {})
            _close_objects(body.get("schema"), False)
    # 3. The documents body: an array of documents, each an object (or one object).
    documents = {"oneOf": [{"type": "array", "items": {"type": "object"}}, {"type": "object"}]}
    for method in ("post", "put"):
        operation = doc["paths"]["/indexes/{index_uid}/documents"][method]
        operation["requestBody"]["content"]["application/json"]["schema"] = documents
    return doc


@lru_cache(maxsize=2)
def load_openapi(patched: bool = True) -> dict[str, Any]:
    document = json.loads(OPENAPI_FILE.read_text())
    return patch_openapi(document) if patched else document


@lru_cache(maxsize=1)
def error_statuses() -> dict[str, int]:
    """Meilisearch's error codes and the HTTP status each answers with."""
    return {e["code"]: int(e["http_status"]) for e in json.loads(ERROR_CODES_FILE.read_text())["errors"]}


def _coerce(value: str, schema: dict[str, Any]) -> Any:
    """A query-string value as the type its parameter declares."""
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    try:
        if "array" in kinds:
            return [v for v in value.split(",") if v != ""]
        if "integer" in kinds:
            return int(value)
        if "number" in kinds:
            return float(value)
        if "boolean" in kinds:
            return {"true": True, "false": False}.get(value, value)
    except ValueError:
        return value
    return value


class ApiDescription:
    """Validates requests against the (patched) API document."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.registry: Registry = Registry().with_resource(
            DOC_URI, Resource.from_contents(document, default_specification=DRAFT202012)
        )
        self.routes = []
        for template, operations in document["paths"].items():
            pattern = re.sub(r"\\{[^}]+\\}", "([^/]+)", re.escape(template))
            names = re.findall(r"{([^}]+)}", template)
            self.routes.append((len(names), re.compile(f"^{pattern}$"), names, operations))
        self.routes.sort(key=lambda r: r[0])  # /documents/delete before /documents/{document_id}

    def errors_of(self, schema: dict[str, Any], instance: Any, where: str) -> list[str]:
        validator = Draft202012Validator(self._rebase(schema), registry=self.registry)
        return [f"{where}: {e.message} (at {list(e.absolute_path)})" for e in validator.iter_errors(instance)]

    @staticmethod
    def _rebase(schema: Any) -> Any:
        """Local refs (#/components/...) point into the API document."""
        if isinstance(schema, dict):
            out = {k: ApiDescription._rebase(v) for k, v in schema.items()}
            if isinstance(out.get("$ref"), str) and out["$ref"].startswith("#"):
                out["$ref"] = DOC_URI + out["$ref"]
            return out
        if isinstance(schema, list):
            return [ApiDescription._rebase(v) for v in schema]
        return schema

    def operation(self, method: str, path: str) -> tuple[dict[str, Any], dict[str, str]] | None:
        for _, pattern, names, operations in self.routes:
            match = pattern.match(path)
            if match and method.lower() in operations:
                return operations[method.lower()], dict(zip(names, map(unquote, match.groups()), strict=True))
        return None

    def request_problems(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> list[str]:
        """Everything wrong with a request; [] when the API document accepts it."""
        where = f"{method} {path}"
        found = self.operation(method, path)
        if found is None:
            return [f"{where}: no such operation in the API document"]
        operation, path_values = found
        problems: list[str] = []
        declared = {(p["in"], p["name"]): p for p in operation.get("parameters", [])}
        for name, value in path_values.items():
            schema = declared[("path", name)].get("schema", {})
            problems += self.errors_of(schema, _coerce(value, schema), f"{where} path {name}")
        for name, values in query.items():
            parameter = declared.get(("query", name))
            if parameter is None:
                problems.append(f"{where}: unknown query parameter {name!r}")
                continue
            schema = parameter.get("schema", {})
            problems += self.errors_of(schema, _coerce(values[-1], schema), f"{where} ?{name}")
        request_body = operation.get("requestBody")
        if body is None:
            if request_body and request_body.get("required"):
                problems.append(f"{where}: a body is required")
        elif request_body is None:
            problems.append(f"{where}: this operation takes no body")
        else:
            schema = request_body["content"]["application/json"].get("schema", {})
            problems += self.errors_of(schema, body, f"{where} body")
        return problems

    def response_problems(self, method: str, path: str, status: int, body: Any) -> list[str]:
        found = self.operation(method, path)
        if found is None:
            return [f"{method} {path}: no such operation"]
        response = found[0].get("responses", {}).get(str(status))
        if response is None:
            return [f"{method} {path}: status {status} is not documented"]
        schema = (response.get("content") or {}).get("application/json", {}).get("schema")
        return self.errors_of(schema, body, f"{method} {path} -> {status}") if schema else []


@lru_cache(maxsize=2)
def api_description(patched: bool = True) -> ApiDescription:
    return ApiDescription(load_openapi(patched))


# -- the stand-in server --------------------------------------------------------------------------------
@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any  # parsed JSON, or None
    status: int = 0
    response: Any = None

    @property
    def key(self) -> str:
        return self.headers.get("authorization", "").removeprefix("Bearer ")


def now() -> str:
    """Timestamps as Meilisearch writes them, with fractional seconds (the client parses them so)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


TASK_KINDS = [  # (method, path pattern, task type)
    ("POST", r"^/indexes$", "indexCreation"),
    ("DELETE", r"^/indexes/[^/]+$", "indexDeletion"),
    ("PATCH", r"^/indexes/[^/]+/settings$", "settingsUpdate"),
    ("POST", r"^/indexes/[^/]+/documents$", "documentAdditionOrUpdate"),
    ("PUT", r"^/indexes/[^/]+/documents$", "documentAdditionOrUpdate"),
    ("POST", r"^/indexes/[^/]+/documents/delete(-batch)?$", "documentDeletion"),
    ("POST", r"^/swap-indexes$", "indexSwap"),
]


@dataclass
class StandInState:
    """What the stand-in remembers to answer reads: indexes created, documents sent, tasks enqueued."""

    indexes: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    tasks: dict[int, dict[str, Any]] = field(default_factory=dict)
    task_ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    hits: list[dict[str, Any]] = field(default_factory=list)  # canned search hits
    fail_tasks: dict[str, str] = field(default_factory=dict)  # task type -> error code
    refuse_with: str | None = None  # an error code every request is answered with


class StandIn:
    """Records requests on 127.0.0.1; ``available=False`` drops connections, ``delay`` answers late."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.state = StandInState()
        self.available = True
        self.delay = 0.0
        self._released = threading.Event()
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True)

    def __enter__(self) -> StandIn:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._released.set()  # wake handlers sleeping on ``delay``
        self.server.shutdown()
        self.server.server_close()

    def sent(self, method: str, pattern: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and re.search(pattern, r.path)]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: Any) -> None:
                pass

            def _serve(self) -> None:
                if not standin.available:  # as a server that went away: the connection drops
                    self.close_connection = True
                    self.connection.close()
                    return
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw.strip() and raw.strip() != b"null" else None
                parts = urlsplit(self.path)
                record = Recorded(
                    self.command,
                    parts.path,
                    parse_qs(parts.query),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                if standin.delay and standin._released.wait(standin.delay):
                    return
                with standin._lock:
                    standin.requests.append(record)
                    record.status, record.response = standin.answer(record)
                payload = json.dumps(record.response).encode()
                self.send_response(record.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve  # noqa: N815

        return Handler

    # -- answers --------------------------------------------------------------------------------------
    def error(self, code: str, message: str) -> tuple[int, Any]:
        status = error_statuses()[code]
        kind = "invalid_request" if status < 500 else "internal"
        return status, {
            "message": message,
            "code": code,
            "type": kind,
            "link": f"https://docs.meilisearch.com/errors#{code}",
        }

    def enqueue(self, record: Recorded, kind: str) -> tuple[int, Any]:
        state = self.state
        uid = next(state.task_ids)
        segments = record.path.strip("/").split("/")
        index_uid = (
            (record.body or {}).get("uid")
            if kind == "indexCreation"
            else (segments[1] if segments[0] == "indexes" and len(segments) > 1 else None)
        )
        error = None
        if kind in state.fail_tasks:
            status, error = self.error(state.fail_tasks[kind], f"the stand-in was told to fail {kind}")
        else:
            self.apply(kind, index_uid, record.body)
        state.tasks[uid] = {
            "uid": uid,
            "batchUid": uid,
            "indexUid": index_uid,
            "status": "failed" if error else "succeeded",
            "type": kind,
            "canceledBy": None,
            "details": {},
            "error": error,
            "duration": "PT0.001S",
            "enqueuedAt": now(),
            "startedAt": now(),
            "finishedAt": now(),
        }
        return 202, {
            "taskUid": uid,
            "indexUid": index_uid,
            "status": "enqueued",
            "type": kind,
            "enqueuedAt": now(),
        }

    def apply(self, kind: str, index_uid: str | None, body: Any) -> None:
        indexes = self.state.indexes
        if kind == "indexCreation" and index_uid:
            indexes.setdefault(index_uid, {})
        elif kind == "indexDeletion":
            indexes.pop(index_uid or "", None)
        elif kind == "documentAdditionOrUpdate" and index_uid is not None:
            for doc in body if isinstance(body, list) else [body]:
                indexes.setdefault(index_uid, {})[str(doc["id"])] = doc
        elif kind == "indexSwap":
            for swap in body:
                a, b = swap["indexes"]
                if swap.get("rename"):
                    indexes[b] = indexes.pop(a, {})
                else:
                    indexes[a], indexes[b] = indexes.get(b, {}), indexes.get(a, {})

    def answer(self, record: Recorded) -> tuple[int, Any]:
        method, path, state = record.method, record.path, self.state
        if state.refuse_with:
            return self.error(state.refuse_with, f"the stand-in was told to refuse with {state.refuse_with}")
        for verb, pattern, kind in TASK_KINDS:
            if method == verb and re.match(pattern, path):
                return self.enqueue(record, kind)
        segments = path.strip("/").split("/")
        if method == "GET" and segments[0] == "tasks" and len(segments) == 2:
            task = state.tasks.get(int(segments[1]))
            return (200, task) if task else self.error("task_not_found", f"Task `{segments[1]}` not found.")
        if method == "GET" and path == "/health":
            return 200, {"status": "available"}
        if method == "POST" and path == "/keys":
            return 201, {
                **record.body,
                "key": f"key-{len(self.requests)}",
                "uid": "01b4bc42-eb33-4041-b481-254d00cce834",
                "createdAt": now(),
                "updatedAt": now(),
            }
        if method == "POST" and path == "/multi-search":
            return 200, self.federated(record.body)
        if segments[0] != "indexes" or len(segments) < 2:
            return self.error("bad_request", f"the stand-in does not answer {method} {path}")
        uid = unquote(segments[1])
        if uid not in state.indexes:
            return self.error("index_not_found", f"Index `{uid}` not found.")
        documents = state.indexes[uid]
        if method == "GET" and len(segments) == 2:
            return 200, {"uid": uid, "primaryKey": "id", "createdAt": now(), "updatedAt": now()}
        if method == "GET" and len(segments) == 4 and segments[2] == "documents":
            doc = documents.get(unquote(segments[3]))
            return (
                (200, doc)
                if doc
                else self.error("document_not_found", f"Document `{segments[3]}` not found.")
            )
        if method == "GET" and segments[2:] == ["stats"]:
            return 200, {
                "numberOfDocuments": len(documents),
                "indexSize": 0,
                "usedIndexSize": 0,
                "rawDocumentDbSize": 0,
                "avgDocumentSize": 0,
                "isIndexing": False,
                "fieldDistribution": {},
            }
        if method == "POST" and segments[2:] == ["search"]:
            return 200, {
                "hits": [],
                "query": record.body.get("q") or "",
                "processingTimeMs": 0,
                "limit": record.body.get("limit", 20),
                "offset": 0,
                "estimatedTotalHits": 0,
            }
        return self.error("bad_request", f"the stand-in does not answer {method} {path}")

    def federated(self, body: dict[str, Any]) -> dict[str, Any]:
        federation = body.get("federation") or {}
        hits = self.state.hits[: federation.get("limit", 20)]
        answer: dict[str, Any] = {
            "hits": hits,
            "processingTimeMs": 0,
            "limit": federation.get("limit", 20),
            "offset": federation.get("offset", 0),
            "estimatedTotalHits": len(self.state.hits),
        }
        if federation.get("facetsByIndex"):
            answer["facetsByIndex"] = {
                uid: {"distribution": {f: {} for f in facets}, "stats": {}}
                for uid, facets in federation["facetsByIndex"].items()
            }
        return answer
