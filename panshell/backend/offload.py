"""A commit's validation in another process while a lab is served.

Validating a big configuration is the longest thing a commit does (about a second for 10,000
addresses and 2,000 rules). With the lab's guard released (backend/guard.py) other sessions may
run meanwhile, but in one process they would still share the interpreter lock with the
validation; a lab served by `panshell serve` therefore validates in a worker process,
on another core, from the configuration's bytes. The worker also makes a valid config's synced
view (backend/synced.py) and the runtime tables the device builds from it (backend/runtime.py):
the other long steps of a commit, which here would hold the interpreter lock. Without a pool (a
pipe, a transcript, the tests) validation runs here; so it does if the worker fails.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from .config import PanConfig
from .runtime import Facts, State, build_from
from .synced import synced_view
from .validate import validate

_pool: ProcessPoolExecutor | None = None
EMPTY = b"<config><devices><entry name='localhost.localdomain'/></devices></config>"  # warms the worker up


def start() -> None:
    """Start the worker (ready once this returns); call before any thread is started."""
    global _pool
    if _pool is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["panshell.backend.offload"])
        _pool = ProcessPoolExecutor(1, mp_context=context, initializer=_end_with, initargs=(os.getpid(),))
        try:
            _pool.submit(_check_bytes, EMPTY, None).result()
        except (BrokenProcessPool, OSError):
            stop()  # no worker: validations run here


def stop() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(cancel_futures=True)
        _pool = None


def checked(config: PanConfig, data: bytes, device: Facts | None) -> tuple[list[str], bytes | None, State | None]:
    """validate(config), where data is config.to_bytes(), in the worker when there is one; and from
    the worker, when config is valid, its synced view and the runtime tables the device (its facts;
    None: no tables) builds from it, made there off this process's interpreter lock (None when
    validated here: made here when first asked)."""
    if _pool is not None:
        try:
            return _pool.submit(_check_bytes, data, device).result()
        except (BrokenProcessPool, OSError):
            pass
    return validate(config), None, None


def _end_with(holder: int) -> None:
    """In the worker: exit once the process that started it is gone (killed, crashed), not live
    on holding that process's stdout and stderr open (the forkserver and resource tracker then
    end too). It runs at a lower priority: a commit waits for the cores, interactive commands do not."""
    os.nice(10)

    def watch() -> None:
        while True:
            time.sleep(1)
            try:
                os.kill(holder, 0)
            except ProcessLookupError:
                os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _check_bytes(data: bytes, device: Facts | None) -> tuple[list[str], bytes | None, State | None]:
    config = PanConfig.from_bytes(data)
    errors = validate(config)
    if errors:
        return errors, None, None
    return errors, synced_view(config), None if device is None else build_from(config, device)
