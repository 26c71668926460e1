"""The webhook outbox on PostgreSQL: K processes making E stored events into their deliveries to S
subscriptions at once (each as a server's dispatcher does, sending nothing), on a throwaway
PostgreSQL from the machine's binaries. Prints the wall seconds from the go to an empty outbox
(and to the last process's exit), the CPU seconds of the K processes, the events each made and
each lost (read and made, then found taken by another), and checks every event made once.

Run: .venv/bin/python -m bench.outbox [--processes 3] [--events 100] [--subscriptions 1000]
[--code DIR] (the processes run DIR's service: another checkout, to alternate with it)

Round of session 18 (svc18, review 17b F5), alternated with main at 7071552 in the same
minutes (`--code` a clone of it), 3 processes, 100 events, 1,000 subscriptions, on 2 cores
shared with other helpers' test suites (load 21-32):
- main (every process read the same oldest event, made its 1,000 deliveries, and all but one
  threw theirs away at the DELETE): 196.5 s wall to the last event (load 30.4), 12.5 CPU s,
  made 28/34/38, lost 72/66/62. The same procedure as a script before this file (wall to the
  last process's exit): 98.3 s, 11.1 CPU s (load 26.0); 125.4 s, 13.1 CPU s (load 28.5); each
  process lost about two events in three.
- svc18 (`FOR UPDATE SKIP LOCKED`, the event made in the transaction that deletes it): 111.5 s
  wall to the last event (load 31.8), 12.9 CPU s, made 34/32/34, lost none; as the script:
  60.3 s, 11.3 CPU s (load 25.5); 90.1 s, 16.3 CPU s (load 30.0); none lost.
The CPU the processes spend is about the same: the reads the losers wasted are small beside
the 1,000 single-row INSERTs each event's deliveries take (left as they are); the wall time
is what the processes no longer wait on each other for (1.4-1.8x here). 100,000 deliveries,
the outbox empty, in every run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import msgspec


def _expand(url: str, go: str) -> None:
    """One process: wait for `go`, then make events into deliveries until none is left to
    it; print what it made and lost, and its wall and CPU seconds."""
    from service.config import Settings
    from service.store_pg import PostgresStore
    from service.webhooks import Webhooks

    store = PostgresStore(url)
    hooks = Webhooks(store, Settings(database_url=url))
    hooks._stopping.set()  # deliveries made and leased to nobody: nothing is sent
    print("ready", flush=True)
    while not os.path.exists(go):
        time.sleep(0.005)
    wall, cpu = time.time(), time.process_time()
    made = lost = 0
    while (expanded := hooks._expand()) is not None:
        made += bool(expanded[1])
        lost += not expanded[1]
    done = {"made": made, "lost": lost, "wall": time.time() - wall}
    print(json.dumps(done | {"cpu": time.process_time() - cpu}), flush=True)
    store.close()


def _run(processes: int, events: int, subscriptions: int, code: str | None) -> None:
    from service.store_pg import PostgresStore
    from service.webhooks import Secret, Subscription, Webhooks, new_secret
    from tests.postgres import PostgresServer

    server = PostgresServer()
    try:
        url = server.fresh_database()
        store = PostgresStore(url)
        for n in range(subscriptions):
            subscription = Subscription(
                id=f"wh_{n:04d}",
                url="http://127.0.0.1:9/hook",
                events=("catalog.revised",),
                created_at="2026-12-01T00:00:00Z",
                secrets=(Secret(value=new_secret()),),
            )
            store.insert_document("webhooks", subscription.id, msgspec.json.encode(subscription))
        for revision in range(events):
            store.add_event(Webhooks.event("catalog.revised", {"revision": revision}))
        go = os.path.join(tempfile.mkdtemp(prefix="outbox-"), "go")
        command = [sys.executable, os.path.abspath(__file__), "--expand", url, go]
        env = {**os.environ, "PYTHONPATH": code} if code else None
        started = [
            subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
            for _ in range(processes)
        ]
        for process in started:  # each connected and waiting
            assert process.stdout is not None and process.stdout.readline() == "ready\n"
        wall = time.time()
        open(go, "w").close()
        outs = [json.loads(p.communicate()[0]) for p in started]
        wall = time.time() - wall
        os.unlink(go)
        os.rmdir(os.path.dirname(go))
        made = len(store.documents("deliveries", limit=10**8))
        left = len(store.documents("events", limit=10**8))
        store.close()
    finally:
        server.stop()
    print(
        f"processes {processes}, events {events}, subscriptions {subscriptions}, "
        f"load {os.getloadavg()[0]:.1f}: {max(o['wall'] for o in outs):.2f} s wall to the last "
        f"event made ({wall:.2f} s to the last process's exit), "
        f"{sum(o['cpu'] for o in outs):.2f} CPU s; made {[o['made'] for o in outs]}, "
        f"lost {[o['lost'] for o in outs]}; {made} deliveries ({events * subscriptions} "
        f"expected), {left} events left"
    )
    assert made == events * subscriptions and left == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--events", type=int, default=100)
    parser.add_argument("--subscriptions", type=int, default=1000)
    parser.add_argument(
        "--code", help="the checkout whose service the processes run (default: this one)"
    )
    parser.add_argument("--expand", nargs=2, metavar=("URL", "GO"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.expand:
        _expand(*args.expand)
    else:
        _run(args.processes, args.events, args.subscriptions, args.code)


if __name__ == "__main__":
    main()
