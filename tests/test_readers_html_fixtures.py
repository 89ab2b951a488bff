"""HTML e-bills, the fixtures of fixtures/ebill/: against their goldens, the household
data they hold, their generator, the same audit from the e-bills as from the
household's own files, no personal data in any output, and their reading when damaged
(the fuzzing suite's mutations)."""

from __future__ import annotations

import importlib.util
import random
from collections import Counter
from datetime import date
from pathlib import Path

import fuzzing
import fuzzing_mutations
import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook
from readers_golden import check_golden, golden_for, normalised, read

from auditor import cli
from auditor.pipeline import AuditOptions, run_audit
from auditor.readers.mime import codec_for

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")


ROOT = Path(__file__).resolve().parent.parent
EBILL = ROOT / "fixtures" / "ebill"


# ========================================================================== the fixtures
# fixtures/ebill/ comes from fixtures/make_ebills.py; goldens live in tests/golden/ebill/.
# After a deliberate change:
# AUDITOR_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_readers_html_fixtures.py

GOLDEN = Path(__file__).resolve().parent / "golden" / "ebill"
HOUSEHOLD = ROOT / "fixtures" / "household"
GOOD = sorted(p for p in EBILL.rglob("*") if p.is_file() and "bad" not in p.parts)
AS_OF = date(2026, 11, 5)
KNOWN = ["彩铃功能费", "腾讯视频会员"]


def _generator():
    spec = importlib.util.spec_from_file_location(
        "make_ebills", ROOT / "fixtures" / "make_ebills.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_ebills = _generator()


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.relative_to(EBILL).as_posix())
def test_golden(path: Path):
    check_golden(golden_for(GOLDEN, EBILL, path), normalised(read(path)))


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.relative_to(EBILL).as_posix())
def test_every_row_is_accounted_for_and_every_line_read(path: Path):
    result = read(path)
    assert result.error is None
    assert result.rows_read == (
        result.rows_used + sum(result.set_aside.values()) + len(result.unparseable)
    )
    assert result.unparseable == []
    assert result.set_aside["title"] and result.set_aside["header"]  # greetings, headers


def test_the_fixtures_hold_the_household_data():
    """Independent of the goldens: line A's items, every month, as make_household has them."""
    for index, month in enumerate(make_ebills.MOBILE_MONTHS):
        result = read(EBILL / "china-mobile" / f"中国移动账单-2026年{month}月.eml")
        got = [(c.line, c.period, c.item, c.amount_fen) for c in result.charges]
        want = [
            (make_ebills.LINE_A, f"2026-{month}", label, int(amounts[index].replace(".", "")))
            for label, is_item, amounts in make_ebills.MOBILE_STATEMENT
            if is_item
        ]
        assert got == want
        total = int(make_ebills.MOBILE_TOTALS[index].replace(".", ""))
        assert [b.stated_total_fen for b in result.bills] == [total]


def test_generator_is_reproducible_and_fixtures_are_current(tmp_path):
    written = make_ebills.generate(tmp_path)
    assert sorted(p.relative_to(tmp_path) for p in written) == sorted(
        p.relative_to(EBILL) for p in EBILL.rglob("*") if p.is_file()
    )
    for path in written:
        committed = EBILL / path.relative_to(tmp_path)
        assert path.read_bytes() == committed.read_bytes(), committed


# ------------------------------------------------------------------------- equivalence

FINDING_KEY = ("rule", "line", "service", "periods", "amount_fen", "monthly_fen")


def _audit(paths: list[Path]):
    report = run_audit(paths, AuditOptions(as_of=AS_OF, known_services=KNOWN))
    assert not report.failed_inputs, [r.error for r in report.failed_inputs]
    findings = sorted(
        tuple(tuple(v) if isinstance(v, list) else v for v in (getattr(f, k) for k in FINDING_KEY))
        for f in report.findings
    )
    charges = Counter((c.line, c.period, c.category, c.item, c.amount_fen) for c in report.charges)
    bills = sorted((b.bill.line, b.bill.period, b.bill.stated_total_fen) for b in report.bills)
    return findings, charges, bills


EQUIVALENT = [
    # (e-bills + the household's service list, the household's own bills and list)
    pytest.param(
        [EBILL / "china-mobile", HOUSEHOLD / "china-mobile" / "13800001234-已订业务.csv"],
        [HOUSEHOLD / "china-mobile"],
        ("lingering-charge", "13800001234", "视频彩铃订阅-酷电秀专属6元包", ("2026-10",), 600, 600),
        id="line A: 139 e-mails vs XLSX",
    ),
    pytest.param(
        [EBILL / "china-telecom", HOUSEHOLD / "china-telecom" / "18900189003" / "services.csv"],
        [HOUSEHOLD / "china-telecom" / "18900189003"],
        ("bill-total-mismatch", "18900189003", "", ("2026-10",), 200, None),
        id="line C: 189 e-mails vs CSV",
    ),
    pytest.param(
        [EBILL / "china-unicom", HOUSEHOLD / "china-unicom" / "18600005678-已订业务.xlsx"],
        [HOUSEHOLD / "china-unicom"],
        ("unknown-vas", "18600005678", "沃音乐会员", ("2026-09", "2026-10"), 2000, 1000),
        id="line B: web archive and saved page vs CSV",
    ),
]


@pytest.mark.parametrize(("ebills", "household", "expected"), EQUIVALENT)
def test_ebills_give_the_same_audit_as_the_household_files(ebills, household, expected):
    findings, charges, bills = _audit(ebills)
    assert (findings, charges, bills) == _audit(household)
    assert expected in findings


# ------------------------------------------------------------------------ personal data


def test_names_and_email_headers_never_reach_an_output(tmp_path):
    """The fixtures carry 张某某/王喆 in their To header and header block, and the line in
    the To address: none of it reaches the report, the JSON or the terminal."""
    for label, extra in (("masked", []), ("no-mask", ["--no-mask"])):
        out = tmp_path / label
        args = ["audit", str(EBILL), "-o", str(out / "r.xlsx"), "--json", str(out / "r.json")]
        result = CliRunner().invoke(cli.main, [*args, "--as-of", "2026-11-05", "-v", *extra])
        assert result.exit_code == 3, result.output  # fixtures/ebill/bad is named, not fatal
        book = CalamineWorkbook.from_path(str(out / "r.xlsx"))
        texts = [
            str(cell)
            for name in book.sheet_names
            for row in book.get_sheet_by_name(name).to_python()
            for cell in row
        ]
        outputs = ["\n".join(texts), (out / "r.json").read_text("utf-8"), result.output]
        for text in outputs:
            for secret in ("张某某", "王喆", "@139.com", "@189.cn", "电子账单", "Saved by"):
                assert secret not in text, (label, secret)
    for path in GOOD:
        result = read(path)
        assert result.personal & {"张某某", "王喆"}
        rows = [c.item for c in result.charges] + [u.text for u in result.unparseable]
        assert not any("@" in text or "张某某" in text for text in rows)


# ------------------------------------------------------------------------------- fuzzing

FUZZ = ("truncate", "flip-bytes", "append-garbage", "random-binary", "empty")
# Re-encodings a page must read the same after (its <meta> then no longer says the truth).
SAME_PAGE = ("as-gbk", "as-utf16")


@pytest.mark.parametrize("path", sorted(EBILL.rglob("*.*")), ids=lambda p: p.name)
def test_damaged_ebills_keep_the_reader_contract(tmp_path, path: Path):
    seed = fuzzing.Seed(path.relative_to(ROOT).as_posix(), path.suffix, path.read_bytes())
    reference = fuzzing.digest(read(path))
    breaches = []
    for mutation in fuzzing_mutations.MUTATIONS:
        names = FUZZ + (SAME_PAGE if path.suffix == ".html" else ())
        if mutation.name not in names:
            continue
        for variant in range(3):
            rng = random.Random(f"{path.name}:{mutation.name}:{variant}")
            label = f"{mutation.name}-{variant}"
            case = fuzzing.Case(seed, mutation, mutation.apply(seed.data, rng), label)
            outcome = fuzzing.run_case(case, tmp_path, timeout=20)
            breaches += [f"{label}: {problem}" for problem in outcome.problems]
            result = outcome.result
            if result is not None and result.error is None:
                accounted = result.rows_used + sum(result.set_aside.values())
                if result.rows_read != accounted + len(result.unparseable):
                    breaches.append(f"{label}: row accounting")
                if mutation.name in SAME_PAGE and fuzzing.digest(result) != reference:
                    breaches.append(f"{label}: the re-encoded page reads differently")
    assert breaches == []


def test_a_charset_label_holding_a_nul_is_no_charset():
    # Found by the fuzz suite's hostile-lines mutation: codecs.lookup raised ValueError.
    assert codec_for("utf-8\x00") is None
    assert codec_for("utf-8") == "utf-8"
