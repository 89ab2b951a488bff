"""E-mails (``.eml``) and web archives (``.mht``/``.mhtml``): the text parts of a MIME
message, decoded; and the charset of an HTML page.

Both are RFC 822 messages, read with the standard :mod:`email` package
(``policy.default``); a web archive is a ``multipart/related`` message whose root is
the page. Bodies may be quoted-printable or base64; their text is decoded by the
charset the part declares, else the one the HTML declares (``<meta charset>``,
``http-equiv``), else UTF-8, else GB18030. GBK and GB2312 are read as GB18030, their
superset (what a Chinese mail client means by them), BIG5 as Big5-HKSCS.
"""

from __future__ import annotations

import codecs
import email
import email.errors
import re
from dataclasses import dataclass
from email import policy
from email.message import Message

from auditor import where
from auditor.errors import ValueParseError, located
from auditor.lang import say
from auditor.readers.decoding import decode_text

# Labels mail clients and pages use for the GB family; GB18030 reads them all.
_GB_LABELS = frozenset(
    "gb2312 gbk gb_2312-80 gb_2312 x-gbk cp936 ms936 windows-936 csgb2312 euc-cn chinese "
    "iso-ir-58 csiso58gb231280 x-euc-cn gb18030".split()
)
_BIG5_LABELS = frozenset("big5 big-5 cn-big5 x-x-big5 csbig5 big5-hkscs".split())
# How far into a page its charset declaration may stand (browsers look at 1 KiB; saved
# pages often put a long comment or title first).
_SNIFF_BYTES = 8192
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.I)
# Defects the email package records while decoding a base64 body it could not read whole.
_BASE64_DAMAGE = (
    email.errors.InvalidBase64PaddingDefect,
    email.errors.InvalidBase64CharactersDefect,
    email.errors.InvalidBase64LengthDefect,
)
# Attached documents worth telling the user about (a web archive's images are not).
_DOCUMENT_TYPES = frozenset(
    (
        "application/pdf",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/zip",
        "application/octet-stream",
    )
)


def codec_for(label: str | None, *, in_page: bool = False) -> str | None:
    """Python's codec for a declared charset label; ``None`` for an unknown one.

    ``in_page``: a page that declares UTF-16 in its own ASCII text cannot be UTF-16
    (browsers read it as UTF-8).
    """
    name = (label or "").strip().strip("\"'").lower()
    if not name:
        return None
    if name in _GB_LABELS:
        return "gb18030"
    if name in _BIG5_LABELS:
        return "big5hkscs"
    try:
        codec = codecs.lookup(name).name
    except (LookupError, ValueError):  # ValueError: a label holding a NUL character
        return None
    if in_page and codec.startswith("utf-16"):
        return "utf-8"
    return codec


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes (meta tag or XML declaration)."""
    head = data[:_SNIFF_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return match[1].decode("ascii") if match else None


def decode_declared(data: bytes, declared: list[str | None], *, html: bool) -> tuple[str, str]:
    """The text and the codec it was read with: a byte-order mark, then each declared
    charset label in turn, then (for HTML) the page's own declaration, then UTF-8, then
    GB18030 (see :func:`~auditor.readers.decoding.decode_text`).

    A declared charset the bytes are not valid in is passed over, so that a GBK page
    sent as "UTF-8" still reads. Raises :class:`ValueParseError` when none fits.
    """
    charsets = [codec_for(label) for label in declared]
    if html:
        charsets.append(codec_for(declared_charset(data), in_page=True))
    decoded = decode_text(data, charsets=charsets)
    return decoded.text, decoded.codec


@dataclass
class TextPart:
    """One text part of a message: its content type, text, and how it was decoded."""

    number: int  # its place among the message's leaf parts, from 1
    html: bool
    text: str
    charset: str
    transfer: str  # the Content-Transfer-Encoding, as declared ("7bit" when none)


@dataclass
class MessageBody:
    """The parts of a message worth reading, and what was not read."""

    parts: list[TextPart]
    #: Content types of attachments left unread (a PDF bill attached to the e-mail).
    attachments: list[str]
    #: Damage the e-mail package found (a base64 body cut short...), in words.
    damage: list[str]


def parse_message(data: bytes) -> Message:
    """The message, parsed leniently (the email package records defects, it does not raise)."""
    return email.message_from_bytes(data, policy=policy.default)


def count_parts(data: bytes) -> int:
    """How many parts a message has, at most, without parsing it: each part follows a
    ``--boundary`` line (any line starting with two dashes counts)."""
    return data.count(b"\n--") + 1


def message_body(data: bytes) -> MessageBody:
    """The HTML parts of a message (its main body first), or, when it has none, its
    plain-text parts. Raises :class:`ValueParseError` for a part that cannot be decoded,
    and for parts nested deeper than the email package's stack holds."""
    try:
        message = parse_message(data)
        leaves = [part for part in message.walk() if not part.is_multipart()]
        main = message.get_body(preferencelist=("html", "plain"))
    except (email.errors.MessageError, ValueError, TypeError, LookupError, IndexError) as exc:
        name = type(exc).__name__
        raise ValueParseError(
            say(f"不是可读取的 MIME 邮件（{name}）", f"not a readable MIME message ({name})")
        ) from None
    except RecursionError:
        raise ValueParseError(
            say(
                "邮件的各部分嵌套太深，无法读取",
                "the message nests its parts too deeply to be read",
            )
        ) from None
    numbers = {id(part): number for number, part in enumerate(leaves, start=1)}
    html = [p for p in leaves if p.get_content_type() == "text/html"]
    plain = [p for p in leaves if p.get_content_type() == "text/plain"]
    chosen = html or plain
    if main is not None and any(p is main for p in chosen):
        chosen = [main, *(p for p in chosen if p is not main)]
    picked = {id(part) for part in chosen}  # by identity: one lookup each, not a scan
    body = MessageBody([], [], [])
    for part in leaves:
        content_type = part.get_content_type()
        if id(part) not in picked and (
            part.get_content_disposition() == "attachment" or content_type in _DOCUMENT_TYPES
        ):
            body.attachments.append(content_type)
    for part in chosen:
        body.parts.append(_text_part(part, numbers[id(part)], body.damage))
    return body


def _text_part(part: Message, number: int, damage: list[str]) -> TextPart:
    """One text part's decoded text; damage to its transfer encoding is noted."""
    is_html = part.get_content_type() == "text/html"
    transfer = str(part.get("Content-Transfer-Encoding", "7bit")).strip().lower() or "7bit"
    try:
        payload = part.get_payload(decode=True) or b""
    except (ValueError, TypeError, LookupError) as exc:
        name = type(exc).__name__
        raise ValueParseError(
            say(f"第 {number} 部分无法解码（{name}）", f"part {number} cannot be decoded ({name})")
        ) from None
    if any(isinstance(defect, _BASE64_DAMAGE) for defect in part.defects):
        damage.append(
            located(
                where.part(number),
                say("其 base64 内容已损坏或不完整", "its base64 body is damaged or cut short"),
            )
        )
    text, charset = decode_declared(payload, [part.get_content_charset()], html=is_html)
    return TextPart(number, is_html, text, charset, transfer)
