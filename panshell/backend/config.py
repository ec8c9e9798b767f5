"""A device configuration: PAN-OS's own XML tree, parsed safely, with its named entries indexed.

A list's `<entry name=...>` is found through an index (one dict per list parent, name -> entry,
built on a parent's first lookup), so a lookup does not scan its siblings. Whatever adds, removes
or renames an entry in a tree that may have been looked up goes through the methods below
(configtree, configapi and partial do), or calls `entries_changed()` after: the index never
answers stale. A parent whose entries share a name (an imported config may have that) is not
indexed: its lookups scan, and find the first, as an XPath would."""
from __future__ import annotations

from copy import deepcopy
from functools import lru_cache

from lxml import etree

DEVICE_NAME = "localhost.localdomain"
DEVICE_ENTRY = f"devices/entry[@name='{DEVICE_NAME}']"
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


def holds_entities(root: etree._Element) -> bool:
    """Whether a parsed document holds an entity reference or declares an entity: a declared one
    is expanded in attribute values even with resolve_entities off (and a config saved back holds
    a reference the next load cannot resolve). Every parser of outside XML refuses both."""
    dtd = root.getroottree().docinfo.internalDTD
    return (dtd is not None and next(dtd.iterentities(), None) is not None) or \
        next(root.iter(etree.Entity), None) is not None


def parse_fragment(text: str) -> etree._Element:
    """One element of a configuration, from its XML (parsed as safely as a whole one)."""
    return etree.fromstring(text, _PARSER)


class PanConfig:
    """The <config> tree, with paths relative to the device entry."""

    def __init__(self, root: etree._Element):
        if root.tag != "config" or root.find(DEVICE_ENTRY) is None:
            raise ConfigError("not a PAN-OS configuration: no <config><devices><entry name='localhost.localdomain'>")
        self.root = root
        self._device = root.find(DEVICE_ENTRY)
        # the index: list parent -> {name: entry}, or None where names are shared
        self._named: dict[etree._Element, dict[str, etree._Element] | None] = {}

    @classmethod
    def from_bytes(cls, data: bytes) -> PanConfig:
        if len(data) > MAX_CONFIG_BYTES:
            raise ConfigError(f"configuration is larger than {MAX_CONFIG_BYTES} bytes")
        try:
            root = etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise ConfigError(f"malformed XML: {exc}") from None
        if holds_entities(root):
            raise ConfigError("entity references are not allowed")
        # an XML API reply (<response><result><config>...) holds the config inside
        if root.tag == "response" and root.find("result/config") is not None:
            root = root.find("result/config")
        for comment in root.xpath("//comment()"):
            comment.getparent().remove(comment)
        return cls(root)

    def copy(self) -> PanConfig:
        return PanConfig(deepcopy(self.root))

    def to_bytes(self, indented: bool = False) -> bytes:
        """The XML document: compact for the lab's own use (commits compare, validate and store
        it; half the bytes, serialized in half the time, holding the lab), indented for a person."""
        return etree.tostring(self.root, pretty_print=indented, xml_declaration=True, encoding="utf-8")

    @property
    def device(self) -> etree._Element:
        """The device entry, found again only when an edit replaced it (every lookup starts here)."""
        entry = self._device
        parent = entry.getparent() if entry is not None else None
        if (parent is None or parent.tag != "devices" or parent.getparent() is not self.root
                or entry.get("name") != DEVICE_NAME):
            entry = self._device = self.root.find(DEVICE_ENTRY)
        return entry

    def find(self, path: str) -> etree._Element | None:
        return self.device.find(path)

    def findall(self, path: str) -> list[etree._Element]:
        return self.device.findall(path)

    def text(self, path: str, default: str | None = None) -> str | None:
        node = self.find(path)
        return node.text if node is not None and node.text is not None else default

    def value(self, path: str, default: str | None = None) -> str | None:
        """The text of a setting the config holds once at most (`deviceconfig/system/hostname`), as
        `text` gives it: read with compiled XPath, several times faster than `find` (which is lazy,
        for paths that match many)."""
        found = _xpath(path)(self.device)
        return found[0].text if found and found[0].text is not None else default

    def entries(self, path: str) -> list[etree._Element]:
        """The <entry> children of a list node."""
        return self.device.findall(f"{path}/entry")

    # -- named entries: every change to a list's entries goes through these, to keep the index right --

    def entry(self, parent: etree._Element, name: str) -> etree._Element | None:
        """The `<entry name=...>` child of parent."""
        named = self._entries_of(parent)
        if named is None:
            return next(iter(parent.xpath("entry[@name=$name]", name=name)), None)
        return named.get(name)

    def _entries_of(self, parent: etree._Element) -> dict[str, etree._Element] | None:
        try:
            return self._named[parent]
        except KeyError:
            named: dict[str, etree._Element] | None = {}
            for entry in parent.iterchildren("entry"):
                if named.setdefault(entry.get("name"), entry) is not entry:
                    named = None
                    break
            self._named[parent] = named
            return named

    def names_unique(self, parent: etree._Element) -> bool:
        """Whether parent's entries each have a name of their own (so the index answers for them)."""
        return self._entries_of(parent) is not None

    def new_entry(self, parent: etree._Element, name: str) -> etree._Element:
        """A new `<entry name=...>` at the end of parent."""
        entry = etree.SubElement(parent, "entry", name=name)
        self.placed(entry)
        return entry

    def placed(self, element: etree._Element) -> None:
        """After element was put in the tree (appended, inserted or moved there): an entry joins
        its parent's index."""
        if element.tag != "entry":
            return
        parent = element.getparent()
        named = self._named.get(parent)
        if named is not None and named.setdefault(element.get("name"), element) is not element:
            del self._named[parent]  # a name now shared: looked at again on the next lookup

    def remove(self, element: etree._Element) -> None:
        """Take element (and what it holds) out of the tree."""
        self._unlisted(element)
        element.getparent().remove(element)
        self._forget(element)

    def replace(self, old: etree._Element, new: etree._Element) -> None:
        """new stands where old stood."""
        self._unlisted(old)
        old.getparent().replace(old, new)
        self._forget(old)
        self.placed(new)

    def rename(self, entry: etree._Element, name: str) -> None:
        self._unlisted(entry)
        entry.set("name", name)
        self.placed(entry)

    def entries_changed(self) -> None:
        """After entries were changed some other way (a whole tree replaced): the index is
        built again as lookups need it."""
        self._named.clear()

    def _unlisted(self, element: etree._Element) -> None:
        """An entry about to leave its parent's list (or change its name) leaves the index."""
        if element.tag != "entry":
            return
        parent = element.getparent()
        named = self._named.get(parent, {})
        if named is not None and named.get(element.get("name")) is element:
            del named[element.get("name")]
        else:  # names shared (or a parent not indexed yet): looked at again on the next lookup
            self._named.pop(parent, None)

    def _forget(self, subtree: etree._Element) -> None:
        """The lists a removed subtree held are no longer the tree's (memory only: nothing walks to them)."""
        if self._named:
            for element in subtree.iter(tag=etree.Element):
                self._named.pop(element, None)


@lru_cache(maxsize=1024)
def _xpath(path: str) -> etree.XPath:
    return etree.XPath(path)
