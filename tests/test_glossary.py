"""The English an English report gives beside the Chinese it quotes: a service's name
glossed from the words the catalog's glossary knows (none rather than a wrong one), an
app's path a label at a time; nothing of it in a Chinese report."""

from __future__ import annotations

import re
import tomllib
from importlib import resources

import pytest

from auditor import lang
from auditor.catalog import carriers
from auditor.catalog.glossary import (
    app_path_gloss,
    app_path_shown,
    glossed,
    glossed_in,
    service_gloss,
)

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
#: A gloss after a name, as the sheets show it: `` (SMS news service, finance)``.
_GLOSS = re.compile(r" \([A-Za-z][A-Za-z ,'-]*\)$")


def unglossed(shown: str) -> str:
    """A service's name as an English sheet shows it, without the gloss after it (what
    a person types a row by, as they read the name)."""
    return _GLOSS.sub("", shown)


@pytest.mark.parametrize(
    ("name", "gloss"),
    [
        ("手机报-财经早晚报", "SMS news service, finance"),
        ("咪咕视频会员", "Migu video membership"),
        ("咪咕音乐白金会员（7天免费体验）", "Migu music platinum membership, free trial"),
        ("视频彩铃订阅-酷电秀专属6元包", "video ringback tone subscription"),  # 视频彩铃 whole
        ("来电显示功能费", "caller ID feature fee"),
        ("新入网优惠（截至2026年9月30日）", "new-subscriber discount"),
        ("停机保号费", "fee to keep the number while suspended"),
        ("彩铃彩铃", "ringback tone"),  # a word twice over: once
        # none rather than a wrong one: no word known, or a name that says what it is not
        ("国内漫游费", ""),
        ("非会员专享包", ""),
        ("Netflix", ""),
        ("", ""),
    ],
)
def test_a_services_name_is_glossed_by_the_words_known(name, gloss):
    with lang.using("en"):
        assert service_gloss(name) == gloss
        assert glossed(name) == (f"{name} ({gloss})" if gloss else name)
        assert unglossed(glossed(name)) == name
    with lang.using("zh"):  # the Chinese report needs none
        assert service_gloss(name) == "" and glossed(name) == name


def test_a_message_glosses_the_name_where_it_names_it():
    with lang.using("en"):
        said = glossed_in("手机报-财经早晚报: you cancelled it", "手机报-财经早晚报")
        assert said == "手机报-财经早晚报 (SMS news service, finance): you cancelled it"
        quoted = glossed_in("the bill has 「停机保号费」, so", "停机保号费")
        assert quoted == "the bill has 「停机保号费」 (fee to keep the number while suspended), so"
        assert glossed_in("nothing named", "咪咕视频会员") == "nothing named"
    with lang.using("zh"):
        assert glossed_in("咪咕视频会员：已退订", "咪咕视频会员") == "咪咕视频会员：已退订"


def test_the_glossary_is_english_for_chinese_words():
    text = resources.files("auditor.catalog").joinpath("glossary.toml").read_text("utf-8")
    data = tomllib.loads(text)
    for table in ("app", "service"):
        assert data[table]
        for word, gloss in data[table].items():
            assert CJK.search(word) and not CJK.search(gloss), (word, gloss)
            assert gloss == gloss.strip() and _GLOSS.fullmatch(f" ({gloss})"), gloss


def test_every_app_path_of_the_catalog_is_glossed_a_label_at_a_time():
    paths = [p for c in carriers() for p in (c.app_list_path, c.app_cancel_path) if p]
    assert "我的 → 已订业务 → 退订" in paths
    with lang.using("en"):
        for path in paths:
            gloss = app_path_gloss(path)
            assert not CJK.search(gloss), path  # every label the catalog uses is known
            assert gloss.count("→") == path.count("→")
            assert app_path_shown(path) == f"「{path}」 ({gloss})"
        assert app_path_gloss("我的 → 某个菜单") == "Me → 某个菜单"  # a label unknown kept
        assert app_path_gloss("某个菜单") == "" and app_path_shown("") == ""
    with lang.using("zh"):
        assert app_path_shown("我的 → 已订业务") == "「我的 → 已订业务」"
