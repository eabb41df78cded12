"""`memorial serve --workers N`: several server processes over one store and index answer searches alike."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from indexer.cli import build_parser, main, prepare_demo
from indexer.settings import get_settings
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    home = prepare_demo(tmp_path_factory.mktemp("workers") / "home").home
    port = free_port()
    env = os.environ | {"MEMORIAL_HOME": str(home), "MEMORIAL_ENGINE": "embedded"}
    env.pop("MEMORIAL_DATABASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "indexer.cli", "serve", "--port", str(port), "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None:
                pytest.fail(f"server exited: {server.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            time.sleep(0.2)
        else:
            pytest.fail("the server with two workers did not become ready in 60 s")
        yield base, server
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _worker_pids(server: subprocess.Popen[bytes]) -> set[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    return {int(pid) for pid in children.read_text().split()}


def test_two_worker_processes_serve(two_workers: tuple[str, subprocess.Popen[bytes]]) -> None:
    _, server = two_workers
    # uvicorn's parent process supervises; each worker is a child of it (its own interpreter and engine).
    assert len(_worker_pids(server)) >= 2


def test_every_worker_finds_the_same_records(two_workers: tuple[str, subprocess.Popen[bytes]]) -> None:
    base, _ = two_workers
    answers = set()
    for _ in range(12):  # a new connection each time: the kernel spreads them over the workers
        with httpx.Client(base_url=base, timeout=10) as client:
            body = client.get("/api/search", params={"q": "Pogoschew", "facets": "false"}).json()
        answers.add(tuple((hit["id"], hit["surname"]) for hit in body["hits"]))
    assert len(answers) == 1
    (hits,) = answers
    assert hits[0][1] == "Погожев"


def test_workers_must_be_at_least_one() -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--workers", "0"])


def test_several_workers_need_the_embedded_engine(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MEMORIAL_HOME", str(tmp_path))
    monkeypatch.setenv("MEMORIAL_ENGINE", "meilisearch")
    get_settings.cache_clear()
    try:
        assert main(["serve", "--workers", "2"]) == 2
        assert "for the embedded engine" in capsys.readouterr().err
    finally:
        get_settings.cache_clear()
