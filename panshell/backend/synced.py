"""The part of a configuration that HA synchronizes (all but the schema's `sync=local` parts:
deviceconfig system, setting, high availability), canonically serialized: two configurations
sync the same when these are equal. Below the commit job, which may be handed a new running
config's view made elsewhere (backend/offload.py's worker), and the HA package, which compares them."""
from __future__ import annotations

from copy import deepcopy

from lxml import etree

from . import schema
from .config import PanConfig
from .derived import derived
from .device import Device


def synced_view(config: PanConfig) -> bytes:
    """The part of a configuration that HA synchronizes, canonically serialized (read in place:
    `show high-availability` and every commit compare two of these)."""
    local = schema.index().local
    parents = {path[:-1] for path in local}
    parts = [e for e in config.root if e.tag != "devices"]
    for element in config.device:
        if (element.tag,) in parents:
            parts += [e for e in element if (element.tag, e.tag) not in local]
        elif (element.tag,) not in local:
            parts.append(element)
    # each part canonicalized as the root of its own copy: lxml canonicalizes a subelement in place
    # by pointing its children at a stand-in parent meanwhile, which crashes another thread
    # reading, copying or serializing the same tree (a served lab reads running configs in several)
    return b"".join(etree.tostring(deepcopy(e), method="c14n") for e in parts)


@derived(lambda device: device.running)
def running_synced_view(device: Device) -> bytes:
    return synced_view(device.running)
