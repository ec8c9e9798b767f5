"""Reading a configuration: `value` (compiled XPath, for settings) reads what `find`/`text` read, and
the device entry every read starts from is found again when an edit replaced it."""
from copy import deepcopy
from itertools import takewhile


def test_value_reads_the_text_of_the_first_match_as_text_does(lab):
    for device in lab.devices.values():
        config, entry = device.running, device.running.device
        for element in entry.iterdescendants("*"):
            above = takewhile(lambda e: e is not entry, element.iterancestors())
            path = "/".join([e.tag for e in above][::-1] + [element.tag])
            assert config.value(path, "absent") == config.text(path, "absent"), path
        assert config.value("deviceconfig/no-such-setting", "absent") == "absent"


def test_a_replaced_device_entry_is_read(lab):
    config = lab.devices["fw1"].running.copy()
    assert config.value("deviceconfig/system/hostname") == "fw1"
    entry = config.device
    replacement = deepcopy(entry)
    replacement.find("deviceconfig/system/hostname").text = "renamed"
    entry.getparent().replace(entry, replacement)
    assert config.value("deviceconfig/system/hostname") == config.text("deviceconfig/system/hostname") == "renamed"
