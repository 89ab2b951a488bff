"""A file of several pasted SMS: what a phone or a forward puts above a message (【转发】,
when it came) heads it, and is no unread row nor a message of its own."""

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
