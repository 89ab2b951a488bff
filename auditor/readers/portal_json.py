"""Carrier portal JSON: the bill and service-list responses users save from a carrier's site.

Three shapes are known (field names and code tables in ``auditor/catalog/portal.toml``):

China Mobile ``billinfo`` (real sample: shared/realworld/china-mobile-billinfo.json)::

    {"retCode": "000000", "data": [{"billMonth": "201806", "billFee": "23.04",
      "billMaterials": [{"billEntriy": "01", "billEntriyValue": "18.00",
        "billMaterialInfos": [{"itemName": "包月使用费", "itemValue": "18.00"}]}]}]}

  one bill per month, amounts in yuan, ``billEntriy`` a section code (01 套餐及固定费 ...).

China Telecom item tree (github.com/Sunert/Scripts issue 4)::

    {"serviceResultCode": "0", "items": [{"acctName": null, "items": [
      {"charge": "4740", "chargetypeName": "爽卡", "classId": "1000",
       "parentClassId": "0", "showLevel": "1"}, ...]}]}

  a flat list (bare, under ``items``, or under account groups) forming a tree by
  ``parentClassId``: level 1 the plan brand (the stated total), level 2 the line
  (``手机：177xxxx5383``), then sections and items; ``charge`` is in FEN.

China Unicom (shape designed from the Unicom bill's categories; no public sample)::

    {"respCode": "0000", "data": {"serialNumber": "18600005678", "billList": [
      {"cycleId": "202610", "realFee": "53.60", "billItems": [
        {"name": "月固定费", "fee": "29.00", "items": [{"name": "冰激凌套餐29元", "fee": "29.00"}]},
        {"name": "代收费（信息费）", "fee": "3.00", "items": [
          {"name": "手机报-新闻早晚报", "fee": "3.00", "spName": "北京某某信息技术有限公司"}]}]}]}}

  nested items in yuan; ``realFee`` is 实际应缴合计 (a top item named 实际应缴合计 also
  works). Its service list::

    {"respCode": "0000", "data": {"serialNumber": "18600005678", "productList": [
      {"productName": "沃音乐会员", "productFee": "10元/月", "startDate": "2026-09-03",
       "endDate": "--", "spName": "中国联通", "cancelFlag": "0"}]}}

  with ``cancelFlag`` 0 active, 4 pending (待生效), 1 cancelled.

Row accounting: every JSON record read (a month, a section, an item, a tree node, a
product) counts in ``rows_read`` and ends as a charge or service, set aside (a month's
total, a line's subtotal, a section) or unparseable.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from auditor.errors import InputError
from auditor.model import ReadResult
from auditor.readers.base import ReadOptions
from auditor.readers.portal_shapes import (
    find_objects,
    is_mobile_month,
    is_telecom_list,
    is_unicom_bill,
    is_unicom_products,
    read_mobile,
    read_telecom,
    read_unicom_bills,
    read_unicom_products,
)

UNKNOWN_SHAPE = (
    "JSON is not a bill or service list auditor knows (expected China Mobile billinfo, "
    "China Telecom item list, China Unicom bill/products)"
)

Shape = tuple[Callable[[Any], bool], Callable[..., ReadResult]]

#: Each known shape: how to spot its objects in a document, and how to read them.
SHAPES: list[Shape] = [
    (is_mobile_month, read_mobile),
    (is_telecom_list, read_telecom),
    (is_unicom_bill, read_unicom_bills),
    (is_unicom_products, read_unicom_products),
]


class PortalJsonReader:
    """Reads the carrier portal JSON shapes listed in this module's docstring."""

    name = "portal-json"
    suffixes: tuple[str, ...] = (".json",)

    def identify(self, path: Path, head: bytes) -> bool:
        """Every ``.json`` file: no other reader handles JSON, so an unknown shape gets
        this reader's clear error instead of "not a file type auditor reads"."""
        return path.suffix.lower() == ".json"

    def read(self, path: Path, data: bytes, options: ReadOptions) -> ReadResult:
        """Parse the JSON and read it with the first shape whose objects it holds."""
        doc = load_json(path, data)
        for spot, read in SHAPES:
            found = find_objects(doc, spot)
            if found:
                return read(found, doc, path, options)
        raise InputError(str(path), UNKNOWN_SHAPE)


def load_json(path: Path, data: bytes) -> Any:
    """Decode ``data`` (UTF-8, with or without BOM, or GB18030) and parse it as JSON.

    Numbers become :class:`~decimal.Decimal` (never float), so money stays exact.
    """
    if not data.strip():
        raise InputError(str(path), "file is empty")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError(str(path), "JSON is neither UTF-8 nor GB18030 text")
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise InputError(str(path), f"invalid JSON: {exc.msg}", where) from None
    except RecursionError:
        # No portal nests its payload hundreds of levels deep; this is not a bill.
        raise InputError(str(path), "JSON nests too deeply to be a bill") from None
