"""Subscribed-product lists in portal JSON (已订业务), such as China Unicom's
``queryOrderRelationship``: its main plan, other products, data packages and free network
functions, each list an array of entries naming a product.

An entry's name is the most specific one it carries (a network function inside a
package inside a product); its type is its own type field, else what its list's key says
(``mainProductInfo`` → 主套餐); its state is the carrier's flag where the flag's meaning
is documented, else its dates decide.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from auditor.errors import ValueParseError
from auditor.lang import say
from auditor.model import ReadResult, RowIssue, Service
from auditor.readers.json_keys import norm_key, portal_config, role
from auditor.trial_price import states_trial
from auditor.values import nfkc, parse_datetime, parse_expiry, parse_price


def _role(name: str):
    return role("services", name)


def is_product_list(obj: Any) -> bool:
    """A list holding at least one entry that names a product, package or service."""
    return isinstance(obj, list) and any(_role("name").key(v) is not None for v in obj)


def list_type(list_key: str) -> str:
    """What a list's key says its entries are (``liuLiangProductInfo`` → 流量包), or ''."""
    key = norm_key(list_key)
    for part, label in portal_config()["services"]["list_types"]:
        if part in key:
            return label
    return ""


def read_products(
    result: ReadResult, entries: list, where: str, list_key: str, line: str, carrier: str
) -> Counter:
    """Add each entry of a product list as a service; return the uncertain flags met."""
    conf = portal_config()["services"]
    uncertain: Counter = Counter()
    listed_as = list_type(list_key)
    for i, raw in enumerate(entries):
        result.rows_read += 1
        at = f"{where}[{i}]"
        try:
            service = _product(raw, listed_as, conf)
        except (AttributeError, TypeError, ValueParseError) as exc:
            result.unparseable.append(
                RowIssue(
                    at, say(f"产品无法读取：{exc}", f"product not readable: {exc}"), str(raw)[:80]
                )
            )
            continue
        if service.status_text and not service.status:
            flag = service.status_text.rsplit(" ", 1)[-1]
            if flag in conf["uncertain_flags"]:
                uncertain[flag] += 1
            else:
                result.warnings.append(
                    say(
                        f"{at}：未知的 {service.status_text}",
                        f"{at}: unknown {service.status_text}",
                    )
                )
        service.line, service.carrier = line, carrier
        service.source, service.locator = result.path, at
        result.services.append(service)
    return uncertain


def _product(raw: Any, listed_as: str, conf: dict) -> Service:
    if not isinstance(raw, dict):
        raise ValueParseError(say("条目不是对象", "entry is not an object"))

    def text(name: str) -> str:
        return nfkc(_role(name).filled(raw)[1])

    def value(name: str) -> Any:
        return _role(name).filled(raw)[1]

    # as printed, full-width brackets kept (沃音乐会员（首月免费体验）): what the user looks
    # for in the carrier's app; matching folds the width (auditor.names.service_key)
    raw_name = value("name")
    name = "" if raw_name is None else str(raw_name).strip()
    if not name:
        raise ValueParseError(say("没有产品名称", "no product name"))
    flag_key, flag = _role("flag").filled(raw)
    flag = nfkc(flag)
    return Service(
        line="",
        name=name,
        code=text("code"),
        type=text("type") or listed_as,
        provider=text("provider"),
        price_fen=parse_price(value("price")),
        trial=states_trial(value("price")),
        ordered=parse_datetime(value("ordered")),
        effective=parse_datetime(value("effective")),
        expires=parse_expiry(value("expires")),
        cancelled=parse_datetime(value("cancelled")),
        status=conf["flags"].get(flag, ""),
        status_text=f"{flag_key} {flag}" if flag_key else "",
    )
