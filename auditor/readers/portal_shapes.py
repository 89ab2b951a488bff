"""Reading each known portal JSON shape (see :mod:`auditor.readers.portal_json`).

Each shape has a predicate that spots its objects anywhere near the top of a document
(:func:`find_objects`) and a reader that turns them into charges, bills or services.
Field names and code tables come from ``auditor/catalog/portal.toml``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from auditor.errors import InputError, ValueParseError
from auditor.model import BILL, SERVICES, ReadResult, RowIssue, Service
from auditor.readers.base import ReadOptions
from auditor.readers.detect import only, require, resolve
from auditor.readers.fee_tree import BillPlace, FeeNode, add_fee_tree, check_sum
from auditor.values import (
    find_phones,
    nfkc,
    parse_amount,
    parse_datetime,
    parse_expiry,
    parse_month,
    parse_price,
)

_MAX_DEPTH = 4  # wrappers seen so far nest the payload at most three levels down
_MAX_ITEM_DEPTH = 32  # a bill's sections and items go a few levels deep, never dozens
_MASKED_LINE = re.compile(r"(1\d{2})[*xX＊]{4}(\d{4})")
_TOTAL_WORDS = ("合计", "总计", "共计", "实际应缴", "应缴费用", "本月消费", "total")


@cache
def portal_config() -> dict:
    """The contents of ``auditor/catalog/portal.toml``."""
    text = resources.files("auditor.catalog").joinpath("portal.toml").read_text("utf-8")
    return tomllib.loads(text)


# ---------------------------------------------------------------------------- finding


def find_objects(doc: Any, spot: Callable[[Any], bool], where: str = "") -> list[tuple[str, Any]]:
    """Every object under ``doc`` that ``spot`` accepts, with its place (``data[0]``).

    The search does not look inside an accepted object, and stops a few levels down:
    portals wrap their payload, they do not bury it.
    """
    if spot(doc):
        return [(where, doc)]
    if where.count(".") + where.count("[") >= _MAX_DEPTH:
        return []
    found: list[tuple[str, Any]] = []
    if isinstance(doc, list):
        for i, value in enumerate(doc):
            found += find_objects(value, spot, f"{where}[{i}]")
    elif isinstance(doc, dict):
        for key, value in doc.items():
            if isinstance(value, dict | list):
                found += find_objects(value, spot, _join(where, key))
    return found


def is_mobile_month(obj: Any) -> bool:
    """A China Mobile billinfo month: an object with a ``billMaterials`` list, or with a
    ``billMonth`` beside a broken ``billMaterials`` (read, so that it is not lost unseen)."""
    if not isinstance(obj, dict) or "billMaterials" not in obj:
        return False
    return isinstance(obj["billMaterials"], list) or "billMonth" in obj


def is_telecom_list(obj: Any) -> bool:
    """A China Telecom flat item list: objects with ``chargetypeName`` and ``classId``."""
    return (
        isinstance(obj, list)
        and bool(obj)
        and all(isinstance(x, dict) for x in obj)
        and any("chargetypeName" in x and "classId" in x for x in obj)
    )


def is_unicom_bill(obj: Any) -> bool:
    """A China Unicom bill: an object with one of the bill item-list keys."""
    return _items_key(obj) is not None


def _items_key(obj: Any) -> str | None:
    """The first of the bill item-list keys whose value in ``obj`` is a list."""
    if isinstance(obj, dict):
        for key in portal_config()["china-unicom"]["bill"]["items_keys"]:
            if isinstance(obj.get(key), list):
                return key
    return None


def is_unicom_products(obj: Any) -> bool:
    """A China Unicom product list: an object listing entries that have a product name."""
    conf = portal_config()["china-unicom"]["products"]
    if not isinstance(obj, dict):
        return False
    entries = _first(obj, conf["list_keys"])[1]
    return isinstance(entries, list) and any(
        isinstance(e, dict) and _first(e, conf["name_keys"])[0] for e in entries
    )


# ---------------------------------------------------------------------------- China Mobile


def read_mobile(found: list, doc: Any, path: Path, options: ReadOptions) -> ReadResult:
    """China Mobile billinfo: one bill per month, sections by code, amounts in yuan."""
    sections = portal_config()["china-mobile"]["sections"]
    result = ReadResult(path=str(path), kind=BILL, carrier="china-mobile")
    for where, month in found:
        result.rows_read += 1
        result.set_aside["total"] += 1
        month_text = month.get("billMonth") or month.get("billStartDate")
        place = _place(path, options, result, month_text, _join(where, "billMonth"), None, doc)
        roots = []
        materials = _list_or_note(result, month["billMaterials"], _join(where, "billMaterials"))
        for j, raw in enumerate(materials):
            node = _mobile_section(result, raw, f"{where}.billMaterials[{j}]", sections)
            if node:
                roots.append(node)
        total_at = _join(where, "billFee")
        stated = _stated_total(result, month.get("billFee"), total_at)
        if stated is not None:
            check_sum(result, FeeNode("billFee", stated, total_at, roots))
        add_fee_tree(result, roots, place)
        result.bills.append(place.bill(stated, total_at))
    return result


def _mobile_section(result: ReadResult, raw: Any, where: str, sections: dict) -> FeeNode | None:
    result.rows_read += 1
    if not isinstance(raw, dict):
        result.unparseable.append(RowIssue(where, "section is not an object", str(raw)[:80]))
        return None
    code = nfkc(raw.get("billEntriy"))
    # An unknown code keeps the code as its section name; its items still name themselves.
    name = sections.get(code, code)
    items = []
    infos = _list_or_note(result, raw.get("billMaterialInfos"), f"{where}.billMaterialInfos")
    for k, info in enumerate(infos):
        result.rows_read += 1
        at = f"{where}.billMaterialInfos[{k}]"
        try:
            items.append(FeeNode(str(info["itemName"]), parse_amount(info["itemValue"]), at))
        except (KeyError, TypeError, ValueParseError) as exc:
            result.unparseable.append(RowIssue(at, f"item not readable: {exc}", str(info)[:80]))
    return _section_node(result, name, raw.get("billEntriyValue"), where, items)


def _list_or_note(result: ReadResult, value: Any, where: str) -> list:
    """``value`` when it is a list; absent is empty; anything else is an unparseable row."""
    if value is None or isinstance(value, list):
        return value or []
    result.rows_read += 1  # the odd value is one row read, and it is not lost
    result.unparseable.append(RowIssue(where, "expected a list of items", str(value)[:80]))
    return []


def _section_node(
    result: ReadResult, name: str, value: Any, where: str, children: list[FeeNode]
) -> FeeNode | None:
    """A section with its amount; an unreadable amount is the sum of its readable items."""
    try:
        return FeeNode(name, parse_amount(value), where, children)
    except ValueParseError as exc:
        if not children:
            result.unparseable.append(RowIssue(where, f"{name}: {exc}", str(value)[:80]))
            return None
        amount = sum(c.amount_fen for c in children)
        result.warnings.append(f"{where}: {name} amount not readable ({exc}); took its items' sum")
        return FeeNode(name, amount, where, children)


# ---------------------------------------------------------------------------- China Telecom


def read_telecom(found: list, doc: Any, path: Path, options: ReadOptions) -> ReadResult:
    """China Telecom item tree: level 1 the stated total, level 2 a line, then sections."""
    conf = portal_config()["china-telecom"]
    result = ReadResult(path=str(path), kind=BILL, carrier="china-telecom")
    month_key, month_text = _doc_value(doc, conf["month_keys"])
    for where, items in found:
        for root in _telecom_tree(result, items, where):
            result.set_aside["total"] += 1
            if root.children:
                check_sum(result, root)
            for line_node in root.children:
                result.set_aside["subtotal"] += 1
                check_sum(result, line_node)
                place = _place(path, options, result, month_text, month_key, line_node.name, doc)
                check_masked_line(path, line_node.name, place.line, line_node.locator)
                add_fee_tree(result, line_node.children, place, conf["uncategorised_sections"])
                result.bills.append(place.bill(line_node.amount_fen, line_node.locator))
    return result


def _telecom_tree(result: ReadResult, items: list, where: str) -> list[FeeNode]:
    """Link the flat list into trees by ``parentClassId``; return the roots.

    A node whose parent is missing (or that sits in a loop) is unparseable, with
    everything under it: it cannot be placed, and guessing would misstate the bill.
    """
    nodes: dict[str, tuple[FeeNode, str]] = {}
    for i, raw in enumerate(items):
        result.rows_read += 1
        at = f"{where}[{i}]"
        try:
            class_id = nfkc(raw["classId"])
            node = FeeNode(str(raw["chargetypeName"]), _fen(raw["charge"]), f"{at} ({class_id})")
        except (KeyError, ValueParseError) as exc:
            result.unparseable.append(RowIssue(at, f"item not readable: {exc}", str(raw)[:80]))
            continue
        if class_id in nodes:
            result.unparseable.append(RowIssue(at, f"classId {class_id} appears twice"))
            continue
        nodes[class_id] = (node, nfkc(raw.get("parentClassId")))
    roots, reached = [], set()
    for node, parent in nodes.values():
        if parent in nodes:
            nodes[parent][0].children.append(node)
        elif parent in ("", "0", "-1"):
            roots.append(node)
    stack = list(roots)
    while stack:
        node = stack.pop()
        reached.add(id(node))
        stack += node.children
    for node, parent in nodes.values():
        if id(node) not in reached:
            reason = f"its parent classId {parent} is not in the list (or is in a loop)"
            result.unparseable.append(RowIssue(node.locator, reason, node.name))
    return roots


def _fen(value: Any) -> int:
    """An amount already in fen (``"4740"`` = 47.40元)."""
    text = nfkc(value)
    if not re.fullmatch(r"[+-]?\d+", text):
        raise ValueParseError(f"not an amount in fen: {text!r}")
    return int(text)


def check_masked_line(path: Path, text: str, line: str, locator: str) -> None:
    """A masked number in ``text`` (``177xxxx5383``) must agree with the line found elsewhere."""
    match = _MASKED_LINE.search(nfkc(text))
    if match and not (line.startswith(match[1]) and line.endswith(match[2])):
        raise InputError(
            str(path),
            f"line {line[:3]}****{line[-4:]} (from the file name or --line) does not match "
            f"{match[1]}****{match[2]} in the document",
            locator,
        )


# ---------------------------------------------------------------------------- China Unicom


def read_unicom_bills(found: list, doc: Any, path: Path, options: ReadOptions) -> ReadResult:
    """China Unicom bills: nested items in yuan, a month and a 实际应缴合计 each."""
    conf = portal_config()["china-unicom"]["bill"]
    result = ReadResult(path=str(path), kind=BILL, carrier="china-unicom")
    for where, bill in found:
        result.rows_read += 1
        result.set_aside["total"] += 1
        month_key, month_text = _first(bill, conf["month_keys"])
        line_text = _first(bill, conf["line_keys"])[1] or _doc_value(doc, conf["line_keys"])[1]
        place = _place(
            path, options, result, month_text, _join(where, month_key or "month"), line_text, doc
        )
        # The key is_unicom_bill saw a list under: an earlier key may hold anything.
        items_key = _items_key(bill)
        raw_items = bill[items_key]
        total_key, total_value = _first(bill, conf["total_keys"])
        total_at = _join(where, total_key or items_key)
        roots: list[FeeNode] = []
        for i, raw in enumerate(raw_items):
            at = f"{_join(where, items_key)}[{i}]"
            name = nfkc(_first(raw, conf["name_keys"])[1]) if isinstance(raw, dict) else ""
            if _is_total(name) and not _first(raw, conf["children_keys"])[1]:
                result.rows_read += 1
                result.set_aside["total"] += 1
                if total_key is None:
                    total_value, total_at = _first(raw, conf["fee_keys"])[1], at
                continue
            node = _unicom_node(result, raw, at, conf)
            if node:
                roots.append(node)
        stated = _stated_total(result, total_value, total_at)
        add_fee_tree(result, roots, place)
        result.bills.append(place.bill(stated, total_at))
    return result


def _unicom_node(
    result: ReadResult, raw: Any, where: str, conf: dict, depth: int = 0
) -> FeeNode | None:
    result.rows_read += 1
    if not isinstance(raw, dict):
        result.unparseable.append(RowIssue(where, "item is not an object", str(raw)[:80]))
        return None
    if depth >= _MAX_ITEM_DEPTH:
        result.unparseable.append(RowIssue(where, "items nest too deeply", str(raw)[:80]))
        return None
    name = str(_first(raw, conf["name_keys"])[1] or "")
    key, raw_children = _first(raw, conf["children_keys"])
    children = []
    for i, child in enumerate(_list_or_note(result, raw_children, f"{where}.{key}")):
        node = _unicom_node(result, child, f"{where}.{key}[{i}]", conf, depth + 1)
        if node:
            children.append(node)
    node = _section_node(result, name, _first(raw, conf["fee_keys"])[1], where, children)
    if node:
        node.provider = nfkc(_first(raw, conf["provider_keys"])[1])
        node.code = nfkc(_first(raw, conf["code_keys"])[1])
    return node


def read_unicom_products(found: list, doc: Any, path: Path, options: ReadOptions) -> ReadResult:
    """China Unicom subscribed products: a service list, state from ``cancelFlag``."""
    conf = portal_config()["china-unicom"]["products"]
    result = ReadResult(path=str(path), kind=SERVICES, carrier="china-unicom")
    for where, holder in found:
        line_text = _first(holder, conf["line_keys"])[1] or _doc_value(doc, conf["line_keys"])[1]
        ctx = resolve(path, options, line=_line_in(line_text), carrier="china-unicom")
        require(path, ctx, "line")
        result.carrier = ctx.carrier
        list_key, entries = _first(holder, conf["list_keys"])
        for i, raw in enumerate(entries):
            result.rows_read += 1
            at = f"{_join(where, list_key)}[{i}]"
            try:
                service = _product(raw, conf, ctx.line, ctx.carrier)
            except (AttributeError, ValueParseError) as exc:
                result.unparseable.append(RowIssue(at, f"product not readable: {exc}", str(raw)))
                continue
            service.source, service.locator = str(path), at
            if service.status_text and not service.status:
                result.warnings.append(f"{at}: unknown {service.status_text}")
            result.services.append(service)
    return result


def _product(raw: dict, conf: dict, line: str, carrier: str) -> Service:
    def text(keys: str) -> str:
        return nfkc(_first(raw, conf[keys])[1])

    name = text("name_keys")
    if not name:
        raise ValueParseError("no product name")
    flag = nfkc(raw.get("cancelFlag"))
    return Service(
        line=line,
        name=name,
        code=text("code_keys"),
        type=text("type_keys"),
        provider=text("provider_keys"),
        price_fen=parse_price(_first(raw, conf["price_keys"])[1]),
        ordered=parse_datetime(_first(raw, conf["ordered_keys"])[1]),
        effective=parse_datetime(_first(raw, conf["effective_keys"])[1]),
        expires=parse_expiry(_first(raw, conf["expires_keys"])[1]),
        cancelled=parse_datetime(_first(raw, conf["cancelled_keys"])[1]),
        status=conf["cancel_flags"].get(flag, ""),
        status_text=f"cancelFlag {flag}" if flag else "",
        carrier=carrier,
    )


# ---------------------------------------------------------------------------- shared


def _place(
    path: Path,
    options: ReadOptions,
    result: ReadResult,
    month_text: Any,
    month_at: str,
    line_text: Any,
    doc: Any,
) -> BillPlace:
    """The line, month and carrier of one bill in the document; an error when one is missing."""
    period = None
    if month_text not in (None, ""):
        try:
            period = parse_month(month_text)
        except ValueParseError as exc:
            raise InputError(str(path), str(exc), month_at) from None
    ctx = resolve(path, options, line=_line_in(line_text), period=period, carrier=result.carrier)
    require(path, ctx, "line", "period")
    result.carrier = ctx.carrier
    return BillPlace(ctx.line, ctx.period, ctx.carrier, str(path))


def _line_in(text: Any) -> str | None:
    """The one complete mobile number in a label (``手机：18900189003``); masked gives None."""
    return only(find_phones(nfkc(text))) if text not in (None, "") else None


def _stated_total(result: ReadResult, value: Any, where: str) -> int | None:
    """A bill's stated total in fen; ``None`` (unreconciled) when it is absent or unreadable."""
    if value in (None, ""):
        return None
    try:
        fen = parse_amount(value)
    except ValueParseError as exc:
        result.unparseable.append(RowIssue(where, f"stated total: {exc}", str(value)))
        result.set_aside["total"] -= 1  # the bill's record is counted as unparseable instead
        return None
    return fen


def _is_total(name: str) -> bool:
    folded = name.casefold()
    return any(word in folded for word in _TOTAL_WORDS)


def _first(obj: Any, keys: list[str]) -> tuple[str | None, Any]:
    """The first of ``keys`` that ``obj`` has with a value, and that value."""
    if isinstance(obj, dict):
        for key in keys:
            if obj.get(key) not in (None, ""):
                return key, obj[key]
    return None, None


def _doc_value(doc: Any, keys: list[str]) -> tuple[str | None, Any]:
    """A value given once for the whole document: at its top or in its ``data`` object."""
    key, value = _first(doc, keys)
    if key is None and isinstance(doc, dict):
        key, value = _first(doc.get("data"), keys)
    return key, value


def _join(where: str, key: str | None) -> str:
    return f"{where}.{key}" if where else str(key or "")
