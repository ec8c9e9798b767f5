"""The C heap of a served lab, tuned for steady latency (glibc only; elsewhere nothing changes).

glibc's defaults trade pauses for throughput in ways a server of many sessions feels. Freeing a
configuration tree (a 10,000-object config is hundreds of thousands of libxml2 allocations)
fills glibc's fast bins, and the next allocation of a kilobyte or more anywhere stops to merge
them all: 12-15 ms measured, often inside a command that holds the lab (a file buffer in the save
after a commit). Freed memory going back to the system, and each thread allocating from an arena
of its own, make the next copy of a config fault its pages in afresh: 30-45 ms of system time
measured for one copy that otherwise takes 6 ms. So a served lab runs with no fast bins, one
arena, and the memory it has kept.

Python's cyclic collector is told the same way to leave alone what the lab loaded at start.
"""
from __future__ import annotations

import ctypes
import gc

M_MXFAST, M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, M_ARENA_MAX = 1, -1, -3, -8  # glibc's malloc.h

SETTINGS = (
    (M_MXFAST, 0),  # no fast bins: a free merges its chunk at once, no pause later
    (M_ARENA_MAX, 1),  # the worker threads share one (warm) arena; the interpreter lock serialises them anyway
    (M_TRIM_THRESHOLD, 1 << 30),  # freed memory is kept for the next config, not returned and faulted back
    (M_MMAP_THRESHOLD, 32 << 20),  # a config's bytes (megabytes) come from that kept memory too (glibc's maximum)
)


def tune_for_latency() -> bool:
    """Apply SETTINGS to this process's malloc; False where there is no glibc mallopt."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return all(mallopt(option, value) == 1 for option, value in SETTINGS)


def freeze_loaded() -> None:
    """Keep what is loaded now (modules, grammars, the lab's trees and tables) out of the cyclic
    collector's full passes, which scan every object kept: with it in, each took 25-60 ms
    holding the interpreter lock on the 10k lab, two or three per commit; without, 2-13 ms
    (measured in process). What is frozen is still freed by reference counting when let go."""
    gc.collect()  # garbage made while loading is not kept for ever
    gc.freeze()
