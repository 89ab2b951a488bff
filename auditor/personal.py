"""Personal data in free text: ID-card numbers (身份证号), customers' names, e-mail
addresses, bank-card numbers and street addresses.

An ID number is recognised by its shape (18 characters with a birth date inside, or the
old 15), however it is spaced: ``110101199003078888``, ``110101 19900307 8888``,
``110101-1990-0307-8888``. So are, wherever they stand, labelled or not (an item
``寄送至 wangxm@example.com``): an e-mail address; a bank-card number, 16 to 19 digits
whole or in groups of four (``6222 0212 3456 7890 123``), that a card's first digit
(3 to 6, or 9) starts and that passes the card's check digit (Luhn), or that a text
about a bank (银行, 银联, 代扣, 卡号) holds (four groups of four only where it names a card,
卡: ``5000 5000 5000 5000`` after 代扣 are amounts); and a street address, from a place's
name (省, 市, 区, 县) on, then a road (路, 街, 大道, 巷, 弄, 胡同) and its number (号),
with the building and room after it (``上海市浦东新区世纪大道100号2栋301室``), the words
before the place's name kept (``宽带安装费[redacted]``). Amounts, dates, a 工单号 (which
starts with its year or letters) and service names have none of these shapes.

A name is not recognisable on its own, so only a name that
stands after its label (``客户姓名：王小明``) or inside a greeting (``尊敬的王小明客户``,
``尊敬的王小明，您好``) is caught; a greeting's name must start with a common surname and be
no brand or customer tier (``尊敬的全球通客户``, ``尊敬的高端客户`` name nobody). A name
the carrier masked (``客户：吴**``) is not remembered: its visible part alone is a surname
that the owners' names in the settings share. The names a reader found are remembered by
the history too (:mod:`auditor.history.hidden`).

:func:`personal_values` gives what a reader remembers (the writers then remove those exact
texts wherever they stand); :func:`redact_personal` removes what it finds from any text,
and every output passes through it. Neither is ever lifted, ``--no-mask`` included.
"""

from __future__ import annotations

import re
import unicodedata

from auditor.lang import say


def redacted() -> str:
    """What stands in place of a name or an ID number, in the active language."""
    return say("[已隐去]", "[redacted]")


# One optional space, dash or dot between the parts of an ID number (region, year, month
# and day, sequence): how people space them when they copy one out.
_GAP = r"[ \u00a0\u3000\-\u2010-\u2015.·]?"
_DAY = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_ID_CARD_RE = re.compile(
    rf"(?<![0-9A-Za-z])[1-9]\d{{5}}{_GAP}"
    rf"(?:(?:18|19|20)\d{{2}}{_GAP}{_DAY}{_GAP}\d{{3}}[0-9Xx]|\d{{2}}{_DAY}{_GAP}\d{{3}})"
    r"(?![0-9A-Za-z])",
    re.ASCII,
)
# A bank card's number: 16 to 19 digits, whole or in groups of four (the last shorter),
# starting with a card's major industry digit (3 to 6: cards; 9: China's older debit
# cards), so that an order's or a ticket's number, which starts with its year, is none;
# nor is a row of amounts (3000 3000 3000 3000.00).
_CARD_RE = re.compile(
    r"(?<![0-9A-Za-z])(?<!\d[.．])"
    r"[3-69](?:\d{15,18}|\d{3}(?:[ \u00a0\-]\d{4}){3}(?:[ \u00a0\-]\d{1,3})?)"
    r"(?![0-9A-Za-z])(?![.．]\d)",
    re.ASCII,
)
# Words that say a text is about a bank account: a card number in it is one, checked or not.
_ABOUT_A_BANK = re.compile(r"银行|银联|代扣|卡号|储蓄卡|信用卡|借记卡")
# Words naming a card: four groups of four digits with none of them are a card's only by
# its check digit (5000 5000 5000 5000 after 银行代扣 are amounts).
_A_CARD_WORD = re.compile(r"卡")
_FOUR_FOURS = re.compile(r"\d{4}(?:[ \u00a0\-]\d{4}){3}", re.ASCII)
# An e-mail address: a mailbox's characters, an @, a domain with a dot, each bounded so
# that a long text is searched in linear time.
_EMAIL_RE = re.compile(
    r"(?<![0-9A-Za-z._%+\-])[0-9A-Za-z._%+\-]{1,64}@[0-9A-Za-z\-]{1,63}"
    r"(?:\.[0-9A-Za-z\-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![0-9A-Za-z\-])",
    re.ASCII,
)
#: The characters whose NFKC form is an @ (the full-width and the small one), besides @.
AT_SIGNS = "@\uff20\ufe6b"
# A street address: a place's name ending in 省, 自治区, 市, 区, 县 or 旗, a road (路, 街,
# 大道, 巷, 弄, 胡同: not 道 alone, which ends 频道 and 通道) and its number, then what
# names the building and the room. The house number is what makes it an address: a
# place and a road alone are no one's (北京市长安街). It starts at the place's name: two
# characters (上海, 朝阳) or a longer one known (黑龙江, 哈尔滨), never the words before
# it (宽带安装费上海市…: the item's name is no one's address).
_HAN = "\u4e00-\u9fff"
_LONG_PLACES = (
    "黑龙江|内蒙古|石家庄|秦皇岛|张家口|哈尔滨|齐齐哈尔|牡丹江|佳木斯|七台河|双鸭山|大兴安岭|"
    "呼和浩特|鄂尔多斯|乌兰察布|巴彦淖尔|呼伦贝尔|乌鲁木齐|克拉玛依|吐鲁番|连云港|马鞍山|"
    "景德镇|平顶山|驻马店|三门峡|张家界|防城港|攀枝花|六盘水|日喀则|嘉峪关|石嘴山|葫芦岛"
)
_PLACE = (
    rf"(?:{_LONG_PLACES}|[{_HAN}]{{2}})"
    r"(?:新区|(?:壮族|回族|维吾尔)?自治区|特别行政区|省|市|区|县|旗)"
)
_ADDRESS_RE = re.compile(
    rf"{_PLACE}[{_HAN}0-9A-Za-z]{{0,24}}?"
    rf"(?:路|街|大道|巷|弄|胡同)[0-9０-９]{{1,5}}(?:[\-－][0-9０-９]{{1,5}})?号"
    rf"(?:[{_HAN}0-9A-Za-z\-]{{0,16}}?(?:号楼|楼|栋|幢|座|单元|层|室))*"
)
_PLACES = "省市区县旗"
_NOT_ASCII_DIGIT = re.compile(r"[^0-9]+")  # runs, not characters: one removal each
# Fifteen characters or more of ASCII digits and the gaps between an ID number's parts:
# every ID number the pattern finds stands in such a run.
_ID_RUN = re.compile(r"[0-9 \u00a0\u3000\-\u2010-\u2015.·]{15,}")
_ASCII_OR_HAN = re.compile(r"[\x00-\x7f\u4e00-\u9fff]+")
_LABEL = r"(?:客户|用户|机主|户主)(?:姓名|名称)|姓名|户名|客户|机主"
# A name after its label; it ends at a space, a separator or a sentence's punctuation.
_NAME_RE = re.compile(
    rf"({_LABEL})(\s*[:：]\s*)([^\s:：,，;；|/()（）\[\]【】。、！？!?.*＊]{{1,20}})"
)
_GREETING_RE = re.compile(
    r"(尊敬的)([\u4e00-\u9fff·]{2,4}?)(先生|女士|客户|用户|会员|机主)?"
    r"(?=[，,：:！!。\s]|您|$)"
)
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
    "郝龚邵钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳柴蒙鲍华喻祁蒲房滕屈"
    "饶解牟艾尤阳穆农司卓古吉缪简项连芦麦褚娄窦戚岑景宫费卜冷晏席卫米柏宗瞿桂全佟臧闵苟邬边卞"
    "姬师仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_COMPOUND_SURNAMES = (
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "令狐",
    "司徒", "夏侯", "宇文", "轩辕", "端木", "独孤", "南宫", "西门", "呼延", "钟离", "赫连",
)  # fmt: skip
# Words of greetings that address a brand, a tier or a kind of customer, not a person.
_NOT_NAMES = (
    "客户", "用户", "会员", "机主", "移动", "联通", "电信", "广电", "全球通", "动感", "神州",
    "天翼", "星级", "钻石", "金卡", "银卡", "金牌", "白金", "黄金", "贵宾", "尊享", "高端",
    "高级", "家庭", "宽带", "本机", "手机", "号码", "集团", "企业", "华为", "管理", "明星",
)  # fmt: skip


def personal_values(text: str) -> set[str]:
    """The ID numbers, labelled names and greeted names written in ``text``, as written."""
    found = {m[0] for m in _ID_CARD_RE.finditer(_nfkc(text))}
    found |= {m[3] for m in _NAME_RE.finditer(text) if _is_value(m[3]) and not _masked(m)}
    found |= {m[2] for m in _GREETING_RE.finditer(text) if _is_name(m[2])}
    return found


def redact_personal(text: str) -> str:
    """``text`` with ID-card and bank-card numbers, e-mail and street addresses, labelled
    names and greeted names replaced by :func:`redacted`, the labels and greetings kept.

    Unlike phone masking this is never lifted: ``--no-mask`` shows numbers, not identities.
    """
    # Each pattern is tried only where it can match, since every text of every output
    # passes here: an ID number and a card's take fifteen digits, an e-mail an @, an
    # address a house number (号), a name a label (each holds 户, 名 or 主) and a colon,
    # a greeting 尊敬的.
    if _may_hold_id(text):
        text = redact_cards(redact_ids(text))
    if any(sign in text for sign in AT_SIGNS):
        text = redact_emails(text)
    if _may_hold_address(text):
        text = _ADDRESS_RE.sub(redacted(), text)
    if (":" in text or "：" in text) and ("户" in text or "名" in text or "主" in text):
        text = _NAME_RE.sub(
            lambda m: f"{m[1]}{m[2]}{redacted()}" if _is_value(m[3]) else m[0], text
        )
    if "尊敬的" not in text:
        return text
    return _GREETING_RE.sub(
        lambda m: f"{m[1]}{redacted()}{m[3] or ''}" if _is_name(m[2]) else m[0], text
    )


def may_hold_words(text: str) -> bool:
    """True when ``text`` may hold what :func:`redact_personal` finds by words alone, with
    no colon, @ or fifteen digits: a greeting (尊敬的) or a street address (号 and a place)."""
    return "尊敬的" in text or _may_hold_address(text)


def _may_hold_address(text: str) -> bool:
    return "号" in text and any(place in text for place in _PLACES)


def redact_ids(text: str) -> str:
    """``text`` with its ID numbers removed (full-width digits too)."""
    text = _ID_CARD_RE.sub(redacted(), text)
    if _ID_CARD_RE.search(_nfkc(text)):  # full-width digits hide an ID from the pattern
        text = _ID_CARD_RE.sub(redacted(), _nfkc(text))
    return text


def redact_cards(text: str) -> str:
    """``text`` with its bank-card numbers removed (full-width digits too): those that
    pass the check digit, and any in a text about a bank (see the module's doc)."""
    about_a_bank = _ABOUT_A_BANK.search(text) is not None
    a_card = _A_CARD_WORD.search(text) is not None

    def card(found: re.Match) -> str:
        digits = _NOT_ASCII_DIGIT.sub("", found[0])
        # four groups of four may be amounts (5000 5000 5000 5000): a bank named is not
        # enough, only a card named or its check digit
        amounts = not a_card and _FOUR_FOURS.fullmatch(found[0]) is not None
        return redacted() if (about_a_bank and not amounts) or _luhn(digits) else found[0]

    text = _CARD_RE.sub(card, text)
    nfkc = _nfkc(text)
    if nfkc != text and _CARD_RE.sub(card, nfkc) != nfkc:  # full-width digits hide one
        text = _CARD_RE.sub(card, nfkc)
    return text


def _luhn(digits: str) -> bool:
    """True when ``digits`` end in the check digit a bank card's number ends in."""
    total = 0
    for place, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if place % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def redact_emails(text: str) -> str:
    """``text`` with its e-mail addresses removed (a full-width @ or letters too)."""
    text = _EMAIL_RE.sub(redacted(), text)
    if _EMAIL_RE.search(_nfkc(text)):
        text = _EMAIL_RE.sub(redacted(), _nfkc(text))
    return text


#: The most ASCII digits the NFKC form of one character holds (U+2152 ⅒ is 1⁄10).
NFKC_DIGITS_PER_CHARACTER = 3


def _may_hold_id(text: str) -> bool:
    """False when neither ``text`` nor its NFKC form has the fifteen ASCII digits an ID
    number takes, a card's sixteen (ASCII and CJK ideographs are their own NFKC form, and
    any other character becomes at most :data:`NFKC_DIGITS_PER_CHARACTER` digits), or
    when it is its own NFKC form and they do not stand together as an ID number's or a
    card's do (digits and the gaps between their parts)."""
    digits = len(_NOT_ASCII_DIGIT.sub("", text))
    others = 0 if text.isascii() else len(_ASCII_OR_HAN.sub("", text))
    if others:
        return digits + NFKC_DIGITS_PER_CHARACTER * others >= 15
    # Its own NFKC form: its digits must also stand together as an ID number's do (a
    # file's path holds a line, a month and a year apart).
    return digits >= 15 and _ID_RUN.search(text) is not None


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _is_value(text: str) -> bool:
    """A value worth removing: not already masked by the carrier (``***``)."""
    return bool(text.strip("*＊xX·"))


def _masked(found: re.Match) -> bool:
    """A labelled name the carrier masked (``客户：吴**``): the pattern stops at the mask,
    and the part before it (吴) is a surname many share, the owners' names in the settings
    among them: remembered, it would be cut out of every one of them."""
    return found.string[found.end() : found.end() + 1] in ("*", "＊")


def _is_name(text: str) -> bool:
    """A greeted text that is a person's name: a common surname first, no brand or tier."""
    if any(word in text for word in _NOT_NAMES):
        return False
    return text[0] in _SURNAMES or text.startswith(_COMPOUND_SURNAMES)
