"""API latency under load: concurrent POST /plans, and report and ranking pages, while GET
/health is polled.

Run: .venv/bin/python -m bench.api [--plans 20] [--pages 0] [--example growing-power-capped.json]
Issue 10's yardstick: .venv/bin/python -m bench.api --plans 2 --pages 10

Starts the service (uvicorn, a fresh SQLite file) on a free loopback port, solves one plan for
the report pages, then sends the plans and pages at once, polls /health every 50 ms until they
are all answered, and prints the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from service.app import create_app
from service.config import Settings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


RANKING_PAGE = "/rankings.html?model=deepseek-r1-0528&isl=8192&osl=1024&interactivity=150"


async def _run(base: str, body: bytes, plans: int, pages: int) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=600) as client:
        health: list[float] = []
        done = asyncio.Event()
        headers = {"content-type": "application/json", "Prefer": "wait=300"}
        first = (await client.post("/plans", content=body, headers=headers)).json()["id"]
        page_paths = [
            f"/plans/{first}/report.html" if i % 2 == 0 else RANKING_PAGE for i in range(pages)
        ]

        async def page(path: str) -> float:
            began = time.perf_counter()
            (await client.get(path)).raise_for_status()
            return time.perf_counter() - began

        async def poll() -> None:
            while not done.is_set():
                began = time.perf_counter()
                response = await client.get("/health")
                response.raise_for_status()
                health.append(time.perf_counter() - began)
                await asyncio.sleep(0.05)

        async def post() -> tuple[int, float, str]:
            began = time.perf_counter()
            response = await client.post("/plans", content=body, headers=headers)
            status = response.json().get("status", "?")
            return response.status_code, time.perf_counter() - began, status

        poller = asyncio.create_task(poll())
        began = time.perf_counter()
        rendered = asyncio.gather(*(page(path) for path in page_paths))
        results = await asyncio.gather(*(post() for _ in range(plans)))
        page_seconds = await rendered
        wall = time.perf_counter() - began
        done.set()
        await poller
    codes = [r[0] for r in results]
    seconds = sorted(r[1] for r in results)
    print(
        f"{plans} concurrent POST /plans: {codes.count(201)} x 201, "
        f"statuses {sorted(set(r[2] for r in results))}, wall {wall:.2f} s, "
        f"per plan median {statistics.median(seconds):.2f} s, max {seconds[-1]:.2f} s"
    )
    if page_seconds:
        print(
            f"{len(page_seconds)} pages (report.html, rankings.html): max {max(page_seconds):.2f} s"
        )
    ms = sorted(h * 1000 for h in health)
    p95 = ms[int(0.95 * (len(ms) - 1))]
    p99 = ms[int(0.99 * (len(ms) - 1))]
    print(
        f"GET /health meanwhile: {len(ms)} requests, median {statistics.median(ms):.1f} ms, "
        f"p95 {p95:.1f} ms, p99 {p99:.1f} ms, max {ms[-1]:.1f} ms, "
        f"over 100 ms: {sum(m > 100 for m in ms)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=20)
    parser.add_argument("--pages", type=int, default=0)
    parser.add_argument("--example", default="growing-power-capped.json")
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    body = (EXAMPLES / args.example).read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db_path=str(Path(tmp) / "bench.db"), per_client=max(8, args.plans))
        app = create_app(settings)
        port = _free_port()
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        try:
            print(f"example {args.example}, {app.state.settings.solver_slots} solver slot(s)")
            asyncio.run(_run(f"http://127.0.0.1:{port}", body, args.plans, args.pages))
        finally:
            server.should_exit = True
            thread.join(timeout=30)


if __name__ == "__main__":
    main()
