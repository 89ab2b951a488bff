"""Carrier portal JSON: the bill and service-list responses users save from a carrier's
site or app, recognised by their structure, whatever the portal calls its fields.

What a document holds is found by walking it (:func:`survey`): bill trees (nested or
linked by parent ids), China Mobile billinfo months, month → items maps, lists of month
totals, and lists of subscribed products (:mod:`auditor.readers.portal_trees`,
:mod:`auditor.readers.portal_services`). Field names are matched by role
(``auditor/catalog/portal.toml``). The real samples these shapes come from are in
``fixtures/realworld/``.

The document's carrier comes from its own text (a 10010 link, 中国电信…), then from its
shape when that shape is documented as one carrier's; its unit (yuan or fen) from its own
amounts (:mod:`auditor.readers.portal_bills`); each bill's line, month and total from the
objects around its items. The same bill given twice in one document (China Unicom's
``billList`` repeats ``billInfo``) is read once.

Row accounting: every JSON record read (a month, a section, an item, a tree node, a
product, a month's total) counts in ``rows_read`` and ends as a charge or service, set
aside (a total, a line's subtotal, a section, an empty month, a duplicate copy) or
unparseable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from auditor.amount_text import AmountText
from auditor.catalog import detect_carrier
from auditor.errors import ErrorCode, InputError, ValueParseError
from auditor.lang import Text, counted, say
from auditor.model import BILL, SERVICES, ReadResult
from auditor.readers.base import CellBudget, ReadOptions, merge_results
from auditor.readers.clues import text_clues
from auditor.readers.detect import check_masked_line, masked_lines, only, require, resolve
from auditor.readers.json_keys import Role, key_role, norm_key, portal_config, role
from auditor.readers.json_text import load_json
from auditor.readers.portal_bills import (
    DocumentReading,
    decide_unit,
    place_tree,
    set_aside_empty,
    total_to_fen,
)
from auditor.readers.portal_html import holds_fragments, read_fragments
from auditor.readers.portal_services import is_product_list, read_products
from auditor.readers.portal_trees import (
    Found,
    RawTree,
    billinfo_month,
    flat_tree,
    is_billinfo_month,
    is_flat_tree,
    is_month_totals,
    is_nested_tree,
    month_keys,
    month_map,
    month_totals,
    nested_tree,
)
from auditor.values import find_phones, nfkc, parse_month

_MAX_DEPTH = 6  # portals wrap their payload a few levels down; they do not bury it
_MAX_TEXTS = 20_000  # strings looked at for the carrier's name

#: How each structure is spotted, in the order tried: the first that accepts an object
#: claims it, and nothing inside a claimed object is looked at again.
SPOTTERS: list[tuple[str, Callable[[Any], bool]]] = [
    ("billinfo", is_billinfo_month),
    ("month map", lambda obj: bool(month_keys(obj))),
    ("month totals", is_month_totals),
    ("flat tree", is_flat_tree),
    ("nested tree", is_nested_tree),
    ("products", is_product_list),
    ("html", holds_fragments),
]

UNKNOWN_SHAPE = Text(
    "JSON 不是 auditor 认识的账单或业务清单（{seen}；应为带名称和金额的账单项目、"
    "中国移动 billinfo 月份数据，或已订购的产品）",
    "JSON is not a bill or service list auditor knows ({seen}; expected bill items with "
    "a name and an amount, China Mobile billinfo months, or subscribed products)",
)
#: The shapes of SPOTTERS as a person reads them (a documented shape is described by
#: portal.toml instead).
_SHAPE_NAMES = {
    "month map": Text("按月份分组的账单", "month map"),
    "month totals": Text("月度合计", "month totals"),
    "flat tree": Text("扁平的项目树", "flat tree"),
    "nested tree": Text("嵌套的项目树", "nested tree"),
}


@dataclass
class Spot:
    """A structure found in the document: its shape, where it stands, the object, the key
    it stands under, and the objects around it (innermost first, with their places)."""

    shape: str
    where: str
    obj: Any
    key: str
    holders: tuple[tuple[dict, str], ...]


class PortalJsonReader:
    """Reads carrier portal JSON: bills and subscribed-product lists (see module docs)."""

    name = "portal-json"
    suffixes: tuple[str, ...] = (".json",)

    def identify(self, path: Path, head: bytes) -> bool:
        """Every ``.json`` file: no other reader handles JSON, so an unknown shape gets
        this reader's clear error instead of "not a file type auditor reads"."""
        return path.suffix.lower() == ".json"

    def read(self, path: Path, data: bytes, options: ReadOptions) -> ReadResult:
        """Parse the JSON and read every bill and service list it holds."""
        return read_document(load_json(path, data, options), path, options)


# ---------------------------------------------------------------------------- survey


def survey(doc: Any) -> list[Spot]:
    """Every structure of the document, in document order."""
    found: list[Spot] = []
    stack: list[tuple[Any, str, str, tuple]] = [(doc, "", "", ())]
    while stack:
        obj, where, key, holders = stack.pop()
        shape = next((name for name, spot in SPOTTERS if spot(obj)), None)
        if shape:
            found.append(Spot(shape, where, obj, key, holders))
            if shape != "html":  # an object of HTML fragments may hold other structures too
                continue
        if where.count(".") + where.count("[") >= _MAX_DEPTH:
            continue
        if isinstance(obj, dict):
            inner = ((obj, where), *holders)
            children = [
                (value, _join(where, k), str(k), inner)
                for k, value in obj.items()
                if isinstance(value, dict | list)
            ]
            stack += reversed(children)
        elif isinstance(obj, list):
            stack += reversed([(v, f"{where}[{i}]", key, holders) for i, v in enumerate(obj)])
    return found


def nearby(
    field: Role, holders: tuple[tuple[dict, str], ...], *, beside: bool = True
) -> Found | None:
    """A value of ``field`` in the objects around a structure (innermost first), else,
    with ``beside``, in the objects beside them (a total in ``arrears`` beside
    ``billItems``)."""
    for holder, where in holders:
        key, value = field.filled(holder)
        if key is not None:
            return Found(value, _join(where, key))
    if not beside:
        return None
    for holder, where in holders:
        for name, child in holder.items():
            if isinstance(child, dict):
                key, value = field.filled(child)
                if key is not None:
                    return Found(value, _join(_join(where, name), key), own=False)
    return None


# ---------------------------------------------------------------------------- reading


def read_document(doc: Any, path: Path, options: ReadOptions) -> ReadResult:
    """Read every structure :func:`survey` finds in ``doc``."""
    spots = survey(doc)
    if not spots:
        raise InputError(
            str(path), UNKNOWN_SHAPE.shown().format(seen=_describe(doc)), code=ErrorCode.NOT_A_BILL
        )
    result = ReadResult(path=str(path))
    trees: list[RawTree] = []
    totals: list[tuple[Any, Any, str]] = []
    products: list[Spot] = []
    pages: list[ReadResult] = []
    markup = CellBudget(path, options, Text("个 HTML 元素", "HTML elements"))
    for spot in spots:
        if spot.shape == "html":
            pages.append(read_fragments(spot.obj, spot.where, path, options, markup))
        elif spot.shape == "month totals":
            totals += month_totals(result, spot.obj, spot.where)
        elif spot.shape == "products":
            products.append(spot)
        else:
            trees += _trees(result, spot)
    carrier, why = _carrier(doc, trees, result)
    if carrier:
        result.notes.append(say(f"运营商 {carrier}：{why}", f"carrier {carrier}: {why}"))
    empty = [t for t in trees if t.empty]
    trees = _drop_copies(result, [t for t in trees if not t.empty])
    if trees:
        try:
            unit = decide_unit(trees, _documented_unit(trees), options)
        except ValueParseError as exc:
            raise InputError(str(path), str(exc), code=exc.code) from None
        shapes = _shapes(trees)
        result.notes.append(
            say(f"按{shapes}读取；金额单位为{unit.why}", f"read as {shapes}; amounts in {unit.why}")
        )
        reading = DocumentReading(path, options, result, carrier, unit.unit)
        for tree in trees:
            place_tree(reading, tree)
        _check_month_totals(result, totals, unit.unit)
    elif totals:
        result.set_aside["total"] += len(totals)
    set_aside_empty(result, empty)
    for spot in products:
        _read_product_list(result, spot, path, options, carrier)
    if pages:
        result = merge_results(path, [result, *pages])
    result.kind = BILL if result.bills or not result.services else SERVICES
    if not result.bills and not result.services:
        result.alerts.append(
            say(
                "文档里没有账单，也没有业务：没有可审计的内容",
                "the document holds no bill and no service: nothing to audit",
            )
        )
    return result


def _trees(result: ReadResult, spot: Spot) -> list[RawTree]:
    """The bill trees of one structure; what a tree does not state itself (its line, month,
    total) comes from the objects around it."""
    if spot.shape == "billinfo":
        trees = [billinfo_month(result, spot.obj, spot.where)]
    elif spot.shape == "month map":
        trees = month_map(result, spot.obj, spot.where)
    elif spot.shape == "flat tree":
        keys = {norm_key(k) for item in spot.obj if isinstance(item, dict) for k in item}
        documented = portal_config()["shapes"]["telecom-class-tree"]
        shape = "telecom-class-tree" if set(documented["keys"]) <= keys else spot.shape
        trees = [RawTree(shape, spot.where, flat_tree(result, spot.obj, spot.where))]
    else:
        trees = [RawTree(spot.shape, spot.where, nested_tree(result, spot.obj, spot.where))]
    for tree in trees:
        tree.month = tree.month or nearby(key_role("month"), spot.holders)
        # a number beside the bill (a contact's, another account's) is not its line
        tree.line = tree.line or nearby(key_role("line"), spot.holders, beside=False)
        if spot.shape != "billinfo":  # a billinfo month states its own total, or none
            tree.total = tree.total or nearby(key_role("total"), spot.holders)
    return trees


def _drop_copies(result: ReadResult, trees: list[RawTree]) -> list[RawTree]:
    """One tree per bill the document repeats (China Unicom's ``billList`` repeats its
    ``billInfo``): trees with the same charges and no other month, or giving the same
    line's same month. The copy whose month and total stand beside it, else the fuller
    one, is kept; copies that differ say so."""
    kept: list[RawTree] = []
    for tree in trees:
        twin = next((k for k in kept if _same_bill(k, tree)), None)
        if twin is None:
            kept.append(tree)
            continue
        better = max((twin, tree), key=_completeness)
        worse = tree if better is twin else twin
        kept[kept.index(twin)] = better
        result.set_aside["duplicate"] += len(worse.nodes())
        if _signature(worse) == _signature(better):
            result.notes.append(
                say(
                    f"{worse.where} 重复了 {better.where} 的账单：只读取一次",
                    f"{worse.where} repeats the bill of {better.where}: read once",
                )
            )
        else:
            month = _month_of(better)
            result.warnings.append(
                say(
                    f"{worse.where} 和 {better.where} 都给出了 {month} 的账单，但内容不同："
                    f"读取 {better.where}（它的月份和合计就在旁边）",
                    f"{worse.where} and {better.where} both give the bill of {month} "
                    f"and differ: {better.where} is read (its month and total stand beside it)",
                )
            )
    return kept


def _same_bill(a: RawTree, b: RawTree) -> bool:
    months = {_month_of(t) for t in (a, b)}
    lines_a, lines_b = _lines_of(a), _lines_of(b)
    if None not in months and len(months) == 1 and (lines_a <= lines_b or lines_b <= lines_a):
        return True  # the same line's same month, however its items are written
    signature_a, signature_b = _signature(a), _signature(b)
    if not signature_a or signature_a != signature_b:
        return False
    return len(months - {None}) <= 1


def _lines_of(tree: RawTree) -> frozenset[str]:
    """The lines a tree names: in its nodes (CDMA：…, accNbr) or beside it."""
    named = {n.line or n.name for n in tree.nodes() if n.line or find_phones(n.name)}
    if tree.line is not None:
        named.add(nfkc(tree.line.value))
    return frozenset(named)


def _signature(tree: RawTree) -> list[tuple[str, object]]:
    """The tree's non-zero charges (name, amount as written), in a comparable order."""
    found = []
    for node in tree.leaves():
        try:
            amount: object = Decimal(nfkc(node.amount))
        except (InvalidOperation, ValueError):
            amount = nfkc(node.amount)
        if amount != 0:
            found.append((node.name, amount))
    return sorted(found, key=str)


def _month_of(tree: RawTree) -> str | None:
    if tree.month is None:
        return None
    try:
        return parse_month(tree.month.value)
    except ValueParseError:
        return nfkc(tree.month.value)


def _completeness(tree: RawTree) -> tuple:
    own = [f is not None and f.own for f in (tree.total, tree.month)]
    return (*own, len(tree.nodes()))


def _documented_unit(trees: list[RawTree]) -> str | None:
    shapes = portal_config()["shapes"]
    units = {shapes[t.shape]["unit"] for t in trees if t.shape in shapes}
    return only(list(units))


def _shapes(trees: list[RawTree]) -> str:
    shapes = portal_config()["shapes"]
    names = dict.fromkeys(
        shapes[t.shape]["describe"] if t.shape in shapes else _shape_name(t.shape) for t in trees
    )
    return ", ".join(names)


def _shape_name(shape: str) -> str:
    """A shape of SPOTTERS as shown in a note."""
    name = _SHAPE_NAMES.get(shape)
    return name.shown() if name else shape


def _carrier(doc: Any, trees: list[RawTree], result: ReadResult) -> tuple[str | None, str]:
    """The document's carrier and why: its own text first, then its documented shape.
    Both are kept as the file's carrier clues."""
    text = _document_text(doc)
    shapes = portal_config()["shapes"]
    documented = dict.fromkeys(t.shape for t in trees if t.shape in shapes)
    shaped = [
        (
            say(f"其结构（{shapes[s]['describe']}）", f"its shape ({shapes[s]['describe']})"),
            shapes[s]["carrier"],
        )
        for s in documented
    ]
    result.carrier_clues = [*text_clues(text), *shaped]
    words = detect_carrier(text)
    if words:
        return words, say("文档的文字中写明了", "named in the document's text")
    if shaped:
        return shaped[0][1], shaped[0][0]
    return None, ""


def _document_text(doc: Any) -> str:
    """The document's strings, but the names of its items and products (a 移动数据流量
    item names no carrier)."""
    skip = (key_role("name"), role("services", "name"))
    texts: list[str] = []
    stack: list[Any] = [doc]
    while stack and len(texts) < _MAX_TEXTS:
        obj = stack.pop()
        if isinstance(obj, dict):
            names = {k for r in skip if (k := r.key(obj)) is not None}
            for key, value in obj.items():
                if isinstance(value, str) and key not in names:
                    texts.append(value)
                elif isinstance(value, dict | list):
                    stack.append(value)
        elif isinstance(obj, list):
            stack += [v for v in obj if isinstance(v, dict | list | str)]
        elif isinstance(obj, str):
            texts.append(obj)
    return "\n".join(texts)


def _check_month_totals(result: ReadResult, totals: list[tuple[Any, Any, str]], unit: str) -> None:
    """Lists of month totals (earlier months' sums, without items): each is set aside; one
    that disagrees with the bill of its month is a warning, and the months with no bill
    here are named, so that none reads as audited."""
    billed = {b.period: b for b in result.bills}
    missing = []
    for month, amount, where in totals:
        result.set_aside["total"] += 1
        try:
            period, fen = parse_month(month), total_to_fen(amount, unit)
        except ValueParseError:
            missing.append(nfkc(month))
            continue
        bill = billed.get(period)
        if bill is None:
            missing.append(period)
        elif bill.stated_total_fen is not None and bill.stated_total_fen != fen:
            result.warnings.append(
                AmountText(
                    "{at}：给出的 {period} 为 {given}，账单写的是 {stated}",
                    "{at}: gives {period} as {given}, the bill states {stated}",
                    at=where,
                    period=period,
                    given=fen,
                    stated=bill.stated_total_fen,
                )
            )
    if missing:
        months = sorted(set(missing))
        span = f"{months[0]}…{months[-1]}"
        result.warnings.append(
            say(
                f"有 {len(months)} 个月只有合计、没有明细（{span}）：未审计",
                f"totals without their items for {counted(len(months), 'month')} ({span}): "
                "not audited",
            )
        )


def _read_product_list(
    result: ReadResult, spot: Spot, path: Path, options: ReadOptions, carrier: str | None
) -> None:
    """One list of subscribed products; the line from the objects around it."""
    near = nearby(key_role("line"), spot.holders, beside=False)
    text = nfkc(near.value) if near else ""
    line, masked = only(find_phones(text)), tuple(masked_lines(text))
    ctx = resolve(path, options, line=line, carrier=carrier, result=result, masked=masked)
    require(path, ctx, "line")
    if near:
        check_masked_line(path, text, ctx.line, near.locator, options)
    result.carrier = result.carrier or ctx.carrier
    uncertain = read_products(result, spot.obj, spot.where, spot.key, ctx.line, ctx.carrier or "")
    for flag, count in sorted(uncertain.items()):
        result.notes.append(
            say(
                f"{spot.where}：{count} 个产品上的 cancelFlag {flag} 没有文档说明的含义："
                "按它们的日期判断状态",
                f"{spot.where}: cancelFlag {flag} on {counted(count, 'product')} has no "
                "documented meaning: their state is taken from their dates",
            )
        )


def _describe(doc: Any) -> str:
    """What the top of a document holds, for the unknown-shape error."""
    if isinstance(doc, dict):
        keys = list(doc)[:12]
        more = ", …" if len(doc) > 12 else ""
        if not keys:
            return say("一个空对象", "an empty object")
        shown = ", ".join(map(str, keys)) + more
        return say(f"其顶层键：{shown}", f"its top-level keys: {shown}")
    if isinstance(doc, list):
        return say(f"一个含 {len(doc)} 个值的列表", f"a list of {counted(len(doc), 'value')}")
    name = type(doc).__name__
    return say(f"单个 {name} 值", f"a single {name} value")


def _join(where: str, key: str | None) -> str:
    return f"{where}.{key}" if where else str(key or "")
