"""The active language: chosen from --lang, AUDITOR_LANG or the locale."""

import pytest

from auditor import lang


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"AUDITOR_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"AUDITOR_LANG": "fr", "LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LC_ALL": "", "LANG": "zh_HK"}, "zh"),
        ({"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LANGUAGE": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANGUAGE": "zh_CN", "LANG": "C.UTF-8"}, "en"),
        ({"LANGUAGE": "zh_CN"}, "zh"),
    ],
)
def test_default_lang_follows_the_environment(environ, expected):
    assert lang.default_lang(environ) == expected


def test_say_and_text_follow_the_active_language():
    label = lang.Text("已退订", "cancelled")
    with lang.using("en"):
        assert lang.say("退订", "cancel") == "cancel"
        assert label.shown() == "cancelled"
        assert f"{label}" == "cancelled"
    with lang.using("zh"):
        assert lang.say("退订", "cancel") == "退订"
        assert str(label) == "已退订"


def test_using_restores_the_language_before():
    lang.use("en")
    with lang.using("zh"):
        assert lang.active() == "zh"
    assert lang.active() == "en"


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        lang.use("fr")


def test_tests_start_in_chinese():
    assert lang.active() == "zh"


def test_counted_gives_the_noun_its_number():
    assert lang.counted(1, "file") == "1 file"
    assert lang.counted(0, "file") == "0 files"
    assert lang.counted(3, "unread row") == "3 unread rows"
    assert lang.counted(2, "entry", "entries") == "2 entries"
