"""Reading a ledger file line by line: a bad line costs only itself.

A file is read in chunks of whole lines (:func:`chunks`; a line ends with LF, CRLF or a lone
CR, as text files end them), each chunk decoded at once and, when it is not text as a whole,
line by line (:func:`blocks`), so a line that is not text in the encoding is reported with
its byte offset and the encoding it looks like (:func:`encoding_hint`), and the lines around
it are read. A line over :data:`MAX_LINE` is skipped without being held in memory.
"""

from __future__ import annotations

import codecs
import functools
import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import IO, Any, NamedTuple

from campaignkit._errors import Problem, RecordError

MAX_LINE = 1 << 20
"""The longest line of a ledger file, in bytes (its line break included): 1 MiB. A longer
line is reported (``too-long``) and skipped without being held in memory."""
CHUNK = 256 << 10  # read at a time; below MAX_LINE, so only a chunk's first line can be over


class NotLinesError(Exception):
    """A file whose lines cannot be found in its bytes (UTF-16 text): one problem for the
    whole file, which is not read."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


_SAMPLE = 4096
"""The bytes at the start of a file looked at to tell UTF-16 text."""


def _utf16(chunk: bytes) -> bool:
    """Whether *chunk*, the start of a file, is UTF-16 (or UTF-32) text: a byte-order mark
    of one, or a start (:data:`_SAMPLE` bytes) of which a quarter or more of the bytes are
    NUL (ASCII in UTF-16 without a mark) and the rest mostly text, a character to every one
    to three NULs (a line of NULs in a file of text is a bad line of its own)."""
    if chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    sample = chunk[:_SAMPLE]
    nuls = sample.count(0)
    return nuls * 4 > len(sample) and (len(sample) - nuls) * 4 >= nuls


class Block(NamedTuple):
    """Lines of a file, decoded: the number of the first, and the problems of those that
    could not be read (by index; such a line is ``"\\n"``)."""

    number: int
    lines: list[str]
    bad: dict[int, Problem]


def blocks(
    read: Callable[[int], Any],
    encoding: str,
    number: int = 1,
    offset: int = 0,
    *,
    gbk: bool = False,
) -> Iterator[Block]:
    """The lines *read* gives, in blocks, each line decoded on its own when its block is
    not text as a whole; a line that cannot be read is ``"\\n"`` in its block, and its
    problem is in the block's ``bad``. *number* and *offset* are the line number and the
    byte offset of the first line in its file (a part of a file read on its own). Read as
    UTF-8, a chunk found to be GBK text (:func:`_gbk`) has its lines that are UTF-8 only by
    chance reported too, and so have the chunks after it, UTF-8 as a whole or not; with
    *gbk* (the file was found to hold GBK text beforehand: :func:`holds_gbk`), every chunk.

    Raises:
        NotLinesError: when the file is UTF-16 text, whose line breaks and commas are not the
            bytes of ASCII: no line of it would be read right, so none is read.
    """
    first = number == 1 and offset == 0
    for chunk in chunks(read):  # gbk: the file, or a chunk before, was found to be GBK
        if isinstance(chunk, int):  # a line over the limit, skipped
            msg = f"the line has {chunk:,} bytes; a line may have at most {MAX_LINE:,}"
            yield Block(number, ["\n"], {0: Problem("$", "too-long", msg)})
            number, offset, first = number + 1, offset + chunk, False
            continue
        if isinstance(chunk, str):
            lines, bad = _text_lines(chunk)
        else:
            if first and _utf16(chunk):
                msg = (
                    "the file is UTF-16 text (Excel's 'Unicode text'), whose lines and commas "
                    "are not those of a CSV or JSON Lines file: nothing of it was read; save "
                    "it as 'CSV UTF-8' and read that"
                )
                raise NotLinesError(Problem("$", "bad-encoding", msg))
            if first and encoding == "utf-8" and chunk.startswith(codecs.BOM_UTF8):
                chunk, offset = chunk[len(codecs.BOM_UTF8) :], offset + len(codecs.BOM_UTF8)
            try:
                lines, bad = list(io.StringIO(chunk.decode(encoding), newline="")), {}
                if gbk and not chunk.isascii() and _gbk(chunk, found=True):
                    lines, bad = _decode_lines(chunk, offset, encoding, gbk=True)
            except UnicodeDecodeError:
                here = encoding == "utf-8" and _gbk(chunk, found=gbk)
                lines, bad = _decode_lines(chunk, offset, encoding, gbk=here)
                gbk = gbk or here
            offset += len(chunk)
        if first and lines and lines[0].startswith("\ufeff"):
            # a byte-order mark left in a stream, or written in an encoding other than UTF-8
            # (GB18030 has one): not part of the first line, nor a line when it is all there is
            lines[0] = lines[0][1:]
            if not lines[0]:
                del lines[0]
        first = False
        yield Block(number, lines, bad)
        number += len(lines)


_SCAN = 8 << 20
"""Bytes read at a time by :func:`holds_gbk`'s first look."""


def holds_gbk(stream: IO[bytes]) -> bool:
    """Whether the file *stream* reads holds lines of GBK text (:func:`_gbk`), read as UTF-8
    from where it stands (where it is left): so that its lines that are UTF-8 only by
    chance are reported in the chunks before the first one that is not UTF-8 as well as
    after it. A file that is UTF-8 throughout is found so by one quick decoding; only one
    that is not is looked at chunk by chunk. ``False`` for a stream that cannot seek."""
    try:
        start = stream.tell()
    except (OSError, ValueError):
        return False
    try:
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while block := stream.read(_SCAN):
                decoder.decode(block)
            decoder.decode(b"", final=True)
            return False
        except UnicodeDecodeError:
            pass
        stream.seek(start)
        for chunk in chunks(stream.read):
            if isinstance(chunk, bytes) and not _utf8(chunk) and _gbk(chunk):
                return True
        return False
    finally:
        stream.seek(start)


def _utf8(chunk: bytes) -> bool:
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode_lines(
    chunk: bytes, offset: int, encoding: str, *, gbk: bool
) -> tuple[list[str], dict[int, Problem]]:
    """The lines of *chunk*, decoded one by one; those that are not text are ``"\\n"``,
    with their problem (*offset*: where *chunk* starts in the file), and so are those that
    are UTF-8 only by chance (:func:`_by_chance`) where *gbk* says the chunk is GBK text
    (:func:`_gbk`)."""
    lines: list[str] = []
    bad: dict[int, Problem] = {}
    for i, raw in enumerate(chunk.splitlines(keepends=True)):  # \n, \r\n, \r: as text
        try:
            lines.append(raw.decode(encoding))
            if gbk and _by_chance(raw, lines[-1]):  # GBK bytes that are UTF-8 too
                lines[-1] = "\n"
                utf8, gbk_text = raw.decode("utf-8").strip(), raw.decode("gbk", "replace").strip()
                msg = (
                    f"the line is UTF-8 only by chance ({utf8!r}; {gbk_text!r} in GBK): it, "
                    f"like the lines around it that are not UTF-8, {_HINTS['gbk']}"
                )
                bad[i] = Problem("$", "bad-encoding", msg)
        except UnicodeDecodeError as exc:
            lines.append("\n")
            at = offset + exc.start
            msg = (
                f"the line is not {encoding.upper()} text: byte 0x{raw[exc.start]:02x} at "
                f"byte offset {at:,} (byte {exc.start + 1} of the line)"
                f"{encoding_hint(raw, encoding)}"
            )
            bad[i] = Problem("$", "bad-encoding", msg)
        offset += len(raw)
    return lines, bad


def chunks(read: Callable[[int], Any]) -> Iterator[bytes | str | int]:
    """What *read* gives, in chunks of whole lines (a line ends with LF, CRLF or CR); a line
    longer than :data:`MAX_LINE` is given as its length instead, and skipped."""
    rest: Any = None
    skipped = 0  # the length so far of a line too long, being skipped
    while data := read(CHUNK):
        lf, cr = ("\n", "\r") if isinstance(data, str) else (b"\n", b"\r")
        while data.endswith(cr) and (after := read(1)):
            data += after  # so that a CRLF is never cut in two (a CR may follow a CR)
        if skipped:
            end = _line_end(data, lf, cr)
            if not end:
                skipped += len(data)
                continue
            yield skipped + end
            skipped, data = 0, data[end:]
        if rest:
            data = rest + data
        rest = None
        end = _line_end(data, lf, cr)
        if end > MAX_LINE or (not end and len(data) > MAX_LINE):
            if end:
                yield end
                data = data[end:]
            else:
                skipped = len(data)
                continue
        cut = max(data.rfind(lf), data.rfind(cr)) + 1
        if cut:
            yield data[:cut]
        rest = data[cut:]
    if skipped:
        yield skipped
    elif rest:
        yield rest if len(rest) <= MAX_LINE else len(rest)


def _text_lines(chunk: str) -> tuple[list[str], dict[int, Problem]]:
    """The lines of a chunk of a text stream; a line with a lone surrogate (what decoding
    with ``errors="surrogateescape"`` makes of bytes that are not text, as ``sys.stdin``
    may) is ``"\\n"``, with its problem."""
    lines = list(io.StringIO(chunk, newline=""))
    bad: dict[int, Problem] = {}
    if not chunk.isascii():
        try:
            chunk.encode("utf-8")
        except UnicodeEncodeError:
            for i, line in enumerate(lines):
                try:
                    line.encode("utf-8")
                except UnicodeEncodeError as exc:
                    msg = (
                        f"the line holds a lone surrogate (U+{ord(line[exc.start]):04X} at "
                        f"character {exc.start + 1}): the stream was not decoded as text; "
                        "give the reader the bytes"
                    )
                    lines[i], bad[i] = "\n", Problem("$", "bad-text", msg)
    return lines, bad


def _line_end(data: Any, lf: Any, cr: Any) -> int:
    """Where the first line of *data* ends (after its line break), or 0 when it does not."""
    n, r = data.find(lf), data.find(cr)
    if r != -1 and (n == -1 or r < n):
        return int(r + 2 if data[r + 1 : r + 2] == lf else r + 1)
    return int(n + 1)


_SPELLED_BREAKS = (b"+AAo-", b"+AA0-", b"\\n", b"\\u000a", b"~\n", b"\x1b$B\n")
"""Bytes that some codecs decode to more or fewer line breaks than the bytes LF and CR they
hold: UTF-7's ``+AAo-``, the escape codecs' ``\\n``, HZ's ``~`` before a line feed (which
joins two lines), ISO-2022's shift before one."""


@functools.cache
def _keeps_lines(name: str) -> bool:
    """Whether *name* decodes no bytes but LF and CR to a line break, and no line break
    away, and carries no state from one line to the next (ISO-2022 and HZ shift into other
    character sets until told): a line of the file is then a line of the text, and reads
    on its own."""
    if name.startswith(("iso2022", "hz")):
        return False
    for probe in _SPELLED_BREAKS:
        try:
            text = probe.decode(name, errors="replace")
        except (UnicodeError, TypeError):  # a codec of host names (idna), say
            return False
        if text.count("\n") + text.count("\r") != probe.count(b"\n") + probe.count(b"\r"):
            return False
    return True


def codec(encoding: str, source: str | None) -> str:
    """The canonical name of *encoding*, which must write line breaks, commas and quotes as
    ASCII does, and read a line break only from those bytes (:func:`_keeps_lines`);
    ``utf-8`` for ``utf-8-sig``, as a byte-order mark is dropped anyway."""
    try:
        name = codecs.lookup(encoding).name
        ascii = '\r\n,"{}:'.encode(name).removeprefix(codecs.BOM_UTF8)  # utf-8-sig's mark
        ascii_like = ascii == b'\r\n,"{}:'
    except (LookupError, TypeError, UnicodeError):
        name, ascii_like = str(encoding), False
    if not ascii_like:
        msg = f"cannot read records as {name!r}: give an encoding such as 'utf-8' or 'gbk'"
        raise RecordError([Problem("$.encoding", "unknown-encoding", msg, source=source)])
    if not _keeps_lines(name):
        msg = (
            f"cannot read records as {name!r}: its text does not keep to the file's lines (a "
            "line break may be spelled with other bytes, or a line read differently after "
            "the ones before), so lines could not be told and placed; save the file as "
            "UTF-8, or give an encoding such as 'gbk' or 'gb18030'"
        )
        raise RecordError([Problem("$.encoding", "unknown-encoding", msg, source=source)])
    return "utf-8" if name == "utf-8-sig" else name


_HINTS = {
    "utf-8": "looks like UTF-8; read with encoding='utf-8'",
    "gbk": "looks like GBK, as Excel/WPS on Chinese Windows save it; read with encoding='gbk'",
    "cp1252": (
        "looks like Windows-1252 (Latin-1), as Excel on Western Windows saves it; "
        "read with encoding='cp1252'"
    ),
}


def encoding_hint(raw: bytes, encoding: str) -> str:
    """A hint naming the encoding the line *raw* is likely in, or nothing."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or raw.count(0) * 4 > len(raw):
        return ": it looks like UTF-16 (Excel's 'Unicode text'); save the file as UTF-8 CSV"
    for candidate, hint in _HINTS.items():
        if candidate == encoding:
            continue
        try:
            text = raw.decode(candidate)
        except UnicodeDecodeError:
            continue
        wide = [c for c in text if not c.isascii()]
        if candidate == "gbk" and not _chinese(wide):
            continue  # GBK decodes many a byte pair; Chinese text decodes to Chinese
        if candidate == "cp1252" and not all(c.isalpha() or c in "€£°·’‘“”–—" for c in wide):
            continue
        return f": it {hint}"
    return ""


_RUN = re.compile(rb"[\x80-\xff]{4}")
_NOT_LATIN = re.compile("[^\x00-\u024f]")


def _by_chance(raw: bytes, text: str) -> bool:
    """Whether the line *raw*, UTF-8 *text*, is GBK Chinese that is UTF-8 by chance: it reads
    as Chinese in GBK, two characters running, and in UTF-8 as something besides Latin
    letters (``ѧϰ``, ``ũҵ``; not ``Müller``, whose ``c3 bc`` is a GBK character too)."""
    if raw.isascii() or not _NOT_LATIN.search(text) or not _RUN.search(raw):
        return False
    wide = [c for c in raw.decode("gbk", "replace") if not c.isascii()]
    return _chinese(wide)


def _gbk(chunk: bytes, *, found: bool = False) -> bool:
    """Whether *chunk*, lines of a file, is GBK text: a line of it that is not UTF-8 reads
    as Chinese in GBK (or *found*: a chunk of the file before it was GBK), every such line
    is GBK, and no line of it reads as Chinese in UTF-8.

    Many a pair of GBK bytes is a UTF-8 character too (学习 is ``d1a7 cfb0``, which UTF-8
    reads as ``ѧϰ``), so that a GBK file read line by line as UTF-8 has lines that read as
    other characters without an error: in such a chunk the lines that are UTF-8 only by
    chance (:func:`_by_chance`) are reported. Lines that hold UTF-8 Chinese as well make the
    chunk UTF-8 with bad lines in it, each reported on its own. Once a chunk was GBK, a
    later one is GBK on that finding, even where it is UTF-8 as a whole (a GBK line that
    happens to be UTF-8 in a chunk of ASCII lines), unless it shows itself UTF-8.

    >>> _gbk("id,note\\r\\nr1,学习\\r\\nr2,村民\\r\\n".encode("gbk"))
    True
    >>> _gbk("r1,学习\\n".encode("gbk") + "r2,村民\\n".encode("utf-8"))
    False
    >>> _gbk("Süd\\n".encode("utf-8") + "Süd\\n".encode("cp1252"))
    False
    >>> _gbk("r1,ok\\nr2,学习\\n".encode("gbk")), _gbk("r1,ok\\nr2,学习\\n".encode("gbk"), found=True)
    (False, True)
    >>> _gbk("r1,学习\\n".encode("utf-8"), found=True)
    False
    """
    gbk_chinese = found
    for raw in chunk.splitlines():
        if raw.isascii():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                wide = [c for c in raw.decode("gbk") if not c.isascii()]
            except UnicodeDecodeError:
                return False
            # two characters running, as Chinese words are: a byte of Latin-1 between
            # letters (Windows-1252's "S\xfcd") is a GBK pair with the letter after it
            gbk_chinese = gbk_chinese or (_chinese(wide) and _RUN.search(raw) is not None)
            continue
        if any("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" for c in text):
            return False  # UTF-8 Chinese: a file of UTF-8 with bad lines in it
    return gbk_chinese


def _chinese(chars: list[str]) -> bool:
    """Whether *chars* (not ASCII) read as Chinese text: ideographs, with punctuation and
    symbols (full-width, ``“”``, ``《》``) around them."""
    ideographs = sum("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" for c in chars)
    rest = (c for c in chars if not ("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"))
    return ideographs > 0 and all(
        unicodedata.category(c)[0] in "PS" or "\u3000" <= c <= "\u303f" or c >= "\uff00"
        for c in rest
    )
