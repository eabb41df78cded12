"""docker-compose.yml, checked without Docker: valid against the Compose Specification schema (vendored in
tests/compose/), Meilisearch pinned to the version of the vendored API document, health checks, named
volumes, only the service published, and every secret required with no default."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
SCHEMA_FILE = Path(__file__).resolve().parent / "compose" / "compose-spec.json"
OPENAPI_FILE = Path(__file__).resolve().parent / "meilisearch" / "meilisearch-openapi-v1.53.0.json"
SECRETS = {
    "POSTGRES_PASSWORD",
    "MEILI_MASTER_KEY",
    "MEMORIAL_STAFF_TOKEN",
    "MEMORIAL_MEILI_KEY",
    "MEMORIAL_MEILI_SEARCH_KEY",
}
# ${NAME}, ${NAME:?message}, ${NAME?message}, ${NAME:-default}, ${NAME-default}
VARIABLE = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def strings(node: Any) -> list[str]:
    """Every string value of the file (compose interpolates values, not comments)."""
    if isinstance(node, dict):
        return [s for value in node.values() for s in strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in strings(value)]
    return [node] if isinstance(node, str) else []


def interpolate(node: Any, environment: dict[str, str]) -> Any:
    """Compose's interpolation of the forms used here; a required variable that is unset is an error."""

    def value(match: re.Match[str]) -> str:
        name, op, arg = match["name"], match["op"] or "", match["arg"] or ""
        present = environment.get(name)
        missing = present is None or (op.startswith(":") and present == "")
        if missing and op.endswith("?"):
            raise KeyError(f"{name}: {arg}")
        if missing:
            return arg if op.endswith("-") else ""
        return str(present)

    if isinstance(node, dict):
        return {key: interpolate(v, environment) for key, v in node.items()}
    if isinstance(node, list):
        return [interpolate(v, environment) for v in node]
    return VARIABLE.sub(value, node) if isinstance(node, str) else node


def test_valid_against_the_compose_specification(compose: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA_FILE.read_text())
    filled = interpolate(compose, {name: "x" * 32 for name in SECRETS})
    for document in (compose, filled):
        errors = [
            f"{list(e.absolute_path)}: {e.message}" for e in Draft7Validator(schema).iter_errors(document)
        ]
        assert errors == []


def test_meilisearch_is_pinned_to_the_api_document_version(compose: dict[str, Any]) -> None:
    version = json.loads(OPENAPI_FILE.read_text())["info"]["version"]
    assert version == "1.53.0"
    assert compose["services"]["meilisearch"]["image"] == f"getmeili/meilisearch:v{version}"
    for service in compose["services"].values():
        if "image" in service and "build" not in service:
            assert ":" in service["image"] and not service["image"].endswith(":latest"), service["image"]


def test_every_service_has_a_health_check(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        test = service.get("healthcheck", {}).get("test")
        assert test and test[0] in ("CMD", "CMD-SHELL"), name
    assert "/readyz" in " ".join(compose["services"]["service"]["healthcheck"]["test"])
    for name, dependency in compose["services"]["service"]["depends_on"].items():
        assert dependency == {"condition": "service_healthy"}, name


def test_data_lives_in_named_volumes(compose: dict[str, Any]) -> None:
    assert set(compose["volumes"]) == {"pg_data", "meili_data"}
    mounts = {name: service.get("volumes", []) for name, service in compose["services"].items()}
    assert mounts["postgres"] == ["pg_data:/var/lib/postgresql/data"]
    assert mounts["meilisearch"] == ["meili_data:/meili_data"]
    assert mounts["service"] == []


def test_only_the_service_is_published(compose: dict[str, Any]) -> None:
    published = {name for name, service in compose["services"].items() if service.get("ports")}
    assert published == {"service"}
    assert all("expose" not in s or s is compose["services"]["service"] for s in compose["services"].values())


def test_every_secret_is_required_and_has_no_default(compose: dict[str, Any]) -> None:
    uses = [(m["name"], m["op"]) for value in strings(compose) for m in VARIABLE.finditer(value)]
    assert {name for name, _ in uses} >= SECRETS
    for name, op in uses:
        if name in SECRETS or re.search(r"PASSWORD|KEY|TOKEN|SECRET", name):
            assert op == ":?", f"{name} must be written ${{{name}:?message}}"
    for name in SECRETS:  # leaving any one out stops compose
        environment = {n: "x" * 32 for n in SECRETS - {name}}
        with pytest.raises(KeyError, match=name):
            interpolate(compose, environment)


def test_no_secret_is_written_in_the_file(compose: dict[str, Any]) -> None:
    for service in compose["services"].values():
        for name, value in (service.get("environment") or {}).items():
            if re.search(r"PASSWORD|KEY|TOKEN|SECRET", name):
                assert VARIABLE.fullmatch(str(value)), f"{name} is written in the file"


def test_the_service_never_gets_the_master_key(compose: dict[str, Any]) -> None:
    environment = compose["services"]["service"]["environment"]
    assert "MEILI_MASTER_KEY" not in json.dumps(environment)
    assert environment["MEMORIAL_MEILI_KEY"].startswith("${MEMORIAL_MEILI_KEY:?")
    assert environment["MEMORIAL_MEILI_SEARCH_KEY"].startswith("${MEMORIAL_MEILI_SEARCH_KEY:?")
    assert environment["MEMORIAL_ENGINE"] == "meilisearch"
    assert environment["MEMORIAL_ENVIRONMENT"] == "production"


def test_the_service_is_built_from_the_dockerfile(compose: dict[str, Any]) -> None:
    build = compose["services"]["service"]["build"]
    dockerfile = (ROOT / build["context"] / build["dockerfile"]).read_text()
    assert re.search(
        r'^CMD \["memorial", "serve", "--host", "0\.0\.0\.0", "--port", "8000"\]$', dockerfile, re.M
    )
    assert re.search(r"^USER memorial$", dockerfile, re.M)  # not root
    assert compose["services"]["service"]["ports"][0].endswith(":8000")
