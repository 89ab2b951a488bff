"""A file of several pasted SMS: a bill message stating no number takes its folder's line
only when nothing in the file gainsays it (another message that is that line's bill of
the month, a signature of another carrier), else it is refused as the file's unread part
with why, never added to another line's bill; what a phone or a forward puts above a
message (【转发】, when it came) heads it, and is no unread row nor a message of its own."""

from __future__ import annotations

from datetime import date

import pytest
from sms_files import check_accounting, write

from auditor.readers import ReadOptions, read_file
from auditor.readers.sms import split_messages

pytestmark = pytest.mark.usefixtures("english")

MINE, DAD = "17088881234", "19200001111"
OWNERS = ((MINE, "我"), (DAD, "爸爸"))
AS_OF = date(2026, 10, 5)
SETTINGS = ReadOptions(line_owners=OWNERS, line_carriers=((MINE, "mvno"),), as_of=AS_OF)

MY_SEPTEMBER = (
    "【账单提醒】尊敬的17088881234用户，您2026年9月份账单合计44.00元，实际应付44.00元。"
    "主要费用项包括：月固定费19元，增值业务费25元。【小米移动】"
)
MY_AUGUST = MY_SEPTEMBER.replace("9月份", "8月份")
# Dad's China Broadnet reminder: no number, and a month without its year.
BROADNET = (
    "【账单提醒】您本账单周期为9月1日-9月30日，本期实际消费39.0元，本期应付金额为39.00元。"
    "【中国广电】"
)
# Mine again, as a reminder naming no number (signed by the brand).
MINE_UNSTATED = "【小米移动】您本账单周期为9月1日-9月30日，本期实际消费44.0元。"
DAD_STATED = "【中国广电】尊敬的19200001111用户，您2026年9月份账单合计39.00元。"


def bills_of(result) -> list[tuple[str, str, int | None]]:
    return [(b.line, b.period, b.stated_total_fen) for b in result.bills]


def test_a_message_stating_no_number_is_not_added_to_the_others_bill(tmp_path):
    """The trial's file: mine (44.00, my number) and dad's (39.00, none) pasted under the
    times they came, in my folder: dad's is refused, my bill stays 44.00, not 83.00."""
    text = f"2026年10月1日 上午9:05\n{MY_SEPTEMBER}\n\n2026年10月1日 上午10:31\n{BROADNET}\n"
    (tmp_path / "我").mkdir()
    path = write(tmp_path / "我", "短信.txt", text)
    result = read_file(path, SETTINGS)
    assert result.error is None
    assert bills_of(result) == [(MINE, "2026-09", 4400)]
    assert sum(c.amount_fen for c in result.charges) == 4400
    why = (
        "message 2: it states no number, and message 1 is the 2026-09 bill of 17088881234 "
        "already: whose bill it is is unknown, so it was not read"
    )
    assert [(u.locator, u.reason[: len(why)]) for u in result.unparseable] == [("line 5", why)]
    assert any(alert.startswith(f"line 5: {why}") for alert in result.alerts)
    # the times above the messages are notes, not unread rows; the refused one is one row
    assert dict(result.set_aside) == {"blank": 1, "note": 2}
    check_accounting(result, text)


def test_a_message_signed_by_another_carrier_is_refused(tmp_path):
    """Mine of August states my number; dad's of September none: another month, but its
    signature 【中国广电】 is not my line's 【小米移动】."""
    (tmp_path / "我").mkdir()
    path = write(tmp_path / "我", "短信.txt", f"{MY_AUGUST}\n{BROADNET}\n")
    result = read_file(path, SETTINGS)
    assert bills_of(result) == [(MINE, "2026-08", 4400)]
    assert [u.locator for u in result.unparseable] == ["line 2"]
    reason = result.unparseable[0].reason
    assert reason.startswith(
        "message 2: it states no number and is signed China Broadnet, but 17088881234 is a "
        "virtual operator (MVNO) line: "
    )
    assert "save this message in a file of its own" in reason


MASKED = [
    # (mine, its month; why dad's beside it is refused)
    (MY_SEPTEMBER, "2026-09", "it states no number, and message 1 is the 2026-09 bill of "),
    (MY_AUGUST, "2026-08", "it states no number and is signed China Broadnet, but 1708"),
]


@pytest.mark.parametrize(("mine", "month", "why"), MASKED, ids=["same-month", "signed"])
def test_a_masked_number_states_the_line_it_fits(tmp_path, mine, month, why):
    """My reminder showing my number masked (尊敬的170****1234用户) states my line as the
    whole number does: dad's beside it, stating none, is refused, not added to my bill
    (83.00) nor read as mine."""
    mine = mine.replace(MINE, f"{MINE[:3]}****{MINE[-4:]}")
    (tmp_path / "我").mkdir()
    path = write(tmp_path / "我", "短信.txt", f"{mine}\n{BROADNET}\n")
    result = read_file(path, SETTINGS)
    assert bills_of(result) == [(MINE, month, 4400)]
    assert [u.locator for u in result.unparseable] == ["line 2"]
    assert result.unparseable[0].reason.startswith(f"message 2: {why}")


def test_a_message_nothing_gainsays_takes_the_folders_line(tmp_path):
    """In my folder, dad's reminder states his number, mine none: mine is read as my line
    (the folder's), signed by my line's brand, with the folder said."""
    (tmp_path / "我").mkdir()
    path = write(tmp_path / "我", "短信.txt", f"{DAD_STATED}\n{MINE_UNSTATED}\n")
    result = read_file(path, SETTINGS)
    assert result.error is None and not result.unparseable
    assert sorted(bills_of(result)) == [(MINE, "2026-09", 4400), (DAD, "2026-09", 3900)]
    assert "line taken from the folder 我 (the settings' owner of 17088881234)" in result.alerts


def test_two_messages_stating_no_number_of_one_month_are_both_refused(tmp_path):
    """Every bill of the file refused: the error names each, not the first alone."""
    (tmp_path / "爸爸").mkdir()
    path = write(tmp_path / "爸爸", "短信.txt", f"{BROADNET}\n{MINE_UNSTATED}\n")
    result = read_file(path, SETTINGS)
    assert result.error is not None and result.error_code == "missing_details"
    why = (
        "state no number and are both bills of 2026-09: they cannot both be 19200001111's: "
        "whose bill it is is unknown, so it was not read (save this message in a file of "
        "its own, in its line owner's folder or named by its number)"
    )
    assert result.error == (f"message 1: it and message 2 {why}; message 2: it and message 1 {why}")


def test_a_reminder_stating_no_number_pasted_twice_is_one_bill(tmp_path):
    """Dad's reminder pasted twice is one message said twice, not two bills of his month
    (both were refused as such): read once, the copy's line set aside as a copy."""
    text = f"{BROADNET}\n\n{BROADNET}\n"
    (tmp_path / "爸爸").mkdir()
    result = read_file(write(tmp_path / "爸爸", "短信.txt", text), SETTINGS)
    assert result.error is None and not result.unparseable
    assert bills_of(result) == [(DAD, "2026-09", 3900)]
    assert dict(result.set_aside) == {"blank": 1, "total": 1, "duplicate": 1}
    assert "line 3: message 2 is message 1 again, word for word: one message, read once" in (
        " ".join(result.notes)
    )
    check_accounting(result, text)


def test_a_reminder_stating_its_number_pasted_twice_is_not_summed(tmp_path):
    """Mine pasted twice (the spaces apart) is 44.00 once, not its fees twice (88.00)."""
    text = f"{MY_SEPTEMBER}\n{MY_SEPTEMBER.replace('，', '， ')}\n"
    result = read_file(write(tmp_path, f"{MINE}.txt", text), SETTINGS)
    assert bills_of(result) == [(MINE, "2026-09", 4400)]
    assert sorted(c.amount_fen for c in result.charges) == [1900, 2500]
    assert dict(result.set_aside) == {"duplicate": 1}
    check_accounting(result, text)


def test_messages_of_one_line_stating_no_number_are_read_for_its_months(tmp_path):
    """Two of dad's reminders, August and September, neither stating his number: nothing
    gainsays his folder, both are his."""
    (tmp_path / "爸爸").mkdir()
    august = BROADNET.replace("9月", "8月").replace("39.0", "29.0")
    path = write(tmp_path / "爸爸", "短信.txt", f"{august}\n{BROADNET}\n")
    result = read_file(path, SETTINGS)
    assert bills_of(result) == [(DAD, "2026-08", 2900), (DAD, "2026-09", 3900)]
    assert not result.unparseable


def test_line_option_decides_every_message(tmp_path):
    (tmp_path / "我").mkdir()
    path = write(tmp_path / "我", "短信.txt", f"{MY_AUGUST}\n{BROADNET}\n")
    options = ReadOptions(line=MINE, line_owners=OWNERS, as_of=AS_OF)
    result = read_file(path, options)
    assert sorted(bills_of(result)) == [(MINE, "2026-08", 4400), (MINE, "2026-09", 3900)]


# ----------------------------------------------------------------------- headings


HEADED = [
    # (text, each message's heading lines and text lines)
    (
        f"2026年10月1日 上午9:05\n{MY_SEPTEMBER}\n\n2026年10月1日 上午10:31\n{BROADNET}",
        [([1], [2]), ([4], [5])],
    ),
    (f"【转发】\n10月31日 18:02 来自 10099\n{BROADNET}", [([1, 2], [3])]),
    (f"2026/10/01 09:05\n\n{BROADNET}\n18:02", [([1, 4], [3])]),  # a time below it too
    # a brand's tag before the reminder's own is its head, not a message of its own
    (f"【小米移动】{MY_SEPTEMBER}", [([], [1])]),
    ("上午9:05", [([], [1])]),  # a heading alone: the file's text, said as such
]


@pytest.mark.parametrize(("text", "messages"), HEADED)
def test_headings_head_the_message_below(text, messages):
    found = split_messages(text.splitlines())
    assert [(m.heading, m.text_lines) for m in found] == messages


def test_a_forwarded_reminder_has_no_unread_row(tmp_path):
    """The forward mark and the time above it are notes of the bill read."""
    text = f"【转发】\n10月31日 18:02 来自 10099\n{BROADNET.replace('9月', '10月')}\n"
    (tmp_path / "爸爸").mkdir()
    result = read_file(write(tmp_path / "爸爸", "转发短信.txt", text), SETTINGS)
    assert bills_of(result) == [(DAD, "2026-10", 3900)]
    assert not result.unparseable
    assert not any("unread" in alert for alert in result.alerts)
    assert dict(result.set_aside) == {"note": 2, "total": 1}
    check_accounting(result, text)


def test_messages_are_numbered_as_a_person_sees_them(tmp_path):
    """Under their times, the second message a person sees is message 2 in the reason."""
    other = "【中国广电】尊敬的用户，您的流量已用完。"
    text = f"2026年10月1日 上午9:05\n{MY_SEPTEMBER}\n2026年10月2日 上午9:05\n{other}\n"
    result = read_file(write(tmp_path, f"{MINE}.txt", text), SETTINGS)
    assert [(u.locator, u.reason.split(" is ")[0]) for u in result.unparseable] == [
        ("line 4", "message 2")
    ]


# ----------------------------------------------------------------------- brands


def test_a_brand_signing_one_lines_messages_is_not_the_files(tmp_path):
    """Mine signed 【小米移动】 beside dad's signed 【中国广电】: a file's brand is given to
    every line it holds, so 小米移动 is not taken (dad's steps would name its service
    line), and a note says why; my messages alone keep it."""
    both = write(tmp_path, "短信.txt", f"{MY_SEPTEMBER}\n{DAD_STATED}\n")
    result = read_file(both, SETTINGS)
    assert sorted(bills_of(result)) == [(MINE, "2026-09", 4400), (DAD, "2026-09", 3900)]
    assert result.brand == ""
    said = "the signature 小米移动 signs only some of the file's lines' messages"
    assert any(note.startswith(said) for note in result.notes)
    mine = read_file(write(tmp_path, "我的.txt", f"{MY_SEPTEMBER}\n{MY_AUGUST}\n"), SETTINGS)
    assert mine.brand == "小米移动" and not any("signs only" in n for n in mine.notes)


def test_a_brand_named_in_a_message_but_not_its_signature_is_no_brand(tmp_path):
    """Dad's reminder, signed 【中国广电】, naming 小米移动 in an advert: not its sender."""
    text = DAD_STATED.replace("。", "。携号转网至小米移动，享受更多优惠。", 1)
    result = read_file(write(tmp_path, f"{DAD}.txt", text), SETTINGS)
    assert bills_of(result) == [(DAD, "2026-09", 3900)]
    assert result.brand == ""
