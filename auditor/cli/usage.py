"""Usage errors on one line, in the active language: ``auditor: <what> (see … --help)``.

click says a usage error in four English lines (``Usage: …``, ``Try … for help.``, a
blank line, ``Error: …``), whatever language the rest of the run speaks. Every other
auditor error is one line, so usage errors are too: :func:`one_line` turns click's
exception into a :class:`UsageFailure` whose message is said in the active language
(click's own messages by their kind and fields, the option's value message as the
parameter type wrote it) and which names the command's ``--help``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

import click

from auditor.lang import say
from auditor.safe_text import safe_text

EXIT_USAGE = 2

# click's messages about a value its own types refused, and their Chinese.
_VALUE_MESSAGES = (
    (re.compile(r"^(.+?) is not one of (.+?)\.?$"), "{0} 不是可选的值（{1}）之一"),
    (re.compile(r"^(.+?) is not a valid integer( range)?\.?$"), "{0} 不是整数"),
    (re.compile(r"^(.+?) is not a valid float( range)?\.?$"), "{0} 不是数字"),
    (re.compile(r"^(.+?) is not in the range (.+?)\.?$"), "{0} 不在范围 {1} 内"),
    (re.compile(r"^(.+?) does not match the formats? (.+?)\.?$"), "{0} 不符合格式 {1}"),
    (re.compile(r"^(.+?) is not (.+?)\.?$"), "{0} 不是 {1}"),
)
_MISSING = {"argument": "参数", "option": "选项", "parameter": "参数"}


class UsageFailure(click.UsageError):
    """A usage error shown as one line on stderr, with the command's ``--help``."""

    exit_code = EXIT_USAGE

    def show(self, file=None) -> None:
        """``auditor: <message> (see auditor audit --help)``, made safe."""
        where = self.ctx.command_path if self.ctx else "auditor"
        hint = say(f"（用法见 {where} --help）", f" (see {where} --help)")
        click.echo(f"auditor: {safe_text(self.format_message())}{hint}", err=True, file=file)


def _hint(error: click.BadParameter) -> str:
    """The parameter the error is about, as click names it (``'--on'``)."""
    hint = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint(error.ctx)
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(hint)
    return str(hint or "")


def _value_message(message: str) -> str:
    """A value's problem as click's own types say it, in Chinese where known."""
    for pattern, chinese in _VALUE_MESSAGES:
        found = pattern.match(message)
        if found:
            return chinese.format(*found.groups())
    return message


def _chinese(error: click.UsageError) -> str:
    """What ``error`` says, in Chinese."""
    if isinstance(error, click.MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param else "")
        return f"缺少{_MISSING.get(kind, '参数')} {_hint(error)}".rstrip()
    if isinstance(error, click.BadParameter):
        hint = _hint(error)
        value = _value_message(error.message)
        return f"{hint} 的值无效：{value}" if hint else f"值无效：{value}"
    if isinstance(error, click.NoSuchOption):
        guesses = sorted(error.possibilities or ())
        maybe = f"（是不是 {'、'.join(guesses)}？）" if guesses else ""
        return f"没有这个选项：{error.option_name}{maybe}"
    if isinstance(error, click.BadOptionUsage):
        if "requires" in error.message:
            return f"选项 {error.option_name} 需要一个值"
        if "does not take a value" in error.message:
            return f"选项 {error.option_name} 不带值"
    message = error.format_message()
    found = re.match(r"^No such command '(.+)'\.$", message)
    if found:
        return f"没有这个命令：{found[1]}"
    found = re.match(r"^Got unexpected extra arguments? \((.+)\)$", message)
    if found:
        return f"多余的参数：{found[1]}"
    return message


def one_line(error: click.UsageError) -> UsageFailure:
    """``error`` as a :class:`UsageFailure` in the active language."""
    if isinstance(error, UsageFailure):
        return error
    message = say(_chinese(error), error.format_message().rstrip("."))
    return UsageFailure(message, ctx=error.ctx)


@contextlib.contextmanager
def on_one_line() -> Iterator[None]:
    """Any click usage error raised inside re-raised as :func:`one_line`'s."""
    try:
        yield
    except click.UsageError as error:
        raise one_line(error) from None
