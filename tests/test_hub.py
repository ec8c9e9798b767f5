"""The holder's session list, changed from the event loop and from worker threads at once."""
import asyncio
import threading
import time

from panshell.backend.clock import Clock
from panshell.backend.lab import Lab
from panshell.hub import Hub


class SlowMembership(list):
    """A session list whose membership test lets the other thread run before it answers (the
    window a check-then-remove leaves open)."""

    def __contains__(self, item) -> bool:
        found = super().__contains__(item)
        time.sleep(0.05)
        return found


def test_a_session_ended_by_a_power_fault_as_its_client_leaves_is_removed_and_ended_once():
    lab = Lab.ephemeral(Clock())
    lab.devices["fw2"].powered = False
    ended, errors = [], []

    async def race():
        hub = Hub(SlowMembership())
        live = hub.add(lab.devices["fw2"], "admin", "ssh", ended.append)

        def worker():  # a power fault's end_dark, in a lab worker
            try:
                hub.end_dark()
            except Exception as exc:  # the race's outcome is the test's result
                errors.append(exc)

        thread = threading.Thread(target=worker)
        thread.start()
        try:
            hub.remove(live)  # the client left, on the loop
        except Exception as exc:
            errors.append(exc)
        thread.join(5)
        await asyncio.sleep(0)  # what the worker's end put on the loop runs
        return hub

    hub = asyncio.run(race())
    assert errors == [] and hub.sessions == []
    assert len(ended) <= 1  # ended by the fault only if the fault removed it
