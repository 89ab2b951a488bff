"""Pictures (``.png``, ``.jpg``, ``.jpeg``, ``.webp``): app screenshots of 已订业务 and of
bill details, and photos or scans of paper bills, read by OCR.

The OCR runs in a child process with ceilings on its memory and CPU time, as a PDF's
layout does (:mod:`auditor.readers.bounded`): a picture is decoded to many times its
file's size, and the models take a few hundred megabytes on a long screenshot. What
comes back is text boxes; their lines are read as every other source's rows
(:mod:`auditor.readers.ocr_read`).
"""

from __future__ import annotations

from pathlib import Path

from auditor.errors import ErrorCode, InputError, ValueParseError
from auditor.lang import say
from auditor.model import ReadResult
from auditor.readers.base import MiB, ReadOptions
from auditor.readers.bounded import MEMORY, TIME, Stopped, run_bounded, sharing_cores
from auditor.readers.ocr_engine import OcrBox, decode_picture, recognise
from auditor.readers.ocr_layout import picture_lines
from auditor.readers.ocr_read import read_lines
from auditor.readers.starts import describe_start

_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def is_picture(head: bytes) -> bool:
    """True when ``head`` starts as a PNG, JPEG or WebP file does."""
    return head.startswith(_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


class ImageReader:
    """Reads screenshots and photographed or scanned bills by OCR."""

    name = "image"
    suffixes: tuple[str, ...] = (".png", ".jpg", ".jpeg", ".webp")

    def identify(self, path: Path, head: bytes) -> bool:
        """A picture's suffix, or a picture's first bytes under another name."""
        return path.suffix.lower() in self.suffixes or is_picture(head)

    def read(self, path: Path, data: bytes, options: ReadOptions) -> ReadResult:
        """OCR the picture (bounded), then read its lines as a document's rows."""
        if not is_picture(data[:16]):
            start = describe_start(data)
            raise InputError(
                str(path),
                say(
                    f"不是 PNG、JPEG 或 WebP 图片（{start}）",
                    f"not a PNG, JPEG or WebP picture ({start})",
                ),
                code=ErrorCode.UNREADABLE,
            )
        try:
            boxes, size = run_bounded(
                lambda progress: ocr_picture(data, options),
                options.max_ocr_memory_bytes,
                options.max_ocr_seconds,
            )
        except Stopped as exc:
            raise self.stopped_error(path, exc, options) from None
        except ValueError as exc:  # a damaged picture, or one past --max-image-pixels
            code = exc.code if isinstance(exc, ValueParseError) else ErrorCode.UNREADABLE
            raise InputError(str(path), str(exc), code=code) from None
        lines, readings = picture_lines(boxes, 1, size, options.ocr_threshold)
        result = read_lines(path, lines, readings, options, picture=True)
        result.pages = 1  # what the progress display counts: a picture is a page read
        return result

    def stopped_error(self, path: Path, stopped: Stopped, options: ReadOptions) -> InputError:
        """The file's error when OCR was stopped at a ceiling (see :mod:`.bounded`)."""
        return ocr_stopped(path, stopped, options)


def ocr_picture(data: bytes, options: ReadOptions) -> tuple[list[OcrBox], tuple[int, int]]:
    """The text boxes of the picture in ``data``, and its size (width, height)."""
    picture = decode_picture(data, options.max_image_pixels)
    boxes = recognise(picture, threads=1 if sharing_cores() else 0)
    return boxes, (picture.shape[1], picture.shape[0])


def ocr_stopped(path: Path, stopped: Stopped, options: ReadOptions, where: str = "") -> InputError:
    """The error for OCR stopped at its memory or time ceiling, or by a crash."""
    if stopped.why == MEMORY:
        limit = options.max_ocr_memory_bytes // MiB
        reason = say(
            f"OCR 需要的内存超过单张图片允许的 {limit} MiB（可用 --max-ocr-memory 调高）",
            f"OCR takes more than the {limit} MiB of memory allowed for one picture "
            "(raise it with --max-ocr-memory)",
        )
    elif stopped.why == TIME:
        seconds = options.max_ocr_seconds
        reason = say(
            f"OCR 需要的 CPU 时间超过单张图片允许的 {seconds} 秒（可用 --max-ocr-seconds 调高）",
            f"OCR takes more than the {seconds} s of CPU time allowed "
            "for one picture (raise it with --max-ocr-seconds)",
        )
    else:
        # onnxruntime, OpenCV and OpenBLAS do not all check that an allocation worked:
        # short of memory, they may crash rather than fail.
        reason = say(
            "OCR 在这张图片上停止了：图片已损坏，或 OCR 需要的内存超过 --max-ocr-memory 允许的量",
            "OCR stopped on it: the picture is damaged, or OCR needs more memory than "
            "--max-ocr-memory allows",
        )
    code = ErrorCode.UNREADABLE if stopped.why not in (MEMORY, TIME) else ErrorCode.OVER_LIMIT
    return InputError(str(path), reason, where or None, code=code)
