"""Bill structures in portal JSON, read as written: trees of named amounts.

Every portal bill is a tree of sections and items, whatever its shape:

- a **nested tree**: a list of ``{name, amount, children: [...]}`` (China Telecom's
  ``billItems`` family bill, China Unicom's ``billList``);
- a **flat tree**: a list of ``{name, amount, id, parentId}`` linked by parent
  (China Telecom's ``classId`` list, China Unicom's ``billInfo``);
- a **billinfo month** (China Mobile): ``billMaterials`` sections named by a code, each
  with its ``billMaterialInfos`` items;
- a **month map** (the InfoSpider crawler's export): ``{"202006": [items], ...}``.

This module only builds :class:`RawTree` records, trees of
:class:`~auditor.readers.sections.Node` with their amounts kept exactly as the document
writes them: whether ``"4740"`` is yuan or fen is decided for the whole document
afterwards (:mod:`auditor.readers.portal_bills`). Field names are found by their role
(:mod:`auditor.readers.json_keys`). Every JSON record met counts in ``rows_read``; a
record that cannot be placed is an unparseable row, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from auditor.errors import ValueParseError
from auditor.lang import say
from auditor.model import ReadResult, RowIssue
from auditor.readers.detect import only
from auditor.readers.json_keys import key_role, norm_key, portal_config, role
from auditor.readers.sections import Node, depth_first
from auditor.values import find_phones, nfkc, parse_month

_MONTH_START = re.compile(r"^(19|20)\d{2}")


@dataclass
class Found:
    """A value the document gives near a tree (its month, line or total) and where."""

    value: Any
    locator: str
    #: Given by the object holding the tree itself (or one around it), not by a
    #: neighbouring object: such a tree is the document's main copy of its bill.
    own: bool = True


@dataclass
class RawTree:
    """One bill-shaped structure of a document, amounts not yet parsed."""

    shape: str  # a key of portal.toml [shapes], or "nested tree" / "flat tree" / "month map"
    where: str
    roots: list[Node[Any]]
    month: Found | None = None
    total: Found | None = None
    line: Found | None = None
    #: The document lists this month with nothing in it (no sections, a zero total): it is
    #: not a bill, and must not read as a reconciled 0.00 one.
    empty: bool = False
    #: The month is an object of its own (a billinfo month): one more row of the file.
    month_record: bool = False

    @property
    def top_items(self) -> bool:
        """The roots are items of a list without sections (a billinfo month's roots are
        always sections: they are named by a section code)."""
        return self.shape != "billinfo" and not any(r.children for r in self.roots)

    def nodes(self) -> list[Node[Any]]:
        """Every node of the tree, depth first."""
        return [node for node, _ in depth_first(self.roots)]

    def leaves(self) -> list[Node[Any]]:
        """The nodes without children: what becomes charges."""
        return [n for n in self.nodes() if not n.children]


# ---------------------------------------------------------------------------- spotting


def _name(obj: Any) -> str | None:
    key = key_role("name").key(obj)
    value = obj.get(key) if key else None
    return None if value is None or isinstance(value, dict | list) else str(value)


def is_item(obj: Any) -> bool:
    """An object naming an amount: a bill item or section."""
    return (
        isinstance(obj, dict) and _name(obj) is not None and key_role("amount").key(obj) is not None
    )


def _children_key(obj: dict) -> str | None:
    """The key holding a node's sub-items: a list of items (or an empty list)."""
    empty = None
    for key, value in obj.items():
        if isinstance(value, list):
            if any(is_item(v) for v in value):
                return key
            if not value and empty is None:
                empty = key
    return empty


def is_nested_tree(obj: Any) -> bool:
    """A list holding bill items (each may hold further items)."""
    return isinstance(obj, list) and any(is_item(v) for v in obj)


def id_key(obj: dict, parent_key: str) -> str | None:
    """The item's own id: the parent key without its ``parent`` (classId for
    parentClassId, integrateItemCode for parentItemCode)."""
    wanted = norm_key(parent_key).removeprefix("parent")
    if not wanted:
        return None
    candidates = [k for k in obj if k != parent_key and norm_key(k) == wanted]
    candidates = candidates or [
        k for k in obj if k != parent_key and norm_key(k).endswith(wanted) and len(wanted) > 2
    ]
    return candidates[0] if len(candidates) == 1 else None


def is_flat_tree(obj: Any) -> bool:
    """A list of items linked by parent ids, none holding items of its own."""
    if not is_nested_tree(obj):
        return False
    parent = key_role("parent")
    linked = 0
    for item in obj:
        if not isinstance(item, dict):
            continue
        key = _children_key(item)
        if key and item[key]:
            return False
        parent_key = parent.key(item)
        if parent_key and id_key(item, parent_key):
            linked += 1
    return linked * 2 >= len(obj)


def is_billinfo_month(obj: Any) -> bool:
    """A China Mobile billinfo month: an object with a list of sections (or a month beside
    broken sections, read so that it is not lost unseen)."""
    sections = role("shapes.billinfo", "sections").key(obj)
    if sections is None:
        return False
    return isinstance(obj[sections], list) or key_role("month").key(obj) is not None


def month_keys(obj: Any) -> list[str]:
    """The keys of a month → items map (``202006``), when ``obj`` is one."""
    if not isinstance(obj, dict) or not obj:
        return []
    months = [k for k in obj if _is_month(k) and isinstance(obj[k], list)]
    return months if len(months) * 2 >= len(obj) else []


def _is_month(key: str) -> bool:
    """A key naming a billing month (``202006``, ``2020-06``, ``2020年06月``)."""
    if len(key) > 16 or not _MONTH_START.match(key):
        return False
    try:
        parse_month(key)
    except ValueParseError:
        return False
    return True


def is_month_totals(obj: Any) -> bool:
    """A list of month totals without items (``[{fee, cycleid}, ...]``)."""
    return (
        isinstance(obj, list)
        and bool(obj)
        and all(
            isinstance(v, dict)
            and key_role("month").key(v) is not None
            and key_role("amount").key(v) is not None
            and _name(v) is None
            for v in obj
        )
    )


# ---------------------------------------------------------------------------- building


def _item_node(result: ReadResult, obj: Any, at: str) -> Node[Any] | None:
    """One item or section as a node (children not yet attached); None when unreadable."""
    result.rows_read += 1
    if not is_item(obj):
        if not isinstance(obj, dict):
            what = say("项目不是对象", "item is not an object")
        elif _name(obj) is not None:
            what = say("项目没有金额", "item has no amount")
        else:
            what = say("项目没有名称", "item has no name")
        result.unparseable.append(RowIssue(at, what, str(obj)[:80]))
        return None
    provider = nfkc(key_role("provider").value(obj))
    code = nfkc(key_role("code").value(obj))
    raw = obj[key_role("amount").key(obj)]
    line = only(find_phones(nfkc(key_role("line").value(obj))))
    return Node(str(_name(obj)).strip(), raw, at, provider=provider, code=code, line=line or "")


def nested_tree(result: ReadResult, items: list, where: str) -> list[Node[Any]]:
    """The roots of a nested item tree; every object in it is one row."""
    roots: list[Node[Any]] = []
    # An explicit stack: a tree as deep as the JSON allows must not exhaust recursion.
    stack: list[tuple[Any, str, Node[Any] | None]] = [
        (obj, f"{where}[{i}]", None) for i, obj in reversed(list(enumerate(items)))
    ]
    while stack:
        obj, at, parent = stack.pop()
        node = _item_node(result, obj, at)
        if node is None:
            continue
        (parent.children if parent else roots).append(node)
        key = _children_key(obj)
        if key:
            children = [(c, f"{at}.{key}[{i}]", node) for i, c in enumerate(obj[key])]
            stack += reversed(children)
    return roots


def flat_tree(result: ReadResult, items: list, where: str) -> list[Node[Any]]:
    """Link a flat item list into trees by parent id; return the roots.

    A node whose parent is missing (or that sits in a loop) is unparseable, with
    everything under it: it cannot be placed, and guessing would misstate the bill.
    """
    parent_role = key_role("parent")
    nodes: dict[str, tuple[Node[Any], str, str]] = {}
    for i, obj in enumerate(items):
        at = f"{where}[{i}]"
        node = _item_node(result, obj, at)
        if node is None:
            continue
        parent_key = parent_role.key(obj)
        own_key = id_key(obj, parent_key) if parent_key else None
        if own_key is None:
            result.unparseable.append(
                RowIssue(at, say("项目没有 id 或父级 id", "item has no id or parent id"), node.name)
            )
            continue
        own = nfkc(obj[own_key])
        node.locator = f"{at} ({own})"
        if own in nodes:
            result.unparseable.append(
                RowIssue(at, say(f"{own_key} {own} 出现了两次", f"{own_key} {own} appears twice"))
            )
            continue
        nodes[own] = (node, nfkc(obj[parent_key]), own_key)
    roots, reached = [], set()
    for node, parent, _ in nodes.values():
        if parent in nodes:
            nodes[parent][0].children.append(node)
        elif parent in ("", "0", "-1"):
            roots.append(node)
    stack = list(roots)
    while stack:
        node = stack.pop()
        reached.add(id(node))
        stack += node.children
    for node, parent, own_key in nodes.values():
        if id(node) not in reached:
            reason = say(
                f"它的父级 {own_key} {parent} 不在列表中（或形成了循环）",
                f"its parent {own_key} {parent} is not in the list (or is in a loop)",
            )
            result.unparseable.append(RowIssue(node.locator, reason, node.name))
    return roots


def billinfo_month(result: ReadResult, month: dict, where: str) -> RawTree:
    """A China Mobile billinfo month: sections named by their code, with their items."""
    conf = portal_config()["shapes"]["billinfo"]
    sections_key = role("shapes.billinfo", "sections").key(month)
    month_key, month_value = key_role("month").filled(month)
    if month_value is None:
        month_key = next((k for k in month if norm_key(k) == "billstartdate"), None)
        month_value = month.get(month_key) if month_key else None
    total_key, total_value = key_role("total").filled(month)
    tree = RawTree(
        "billinfo",
        where,
        [],
        month=Found(month_value, _join(where, month_key)) if month_value is not None else None,
        total=Found(total_value, _join(where, total_key)) if total_value is not None else None,
        month_record=True,
    )
    broken = not isinstance(month[sections_key], list | None)
    sections = _list_or_note(result, month[sections_key], _join(where, sections_key))
    for j, raw in enumerate(sections):
        at = f"{_join(where, sections_key)}[{j}]"
        result.rows_read += 1
        if not isinstance(raw, dict):
            result.unparseable.append(
                RowIssue(at, say("分组不是对象", "section is not an object"), str(raw)[:80])
            )
            continue
        code = nfkc(role("shapes.billinfo", "code").value(raw))
        # An unknown code keeps the code as its section name; its items still name themselves.
        section = Node(conf["codes"].get(code, code), _section_amount(raw), at)
        items_key = role("shapes.billinfo", "items").key(raw)
        infos = _list_or_note(result, raw.get(items_key), _join(at, items_key))
        for k, info in enumerate(infos):
            node = _item_node(result, info, f"{at}.{items_key}[{k}]")
            if node is not None:
                section.children.append(node)
        tree.roots.append(section)
    # Every section zero and without items, the total zero or "-0": not yet billed, or
    # no bill at all; a reconciled 0.00 bill would claim a month checked and found fine.
    zero = all(not n.children and _is_zero(n.amount) for n in tree.roots)
    tree.empty = not broken and zero and _is_zero(total_value)
    return tree


def _section_amount(section: dict) -> Any:
    value = role("shapes.billinfo", "amount").value(section)
    return value if value is not None else key_role("amount").value(section)


def month_map(result: ReadResult, obj: dict, where: str) -> list[RawTree]:
    """A month → items map: one tree of items per month, no sections, no totals."""
    trees = []
    for key in month_keys(obj):
        at = _join(where, key)
        tree = RawTree("month map", at, [], month=Found(key, at))
        tree.roots = nested_tree(result, obj[key], at)
        tree.empty = not obj[key]
        trees.append(tree)
    return trees


def month_totals(result: ReadResult, entries: list, where: str) -> list[tuple[Any, Any, str]]:
    """The (month, amount, locator) of a list of month totals; each entry is one row."""
    found = []
    for i, entry in enumerate(entries):
        result.rows_read += 1
        found.append(
            (key_role("month").value(entry), key_role("amount").value(entry), f"{where}[{i}]")
        )
    return found


def _is_zero(value: Any) -> bool:
    """True for a total that states nothing was billed: absent, ``0.00`` or ``-0``."""
    text = nfkc(value).lstrip("+-")
    return not text or (text.replace(".", "", 1).isdigit() and not text.strip("0."))


def _list_or_note(result: ReadResult, value: Any, where: str) -> list:
    """``value`` when it is a list; absent is empty; anything else is an unparseable row."""
    if value is None or isinstance(value, list):
        return value or []
    result.rows_read += 1  # the odd value is one row read, and it is not lost
    result.unparseable.append(
        RowIssue(where, say("这里应是项目列表", "expected a list of items"), str(value)[:80])
    )
    return []


def _join(where: str, key: str | None) -> str:
    return f"{where}.{key}" if where else str(key or "")
