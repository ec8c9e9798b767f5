"""Layer-2 displays: LACP, LLDP and the MAC table. The LACP and MAC layouts are ntc-templates'
fixtures of real output; `show lldp neighbors all` with no neighbour has no public sample (inferred)."""
from ..backend.iftraffic import MAC_TIMEOUT, MacEntry
from ..backend.interfaces import LacpGroup
from . import display

RULE = "-" * 80
MAC_MAXIMUM = 1500  # the size the fixture shows (its model is not named)


def _lacp_group(group: LacpGroup) -> list[str]:
    bundled = [m for m in group.members if m.bundled]
    mode, rate = group.mode.capitalize(), group.rate.capitalize()
    partner = (group.priority, group.partner_mac, group.partner_key) if bundled else (0, "00:00:00:00:00:00", 0)
    lines = ["*" * 82, f"AE group: {group.name}", f"{'Members:':<24}Bndl Rx state       Mux state  Sel state"]
    lines += [f"  {m.name:<22}{'yes' if m.bundled else 'no':<5}{m.rx_state:<15}"
              f"{'Tx_Rx' if m.bundled else 'Detached':<11}{'Selected' if m.bundled else 'Unselected'}"
              for m in group.members]
    lines += [f"{'Status:':<18}Enabled", f"{'Mode:':<18}{mode}", f"{'Rate:':<18}{rate}",
              f"{'Max-port:':<18}{group.max_ports}",
              f"{'Fast-failover:':<18}{'Enabled' if group.fast_failover else 'Disabled'}",
              f"{'Pre-negotiation:':<18}{'Enabled' if group.pre_negotiation else 'Disabled'}"]
    for side, (priority, mac, key) in (("Local:", (group.priority, group.mac, group.key)), ("Partner:", partner)):
        lines += [f"{side:<18}System Priority: {priority}", f"{'':<18}System MAC:      {mac}",
                  f"{'':<18}Key:             {key}"]
    lines += ["Port State", RULE, "Interface                       Port",
              "                    Number Priority  Mode    Rate  Key      State", RULE]
    for m in group.members:
        state = f"0x{group.state if m.bundled else group.state & 0x07:02X}"
        lines.append(f"{m.name:<21}{m.port:<7}{m.priority:<9}{mode:<8}{rate:<6}{group.key:<9}{state}")
        if m.bundled:
            lines.append(f"{'Partner':<21}{m.partner_port:<7}{group.priority:<9}{mode:<8}{rate:<6}"
                         f"{group.partner_key:<9}0x{group.state:02X}")
        lines.append("")
    lines += ["Port Counters", RULE,
              "Interface               LACPDUs         Marker      Marker Response       Error",
              "                    Sent     Recv     Sent Recv     Sent     Recv     Unknown  Illegal", RULE]
    for m in group.members:
        count = group.lacpdus if m.bundled else 0
        lines.append(f"{m.name:<21}{count:<9}{count:<9}{0:<5}{0:<9}{0:<9}{0:<9}{0:<9}0")
    return lines


def lacp_all(groups: list[LacpGroup]) -> str:
    """`show lacp aggregate-ethernet all`: a block per group that runs LACP, a blank line between.
    A member that is not bundled (port down, or a passive HA peer without pre-negotiation) shows
    the standard's unselected states (inferred: the fixtures bundle every member)."""
    lines = ["LACP:", ""]
    for group in groups:
        lines += _lacp_group(group) + [""]
    return display("\n".join(lines))


def lldp_neighbors() -> str:
    """`show lldp neighbors all` with no neighbour: the lab's LLDP-capable ports all face devices
    outside the lab (HA ports run no LLDP), so there is never one."""
    return "\n"


def mac_all(entries: list[MacEntry]) -> str:
    lines = [
        f"{'maximum of entries supported :':<36}{MAC_MAXIMUM}",
        f"{'default timeout :':<36}{MAC_TIMEOUT} seconds",
        f"{'total MAC entries in table :':<36}{len(entries)}",
        f"{'total MAC entries shown :':<36}{len(entries)}",
        "status: s - static, c - complete, i - incomplete",
        "",
        "vlan                hw address        interface         status   ttl",
        RULE,
        *(f"{e.vlan:<20}{e.mac:<18}{e.interface:<20}{e.status:<7}{e.ttl}" for e in entries),
    ]
    return display("\n".join(lines))
