"""How a sensitivity run's pool (`optimizer.sensitivity_run.Pool`) hands tasks to its threads:
in the order submitted, but the steps (tasks submitted `aside`) take at most all threads but
one until the last search is submitted (`settle`), and once the chains come
(`searches_first`) a free thread takes a search before a step queued earlier. Each test
holds tasks on events, so what it shows is which task a free thread took, not how fast."""

from __future__ import annotations

import threading

from optimizer.sensitivity_run import Pool

WAIT_S = 10.0
"""How long a test waits for a task it expects to start: a deadlock's limit, not a speed's."""


def _held(name: str, started: list[str], go: threading.Event) -> str:
    """A task that records its start and holds its thread until `go`."""
    started.append(name)
    assert go.wait(WAIT_S), f"{name} was never let go"
    return name


def _quick(name: str, started: list[str]) -> str:
    started.append(name)
    return name


def _seen(started: list[str], name: str) -> bool:
    """Wait until `name` is in `started` (polled: the task records itself as it starts)."""
    never = threading.Event()
    for _ in range(int(WAIT_S / 0.01)):
        if name in started:
            return True
        never.wait(0.01)
    return False


def test_a_thread_ending_a_search_waits_for_the_next_search_not_a_step() -> None:
    """Two threads, a step holding one: a second step queued before a search does not take
    the other (FIFO, as a plain thread pool would, it held it and the search waited for the
    first step's end, 0.03 s on the seed's critical path); the search runs beside the first
    step, and once `settle` says no search is coming, the second step takes the free thread."""
    started: list[str] = []
    go = threading.Event()
    with Pool(2) as pool:
        first = pool.submit(_held, "step 1", started, go, aside=True)
        second = pool.submit(_held, "step 2", started, go, aside=True)
        search = pool.submit(_quick, "search", started)
        assert search.result(timeout=WAIT_S) == "search"  # beside step 1, still held
        assert "step 2" not in started and not first.done()
        pool.settle()
        assert _seen(started, "step 2"), started  # beside step 1, still held
        go.set()
        assert (first.result(WAIT_S), second.result(WAIT_S)) == ("step 1", "step 2")
    assert started == ["step 1", "search", "step 2"]


def test_once_the_chains_come_a_free_thread_takes_a_search_before_an_earlier_step() -> None:
    """Two threads, settled, one held by a step and one by a search: a step queued before a
    search waits for it once `searches_first` was said (in the order submitted, the step
    would have gone first, and the search, a chain the run's end waits for, after it)."""
    started: list[str] = []
    hold_step, hold_search = threading.Event(), threading.Event()
    with Pool(2) as pool:
        pool.submit(_held, "held step", started, hold_step, aside=True)
        pool.submit(_held, "held search", started, hold_search)
        assert _seen(started, "held step") and _seen(started, "held search")
        later_step = pool.submit(_quick, "step", started, aside=True)
        pool.searches_first()
        later_search = pool.submit(_quick, "search", started)
        pool.settle()
        hold_search.set()  # one thread free: two tasks queued, the step first
        assert later_search.result(WAIT_S) == "search"
        assert later_step.result(WAIT_S) == "step"
        hold_step.set()
    assert started[2:] == ["search", "step"]


def test_one_worker_runs_each_task_at_once_in_the_callers_thread() -> None:
    """With one worker, no thread: each task, step or search, runs as it is submitted."""
    started: list[str] = []
    with Pool(1) as pool:
        assert pool.submit(_quick, "step", started, aside=True).result() == "step"
        assert started == ["step"]
        pool.searches_first()
        assert pool.submit(_quick, "search", started).result() == "search"
        pool.settle()
    assert started == ["step", "search"]


def test_a_task_that_raises_raises_in_the_caller_and_the_pool_goes_on() -> None:
    """A task's error is its future's (`result()` raises it); the thread takes the next."""
    started: list[str] = []

    def fails() -> None:
        raise ValueError("no plan")

    with Pool(2) as pool:
        failed = pool.submit(fails)
        after = pool.submit(_quick, "next", started)
        try:
            failed.result(WAIT_S)
        except ValueError as error:
            assert str(error) == "no plan"
        else:
            raise AssertionError("the task's error was lost")
        assert after.result(WAIT_S) == "next"
