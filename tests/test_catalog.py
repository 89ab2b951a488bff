"""The carrier catalog: every file loads, every command says how sure it is and where from."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

import pytest

import auditor.catalog
from auditor.catalog import CARRIER_IDS, carriers, load_carrier, load_escalation

CATALOG = Path(auditor.catalog.__file__).parent
CONFIDENCES = {"documented", "reported", "unverified"}
PURPOSES = {"list", "cancel", "cancel-ringtone", "cancel-data", "cancel-sp"}


@pytest.mark.parametrize("carrier_id", CARRIER_IDS)
def test_every_carrier_loads_with_its_detection(carrier_id):
    carrier = load_carrier(carrier_id)
    assert carrier.name and carrier.detect_words and carrier.prefixes
    for command in carrier.sms_commands:
        assert command.confidence in CONFIDENCES
        assert command.purpose in PURPOSES
        assert command.to and command.text and command.note
    if carrier.complaint_line:
        assert carrier.complaint_confidence in CONFIDENCES


@pytest.mark.parametrize("carrier_id", CARRIER_IDS)
def test_every_command_names_its_source(carrier_id):
    lines = (CATALOG / f"{carrier_id}.toml").read_text("utf-8").splitlines()
    for number, line in enumerate(lines):
        if line.strip() == "[[sms_commands]]":
            assert lines[number - 1].startswith("#"), f"{carrier_id}.toml line {number + 1}"


# The confidence labels domain.md gives; anything else would overstate what is known.
LABELS = [
    ("china-mobile", "list", "10086", "0000", "documented"),
    ("china-mobile", "cancel-ringtone", "10086", "QXCL", "reported"),
    ("china-mobile", "cancel-data", "10086", "QXGPRS", "reported"),
    ("china-telecom", "list", "10001", "0000", "unverified"),
    ("china-unicom", "list", "10010", "0000", "unverified"),
]


@pytest.mark.parametrize(("carrier_id", "purpose", "to", "text", "confidence"), LABELS)
def test_confidence_labels_follow_the_domain_notes(carrier_id, purpose, to, text, confidence):
    found = [c for c in load_carrier(carrier_id).commands(purpose) if c.text.zh == text]
    assert [(c.to.zh, c.confidence) for c in found] == [(to, confidence)]


@pytest.mark.parametrize("carrier_id", CARRIER_IDS)
def test_every_command_is_what_the_user_types(carrier_id):
    """A command is sent as it stands: one command (TD), its alternatives and what to do
    next in its note, never ``TD（或 0000 / 00000）``. A plain one is letters and digits;
    one told in words (TD+序号) is a single phrase, its English without Chinese."""
    for command in load_carrier(carrier_id).sms_commands:
        zh, en = command.text.zh, command.text.en
        if zh == en:
            assert re.fullmatch(r"[A-Za-z0-9+#*]+", zh), zh
        else:
            assert not re.search(r"[（）()，,/、；;]| 或 | or ", zh + en), (zh, en)
            assert not re.search(r"[\u4e00-\u9fff]", en), en


@pytest.mark.parametrize("carrier_id", CARRIER_IDS)
def test_an_example_is_what_a_command_told_in_words_types(carrier_id):
    """A command's example (China Mobile's serial numbers: 1，3) stands for a command
    told in words, and is itself typed: digits and letters, several joined by commas."""
    for command in load_carrier(carrier_id).sms_commands:
        if command.example:
            assert command.text.zh != command.text.en, command.text
            assert re.fullmatch(r"[A-Za-z0-9]+(，[A-Za-z0-9]+)*", command.example)


def test_china_mobiles_list_reply_has_an_example():
    (reply,) = [c for c in load_carrier("china-mobile").commands("cancel") if c.to.zh == "10086977"]
    assert reply.example == "1，3"


def test_only_china_mobile_has_documented_commands():
    for carrier in carriers():
        documented = [c for c in carrier.sms_commands if c.confidence == "documented"]
        assert bool(documented) == (carrier.id == "china-mobile"), carrier.id


def test_commands_sorted_most_certain_first():
    assert [c.confidence for c in load_carrier("china-mobile").commands("cancel")] == [
        "documented",
        "reported",
    ]


def test_hotlines():
    assert {c.id: c.hotline for c in carriers()} == {
        "china-mobile": "10086",
        "china-unicom": "10010",
        "china-telecom": "10000",
        "china-broadnet": "10099",
        "mvno": "",
    }
    assert load_carrier("china-unicom").complaint_line == "10015"
    assert load_carrier("china-telecom").complaint_web == "189.cn/suggestions"


def test_escalation_ladder():
    ladder = load_escalation()
    assert (ladder.appeal_phone, ladder.appeal_after_days, ladder.billing_deadline_months) == (
        "12300",
        15,
        5,
    )
    assert ladder.appeal_web.startswith("yhssglxt.miit.gov.cn")
    assert {p.to for p in ladder.parallel} == {"12315", "12321"}


def test_package_data_ships_every_catalog_file():
    pyproject = tomllib.loads((CATALOG.parents[1] / "pyproject.toml").read_text("utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["auditor"]
    for path in CATALOG.glob("*.toml"):
        relative = f"catalog/{path.name}"
        assert any(fnmatch.fnmatch(relative, g) for g in globs), relative
