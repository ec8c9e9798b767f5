"""A device configuration: PAN-OS's own XML tree, parsed safely."""
from __future__ import annotations

from copy import deepcopy

from lxml import etree

DEVICE_ENTRY = "devices/entry[@name='localhost.localdomain']"
MAX_CONFIG_BYTES = 64 * 1024 * 1024


class ConfigError(Exception):
    """A configuration file that cannot be used."""


_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    remove_blank_text=True,
)


class PanConfig:
    """The <config> tree, with paths relative to the device entry."""

    def __init__(self, root: etree._Element):
        if root.tag != "config" or root.find(DEVICE_ENTRY) is None:
            raise ConfigError("not a PAN-OS configuration: no <config><devices><entry name='localhost.localdomain'>")
        self.root = root

    @classmethod
    def from_bytes(cls, data: bytes) -> PanConfig:
        if len(data) > MAX_CONFIG_BYTES:
            raise ConfigError(f"configuration is larger than {MAX_CONFIG_BYTES} bytes")
        try:
            root = etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise ConfigError(f"malformed XML: {exc}") from None
        if any(isinstance(n, etree._Entity) for n in root.iter()):
            raise ConfigError("entity references are not allowed")
        # an XML API reply (<response><result><config>...) holds the config inside
        if root.tag == "response" and root.find("result/config") is not None:
            root = root.find("result/config")
        for comment in root.xpath("//comment()"):
            comment.getparent().remove(comment)
        return cls(root)

    def copy(self) -> PanConfig:
        return PanConfig(deepcopy(self.root))

    def to_bytes(self) -> bytes:
        return etree.tostring(self.root, pretty_print=True, xml_declaration=True, encoding="utf-8")

    @property
    def device(self) -> etree._Element:
        return self.root.find(DEVICE_ENTRY)

    def find(self, path: str) -> etree._Element | None:
        return self.device.find(path)

    def findall(self, path: str) -> list[etree._Element]:
        return self.device.findall(path)

    def text(self, path: str, default: str | None = None) -> str | None:
        node = self.find(path)
        return node.text if node is not None and node.text is not None else default

    def entries(self, path: str) -> list[etree._Element]:
        """The <entry> children of a list node."""
        return self.device.findall(f"{path}/entry")
