"""OCR: app screenshots and scanned bills read as the same household's CSV and XLSX.

``fixtures/ocr/`` (``fixtures/make_screens.py``) holds the demo household's service lists
as screenshots and its bills as scanned PDFs, line A's bill-detail screen in light and
dark mode and with one digit blurred, and two pictures that are no bill. OCR takes about
two seconds a picture, so each is read once for the session (two reading processes, as
``auditor audit`` runs them) and the tests look at what was read.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from auditor import lang
from auditor.model import ReadResult
from auditor.pipeline import AuditOptions, audit_results, run_audit
from auditor.readers import ReadOptions, read_file
from auditor.readers.base import CellRow, MiB
from auditor.readers.cards import card_rows, holds_cards
from auditor.readers.ocr_engine import OcrBox, _Decoder
from auditor.readers.ocr_layout import box_confidence, picture_lines
from auditor.readers.pool import read_files
from auditor.values import nfkc
from auditor.writers.listings import inputs

# Reader errors and warnings are checked as an English-speaking user reads them.
pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
OCR = FIXTURES / "ocr"
HOUSEHOLD = FIXTURES / "household"
SCREENS = OCR / "screens"
LINE_A = "13800001234"
BILL_SCREEN = SCREENS / f"{LINE_A}-2026年10月账单.png"
DARK_SCREEN = SCREENS / f"{LINE_A}-2026年10月账单-深色.png"
BLURRED_SCREEN = SCREENS / f"{LINE_A}-2026年10月账单-模糊.png"
PHOTO, CHAT = OCR / "bad" / "photo.jpg", OCR / "bad" / "chat.png"
OPTIONS = AuditOptions(as_of=date(2026, 11, 5), known_services=["彩铃功能费", "腾讯视频会员"])
FINDING_KEY = ("rule", "line", "service", "periods", "amount_fen", "monthly_fen")


@pytest.fixture(scope="session")
def pictures() -> dict[Path, ReadResult]:
    """Every OCR fixture read once, by two reading processes."""
    paths = sorted(p for p in OCR.rglob("*") if p.suffix in (".png", ".jpg", ".pdf"))
    read = ReadOptions(as_of=OPTIONS.as_of)
    with lang.using("en"):  # read once for the session: its tests are about English texts
        return dict(zip(paths, read_files(paths, read, jobs=2), strict=True))


def _household(pictures: dict[Path, ReadResult]) -> list[ReadResult]:
    return [result for path, result in pictures.items() if (OCR / "household") in path.parents]


def _findings(report) -> list[tuple]:
    """The findings' keys; a service's name without spaces: the recogniser does not see a
    space as narrow as the one in 广电5G 19元套餐 (it reads 广电5G19元套餐)."""
    assert not report.failed_inputs, [r.error for r in report.failed_inputs]
    found = []
    for finding in report.findings:
        key = [getattr(finding, k) for k in FINDING_KEY]
        key[2] = _name(key[2])
        found.append(tuple(tuple(v) if isinstance(v, list) else v for v in key))
    return sorted(found)


def _name(text: str) -> str:
    """A name without what OCR reads either way: full-width or half-width brackets, spaces."""
    return nfkc(text).replace(" ", "")


# ------------------------------------------------------------------ the household


def test_screenshots_and_scans_give_the_findings_of_the_csv(pictures):
    from_pictures = audit_results(_household(pictures), OPTIONS)
    from_files = run_audit([HOUSEHOLD], OPTIONS)
    assert _findings(from_pictures) == _findings(from_files)

    def totals(report):
        return sorted(
            (c.bill.line, c.bill.period, c.bill.stated_total_fen, c.parsed_total_fen)
            for c in report.bills
        )

    assert totals(from_pictures) == totals(from_files)


def test_every_service_reads_as_in_the_export(pictures):
    fields = ("line", "price_fen", "status", "ordered", "effective", "expires", "cancelled")

    def services(results):
        return sorted(
            (_name(s.name), *(getattr(s, f) for f in fields)) for r in results for s in r.services
        )

    exported = [read_file(p, ReadOptions()) for p in HOUSEHOLD.rglob("*") if p.is_file()]
    assert services(_household(pictures)) == services(exported)


def test_every_value_read_by_ocr_carries_its_confidence(pictures):
    for result in _household(pictures):
        assert result.ocr is not None and result.ocr.values > 0, result.path
        records = [*result.charges, *result.services, *result.bills]
        assert records and all(0.5 < r.confidence <= 1 for r in records), result.path
        # every record names its region of the picture
        assert all(" px]" in r.locator for r in records if r.locator), result.path
    sheet = inputs(_household(pictures))
    column = [c.title for c in sheet.columns].index("Read by OCR")
    assert all(row[column].startswith("read by OCR") for row in sheet.rows)


def test_a_long_screenshot_is_read_whole(pictures):
    long = pictures[OCR / "household" / "china-mobile" / f"{LINE_A}-已订业务.png"]
    assert [s.locator.split(" [")[0] for s in long.services][-1] == "lines 27–30"
    assert len(long.services) == 6 and not long.unparseable


# ------------------------------------------------------------------ bill screens


def _charges(result: ReadResult) -> Counter:
    return Counter((_name(c.item), c.amount_fen) for c in result.charges)


@pytest.mark.parametrize("screen", [BILL_SCREEN, DARK_SCREEN], ids=["light", "dark"])
def test_a_bill_screen_reads_as_the_month_exported(pictures, screen: Path):
    october = read_file(HOUSEHOLD / "china-mobile" / "中国移动账单-2026年10月.xlsx", ReadOptions())
    result = pictures[screen]
    assert result.error is None and result.periods == ["2026-10"] and result.lines == [LINE_A]
    assert _charges(result) == _charges(october)
    assert [b.stated_total_fen for b in result.bills] == [4130]
    assert not result.unparseable and result.ocr.rows_unread == 0


def test_a_blurred_digit_is_an_unread_row_never_a_number(pictures):
    result = pictures[BLURRED_SCREEN]
    # 咪咕视频会员 15.00 with its 5 blurred reads "1.00": that figure is never used
    assert "咪咕视频会员" not in {c.item for c in result.charges}
    assert all(c.confidence >= 0.9 for c in result.charges)
    (unread,) = result.unparseable
    assert unread.locator.startswith("line 11 [x ") and unread.locator.endswith(" px]")
    assert "confidence" in unread.reason and "not used as a number" in unread.reason
    assert "咪咕视频会员" in unread.text
    assert result.ocr.rows_unread == 1 and result.ocr.uncertain >= 1
    assert any("OCR was unsure" in alert for alert in result.alerts)
    # the bill no longer adds up, and the finding sends the user to the picture first
    report = audit_results([result], OPTIONS)
    (mismatch,) = [f for f in report.findings if f.rule == "bill-total-mismatch"]
    assert (mismatch.details.stated_fen, mismatch.details.parsed_fen) == (4130, 2630)
    assert mismatch.details.read_by_ocr and "OCR" in mismatch.message
    assert mismatch.actions[0].channel == "evidence" and "OCR" in mismatch.actions[0].text


def test_a_lower_threshold_takes_what_a_higher_one_leaves(pictures):
    # the same blurred screen at a threshold under the figure's confidence: read as 1.00
    lenient = read_file(BLURRED_SCREEN, ReadOptions(ocr_threshold=0.5))
    assert ("咪咕视频会员", 100) in {(c.item, c.amount_fen) for c in lenient.charges}


# ------------------------------------------------------------------ not bills


def test_a_picture_with_no_text_is_one_clear_error(pictures):
    result = pictures[PHOTO]
    message = "no text found in it, even by OCR: not a bill or a service list (a photo?)"
    assert result.error.startswith(message) and "\n" not in result.error
    assert not (result.charges or result.services or result.bills)


def test_a_chat_picture_is_set_aside_as_no_bill(pictures):
    """Every line read, none a bill's word: set aside (trial t15), not an error."""
    result = pictures[CHAT]
    assert not result.error and result.not_a_bill
    assert result.skipped.startswith("a picture OCR read with no bill in it")
    assert not (result.charges or result.services or result.bills)


def test_a_file_that_says_it_is_a_picture_but_is_not(tmp_path):
    fake = tmp_path / "账单.png"
    fake.write_bytes(b"GIF89a: a GIF, which auditor does not read")
    assert read_file(fake, ReadOptions()).error.startswith("not a PNG, JPEG or WebP picture")


@pytest.mark.parametrize("cut", [100, 5000], ids=["header", "pixels"])
def test_a_picture_cut_short_is_one_clear_error(tmp_path, cut: int):
    cut_short = tmp_path / f"{LINE_A}-已订业务.png"
    cut_short.write_bytes(BILL_SCREEN.read_bytes()[:cut])
    assert read_file(cut_short, ReadOptions()).error == "the picture is damaged or cut short"


def test_ocr_over_its_memory_ceiling_is_one_clear_error():
    # An allocation refused is a MemoryError, or in some native code a crash: either
    # way the error names the option to raise.
    error = read_file(BILL_SCREEN, ReadOptions(max_ocr_memory_bytes=64 * MiB)).error
    assert error in (
        "OCR takes more than the 64 MiB of memory allowed for one picture "
        "(raise it with --max-ocr-memory)",
        "OCR stopped on it: the picture is damaged, or OCR needs more memory than "
        "--max-ocr-memory allows",
    )


def test_a_picture_over_the_pixel_limit_is_refused_before_decoding(tmp_path):
    from PIL import Image

    big = tmp_path / "big.png"
    Image.new("L", (4000, 3000), 255).save(big)
    error = read_file(big, ReadOptions(max_image_pixels=1_000_000)).error
    assert error == (
        "a picture of 4000×3000 pixels, over the 1,000,000-pixel limit "
        "(raise it with --max-image-pixels)"
    )


# ------------------------------------------------------------------ the parts, without OCR


def test_a_digit_lost_between_two_others_is_doubted():
    # columns: "1", blank (a space second: something unread there), ".", "0", "0"
    characters = ["blank", "0", "1", "5", ".", " "]
    frames = [(2, 0.99), (0, 0.6), (4, 0.99), (1, 0.99), (0, 0.99), (1, 0.99)]
    preds = np.zeros((1, len(frames), len(characters)), dtype=np.float32)
    for column, (found, probability) in enumerate(frames):
        preds[0, column, found] = probability
        preds[0, column, 5 if found == 0 else 0] = 1 - probability
    ((text, _, (confidences, doubts, _)),) = _Decoder(characters)(preds)
    assert text == "1.00" and doubts[1] == pytest.approx(0.4)
    box = OcrBox(((0, 0), (40, 0), (40, 10), (0, 10)), text, tuple(confidences), tuple(doubts))
    assert box_confidence(box) == (True, pytest.approx(0.6))


def test_a_name_is_judged_by_its_mean_and_a_figure_by_its_least_sure_digit():
    name = OcrBox(((0, 0), (40, 0), (40, 10), (0, 10)), "咪咕会员", (0.99, 0.5, 0.99, 0.99))
    figure = OcrBox(((0, 0), (40, 0), (40, 10), (0, 10)), "15.00", (0.99, 0.7, 1, 1, 1))
    assert box_confidence(name) == (False, pytest.approx(0.8675))
    assert box_confidence(figure) == (True, 0.7)


def test_a_turned_scan_is_straightened_into_its_lines():
    # two rows of two cells, turned by 1.5 degrees: without straightening, the right
    # cell of the first row stands as low as the left cell of the second
    angle = np.radians(1.5)

    def box(x, y, text):
        corners = [(x, y), (x + 300, y), (x + 300, y + 40), (x, y + 40)]
        turned = tuple(
            (px * np.cos(angle) - py * np.sin(angle), px * np.sin(angle) + py * np.cos(angle))
            for px, py in corners
        )
        return OcrBox(turned, text, (1.0,) * len(text))

    boxes = [box(0, 0, "套餐费"), box(1400, 0, "18.00")]
    boxes += [box(0, 50, "通话费"), box(1400, 50, "2.30")]
    lines, readings = picture_lines(boxes, 1, (1800, 200))
    assert [line.texts for line in lines] == [("套餐费", "18.00"), ("通话费", "2.30")]
    assert all(r.values == 2 for r in readings.values())


def test_cards_become_a_table_under_the_labels_they_use():
    def rows(*lines):
        return [CellRow(list(cells), f"line {n}") for n, cells in enumerate(lines, 1)]

    screen = rows(
        ["已订业务"],
        ["号码：138****1234"],
        ["咪咕视频会员", "15元/月"],
        ["订购时间：2026-07-21 21:33:10", "正常"],
        ["退订"],
        ["已订业务"],  # the title bar again: a stitched screenshot repeats it
        ["彩铃", "5元/月"],
        ["生效时间：2025-01-05", "已退订"],
        ["以上为您当前已订购的业务"],
    )
    assert holds_cards(screen)
    made, sources = card_rows(screen, lambda part: f"lines {part[0].locator}–{part[-1].locator}")
    assert [row.cells for row in made] == [
        ["已订业务"],
        ["号码：138****1234"],
        ["业务名称", "资费", "订购时间", "状态", "生效时间"],
        ["咪咕视频会员", "15元/月", "2026-07-21 21:33:10", "正常", ""],
        ["彩铃", "5元/月", "", "已退订", "2025-01-05"],
        ["已订业务"],
        ["以上为您当前已订购的业务"],
    ]
    assert [len(s) for s in sources] == [1, 1, 0, 3, 2, 1, 1]
    assert not holds_cards(rows(["业务名称", "订购时间"], ["彩铃", "订购时间：2025-01-05"]))


def test_ocr_rows_account_for_every_line(pictures):
    for path, result in pictures.items():
        if result.error is None:
            aside = sum(result.set_aside.values())
            assert result.rows_read == result.rows_used + aside + len(result.unparseable), path
