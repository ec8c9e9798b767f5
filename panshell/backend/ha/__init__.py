"""High availability between the two members of the lab's pair: links, states, election, sync.

HA1 (control link, with its backup) carries hellos and configuration sync; HA2
(data link) carries runtime state (sessions, IPSec SAs, routes, ARP). Both are
cables of the pair that panshell's faults can cut (`faults.py`); a powered-off member's
links are dark from both ends.

Configuration sync follows PAN-OS's rules: Policy, Objects and Network travel
to the peer; the device's own Device-tab settings do not (`deviceconfig
system`, `deviceconfig setting` — jumbo frames among them — and `deviceconfig
high-availability`). The peer commits what it receives, with its own settings,
as an `HA-Sync` job: so a jumbo-frame MTU committed on one peer fails the
other's HA-Sync when the other is not in jumbo-frame mode.

A commit syncs to the peer when it changed the synchronized part of the
configuration; a commit of device-local settings only (jumbo frames, hostname,
HA settings) does not, so fixing one peer's local settings never pushes that
peer's older policy over the other's. Whether the pair is synchronized is
read from the two running configurations themselves.

The package, lowest first: `pair` (the members, their cables, what each rule asks of them),
`monitor` (link and path monitoring), `state_sync` (HA2), `election` (states and the
election), `config_sync` (HA1 config sync and the sync-to-remote requests), `faults`
(panshell's controls: cables, ports, path targets, power).
"""
