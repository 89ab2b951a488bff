"""``--help`` in the active language: click's commands, groups, context and help formatter,
each taught to say their texts in Chinese when the language is ``zh``.

Nothing of click is patched: every ``auditor`` command is a :class:`LocalCommand` or
:class:`LocalGroup` (``cls=``), whose context makes a :class:`LocalFormatter`. In Chinese,

- a command's help and short help are its Chinese text (:mod:`auditor.cli.help_zh`, found
  by the first paragraph of its English one), each option's by its English help;
- click's own words (``Usage:``, ``Options:``, ``Commands:``, ``[default: …]``) are the
  formatter's, said in Chinese;
- text is wrapped by its width on screen (a CJK character takes two columns, and a line
  may break between two of them), where click counts characters and breaks at spaces.

In English, all of it is click's, unchanged. The language is set before click parses a
command's options (:meth:`Localized.parse_args`), so ``--help`` shows the language
asked for wherever ``--lang`` stands on the command line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import click
from click.formatting import HelpFormatter, measure_table

from auditor import lang
from auditor.cli import help_zh
from auditor.cli.streams import streams_that_may_close
from auditor.cli.usage import on_one_line
from auditor.writers.measure import display_width

#: Where the language chosen for a run is kept: the root context's ``meta``, which every
#: subcommand's context shares (so ``auditor --lang en audit`` reaches the audit).
LANG_KEY = "auditor.lang"

#: click's headings and the words of its option help, in Chinese.
_HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}

_WIDE = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
#: A piece a line may break after: a run of spaces, one wide character, or a run of the rest.
_PIECE = re.compile(rf"\s+|[{_WIDE}]|[^\s{_WIDE}]+")
#: Never first on a line: closing punctuation (Chinese typesetting's rule).
_NOT_FIRST = set("，。；：、）］】」』”！？》,.;:!?)]")


def asked_lang(args: Sequence[str]) -> str | None:
    """The language ``--lang X`` (or ``--lang=X``) asks for among ``args``, the last one
    given, before a ``--``; None when none is, or it names no language."""
    found = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            found = args[index + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return found if found in lang.LANGS else None


def zh() -> bool:
    """Whether help is said in Chinese now."""
    return lang.active() == "zh"


def wrap_wide(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """``text`` (one paragraph) in lines at most ``width`` columns wide on screen, the
    first starting with ``first``, the others with ``rest``: broken at spaces and between
    wide characters; closing punctuation never starts a line (the character before it
    goes down with it); a word wider than a line stands alone on it."""
    lines: list[str] = []
    line: list[str] = []  # the pieces of the line being filled, a space before some
    indent, used = first, display_width(first)
    space = False
    for piece in _PIECE.findall(text):
        if piece.isspace():
            space = bool(line)
            continue
        part = (" " if space else "") + piece
        space = False
        if not line or used + display_width(part) <= width:
            line.append(part)
            used += display_width(part)
            continue
        carried = [piece]
        if piece[0] in _NOT_FIRST and len(line) > 1 and not part.startswith(" "):
            carried.insert(0, line.pop().lstrip())
        lines.append(indent + "".join(line))
        indent = rest
        line = carried
        used = display_width(rest) + sum(display_width(p) for p in line)
    if line or not lines:
        lines.append(indent + "".join(line))
    return lines


def _joined(lines: Iterable[str]) -> str:
    """A paragraph's lines as one text: a space between two lines, unless both sides of
    the break are wide characters (Chinese has no space between words)."""
    text = ""
    for line in lines:
        line = line.strip()
        if text and not (re.match(rf"[{_WIDE}]", line) and re.search(rf"[{_WIDE}]$", text)):
            text += " "
        text += line
    return text


class LocalFormatter(HelpFormatter):
    """click's help formatter, in Chinese when the language is ``zh`` (see the module)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        """``用法：auditor audit [OPTIONS] INPUTS...`` in Chinese."""
        if not zh() or prefix is not None:
            super().write_usage(prog, args, prefix)
            return
        head = f"{'':>{self.current_indent}}用法：{prog} "
        lines = wrap_wide(args, self.width, head, " " * display_width(head))
        self.write("\n".join(lines) + "\n")

    def write_heading(self, heading: str) -> None:
        """``选项：`` for ``Options:`` and so on, in Chinese."""
        if not zh():
            super().write_heading(heading)
            return
        self.write(f"{'':>{self.current_indent}}{_HEADINGS.get(heading, heading)}：\n")

    def write_text(self, text: str) -> None:
        """Paragraphs wrapped by their width on screen (a ``\\b`` one kept as written)."""
        if not zh():
            super().write_text(text)
            return
        indent = " " * self.current_indent
        out = []
        for paragraph in re.split(r"\n\s*\n", text.strip("\n")):
            lines = paragraph.split("\n")
            if lines[0].strip() == "\b":
                out.append("\n".join(indent + line for line in lines[1:]))
                continue
            own = indent + " " * (len(lines[0]) - len(lines[0].lstrip()))
            out.append("\n".join(wrap_wide(_joined(lines), self.width, own, own)))
        self.write("\n\n".join(out) + "\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        """A definition list (options, commands), its texts wrapped by width on screen."""
        if not zh():
            super().write_dl(rows, col_max, col_spacing)
            return
        rows = list(rows)
        first_col = min(measure_table(rows)[0], col_max) + col_spacing
        indent = " " * (first_col + self.current_indent)
        for term, text in rows:
            self.write(f"{'':>{self.current_indent}}{term}")
            if not text:
                self.write("\n")
                continue
            if display_width(term) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(term)))
            else:
                self.write("\n" + indent)
            width = max(self.width - first_col - 2, 10)
            lines = wrap_wide(text, width + len(indent), indent, indent)
            self.write("\n".join(lines)[len(indent) :] + "\n")


class LocalContext(click.Context):
    """A context whose help is written by a :class:`LocalFormatter`."""

    formatter_class = LocalFormatter


class Localized:
    """What :class:`LocalCommand` and :class:`LocalGroup` add to click's: the language
    set first, and the help in it."""

    context_class = LocalContext

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Set the language before the options are parsed: the one ``--lang`` asks for
        (wherever it stands: ``--help`` may come first and is answered at once), else
        the parent command's, else the environment's. The ``--lang`` option then keeps
        it for the subcommands (:func:`auditor.cli.common.lang_option`)."""
        lang.use(asked_lang(args) or ctx.meta.get(LANG_KEY) or lang.default_lang())
        with on_one_line():
            return super().parse_args(ctx, args)  # type: ignore[misc]

    def main(self, *args, **kwargs):
        """Run as the program, with a stdout and a stderr whose reader may go away
        without stopping it nor changing its status (:mod:`auditor.cli.streams`)."""
        with streams_that_may_close():
            return super().main(*args, **kwargs)  # type: ignore[misc]

    def invoke(self, ctx: click.Context):
        """Run the command; a usage error its body finds (a value checked there) is said
        on one line too."""
        with on_one_line():
            return super().invoke(ctx)  # type: ignore[misc]

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        """The usage line's pieces, click's words in Chinese (``[选项]``)."""
        pieces = super().collect_usage_pieces(ctx)  # type: ignore[misc]
        return [help_zh.USAGE.get(piece, piece) for piece in pieces] if zh() else pieces

    def format_help_text(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        """The command's help, its Chinese text in Chinese."""
        text = help_zh.command_help(self.help) if zh() else None  # type: ignore[attr-defined]
        if text is None:
            super().format_help_text(ctx, formatter)  # type: ignore[misc]
            return
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(text)

    def get_short_help_str(self, limit: int = 45) -> str:
        """The line ``auditor --help`` lists the command with, in Chinese its first
        sentence."""
        text = help_zh.command_help(self.help) if zh() else None  # type: ignore[attr-defined]
        if text is None:
            return super().get_short_help_str(limit)  # type: ignore[misc]
        return help_zh.first_sentence(text)

    def format_options(self, ctx: click.Context, formatter: HelpFormatter) -> None:
        """The options (and a group's commands), each option's help in Chinese."""
        if not zh():
            super().format_options(ctx, formatter)  # type: ignore[misc]
            return
        records = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is not None and not isinstance(param, click.Argument):
                records.append(help_zh.option_record(param.help, record))
        if records:
            with formatter.section("Options"):  # the formatter says it in Chinese
                formatter.write_dl(records)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)


class LocalCommand(Localized, click.Command):
    """An ``auditor`` command: its help in the active language."""


class LocalGroup(Localized, click.Group):
    """An ``auditor`` group: its help in the active language, its commands local too."""

    command_class = LocalCommand
    group_class = type  # a group made by this group is of its class

    def resolve_command(self, ctx: click.Context, args: list[str]):
        """The subcommand ``args`` name; an unknown one is a one-line usage error."""
        with on_one_line():
            return super().resolve_command(ctx, args)
