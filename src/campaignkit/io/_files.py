"""Campaign files: YAML, JSON and TOML, read safely and written atomically.

:func:`load` and :func:`dump` choose the format by the file's extension (``.yaml`` or
``.yml``, ``.json``, ``.toml``); :func:`loads` and :func:`dumps` take it as an argument. For
every campaign ``c`` and every format ``f``, ``loads(dumps(c, f), f) == c``.
:func:`load_stream` reads a binary stream such as standard input, in a format given;
:func:`read_text` gives the checked text of any regular file (a weights file, say).

Reading is all or nothing: it returns a valid :class:`~campaignkit.model.Campaign` or raises
one :class:`~campaignkit.ValidationError` listing every problem, each located by a
JSON path (and, for YAML and for syntax errors, by line and column). No input makes it raise
anything else. The limits that keep a hostile file from exhausting the machine:

- only a regular file is read (``not-a-file`` for a directory, a FIFO or a device);
- a file or stream may hold at most :data:`MAX_FILE_BYTES` bytes (``too-large``);
- a YAML document may expand, through its aliases, to at most :data:`MAX_YAML_NODES` nodes
  (``alias-limit``); an alias that contains itself is refused too.

YAML is read with PyYAML's safe loader, with scalars resolved as in the YAML 1.2 core schema:
``2010-02-24`` and ``09:30`` stay strings (so the converter can locate a bad date rather
than the parser crashing on it), only ``true`` and ``false`` are booleans (``NO``, the
country code of Norway, stays a string) and duplicate keys are errors. Where PyYAML was built
with libyaml, its C parser (``yaml.CSafeLoader``) reads the document, with the same rules,
about ten times faster; a document it refuses is read again by the pure-Python parser, so
every error, message and position is the pure parser's, whichever is installed.

>>> import datetime as dt
>>> from campaignkit.model import Campaign, Window
>>> c = Campaign(id="drive", name="Drive",
...              window=Window(start=dt.date(2026, 3, 2), end=dt.date(2026, 5, 29)))
>>> print(dumps(c, "toml"), end="")
id = "drive"
name = "Drive"
<BLANKLINE>
[window]
start = "2026-03-02"
end = "2026-05-29"
>>> all(loads(dumps(c, f), f) == c for f in ("yaml", "json", "toml"))
True
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, Literal, TypeAlias

import attrs
import tomli_w
import yaml
import yaml.constructor
import yaml.reader

from campaignkit._errors import Problem, ValidationError
from campaignkit._text import FORMAT_CLASS
from campaignkit.io._atomic import write_atomic
from campaignkit.io._convert import structure_campaign, unstructure_campaign
from campaignkit.io._json import escaped, json_text
from campaignkit.model import Campaign

FileFormat: TypeAlias = Literal["yaml", "json", "toml"]
"""The name of a file format."""

EXTENSIONS: dict[str, FileFormat] = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".toml": "toml",
}
"""File extensions and the format each one means."""

MAX_FILE_BYTES = 10 * 1024 * 1024
"""The largest campaign file :func:`load` reads: 10 MiB (``too-large`` beyond)."""

MAX_YAML_NODES = 1_000_000
"""The most nodes a YAML document may expand to through its aliases (``alias-limit`` beyond)."""

Locator: TypeAlias = Callable[[str], tuple[int, int] | None]
"""Maps a JSON path of a parsed document to its (line, column), 1-based, when known."""


def _error(
    code: str, message: str, line: int | None = None, column: int | None = None
) -> ValidationError:
    return ValidationError([Problem("$", code, message, line=line, column=column)])


# -- reading --------------------------------------------------------------------------------


def format_of(path: str | os.PathLike[str]) -> FileFormat:
    """The format a file's extension names.

    Raises:
        ValidationError: ``unknown-format`` for any other extension.

    >>> format_of("examples/drive.yml")
    'yaml'
    """
    suffix = Path(path).suffix.lower()
    if suffix not in EXTENSIONS:
        known = ", ".join(EXTENSIONS)
        msg = (
            f"cannot tell the format from the extension {suffix or '(none)'!r}; use one of {known}"
        )
        raise _error("unknown-format", msg)
    return EXTENSIONS[suffix]


def load(path: str | os.PathLike[str], *, format: FileFormat | None = None) -> Campaign:
    """Read the campaign in the file at *path*; the extension names the format, unless
    *format* does.

    Only a regular file is read: a directory, a FIFO or a device is refused before anything
    waits on it or reads it.

    Raises:
        ValidationError: every problem found, each with ``source`` set to *path*; among
            them ``unreadable`` when the file cannot be read, ``not-a-file`` for anything but
            a regular file, ``too-large`` beyond :data:`MAX_FILE_BYTES` and ``encoding`` when
            it is not UTF-8.
    """
    source = str(path)
    try:
        fmt = format_of(path) if format is None else _checked_format(format)
        return _load_text(read_text(path), fmt)
    except ValidationError as exc:
        raise ValidationError([p.located(source) for p in exc.problems]) from None


def load_stream(stream: BinaryIO, format: FileFormat, *, source: str = "<stdin>") -> Campaign:
    """Read the campaign in a binary *stream* (standard input: ``sys.stdin.buffer``), written
    in *format*; at most :data:`MAX_FILE_BYTES` bytes are read from it.

    Raises:
        ValidationError: as :func:`load`, each problem with ``source`` set to *source*.

    >>> import io
    >>> load_stream(io.BytesIO(b'{"id": "drive"}'), "json")
    Traceback (most recent call last):
    ...
    campaignkit.ValidationError: <stdin>: $.name: required key 'name' is missing [missing-key]
    <stdin>: $.window: required key 'window' is missing [missing-key]
    """
    try:
        fmt = _checked_format(format)
        return _load_text(_decode(_read_stream(stream, MAX_FILE_BYTES)), fmt)
    except ValidationError as exc:
        raise ValidationError([p.located(source) for p in exc.problems]) from None


def read_text(path: str | os.PathLike[str], *, limit: int | None = None) -> str:
    """The UTF-8 text of the regular file at *path*, which may hold at most *limit* bytes
    (by default :data:`MAX_FILE_BYTES`).

    The file is checked before it is read: a directory, a FIFO, a socket or a device is
    refused (a FIFO is opened without waiting for a writer, and ``/dev/zero`` is never read);
    a file larger than *limit* is refused from its size, and a file that grows meanwhile is
    read no further than *limit* + 1 bytes. A byte-order mark is dropped.

    Raises:
        ValidationError: one problem at ``$``, without a source: ``unreadable``,
            ``not-a-file``, ``too-large`` or ``encoding`` (with line and column).
    """
    return _decode(_read(path, MAX_FILE_BYTES if limit is None else limit))


def loads(text: str, format: FileFormat = "yaml") -> Campaign:
    """Read a campaign from *text* written in *format* (``yaml``, ``json`` or ``toml``).

    Raises:
        ValidationError: every problem found, each located.

    >>> loads('{"id": "drive", "name": "Drive", "window": {"start": "2026-03-02"}}', "json")
    Traceback (most recent call last):
    ...
    campaignkit.ValidationError: $.window.end: required key 'end' is missing [missing-key]
    """
    _check_size(text)
    return _load_text(text, _checked_format(format))


def parse(text: str, format: FileFormat = "yaml") -> Any:
    """The document in *text* as the loader reads it, before it becomes a campaign.

    Dicts, lists, strings, numbers and booleans (and, from TOML, dates and times): what the
    JSON Schema of :func:`~campaignkit.io.schema` describes. YAML is read as :func:`loads`
    reads it, so unquoted dates stay strings.

    Raises:
        ValidationError: for syntax errors and the limits, located as by :func:`loads`.

    >>> parse("window: {start: 2026-03-02}")
    {'window': {'start': '2026-03-02'}}
    """
    _check_size(text)
    return _PARSERS[_checked_format(format)](text)[0]


def _check_size(text: str) -> None:
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise _error("too-large", f"the text is larger than the limit of {MAX_FILE_BYTES} bytes")


def _checked_format(format: str) -> FileFormat:
    for fmt in EXTENSIONS.values():
        if format == fmt:
            return fmt
    msg = f"unknown format {format!r}; use 'yaml', 'json' or 'toml'"
    raise _error("unknown-format", msg)


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_regular(mode: int) -> ValidationError | None:
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return _error("not-a-file", f"cannot read {kind}: give a regular file")


def _read(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file *path*, refusing any other kind of file, and a file
    over *limit* bytes before reading it whole."""
    try:
        if refused := _not_regular(os.stat(path).st_mode):
            raise refused  # before opening: opening a device may act on it
        # O_NONBLOCK: a FIFO put in the file's place meanwhile cannot make open() wait
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        with open(os.open(path, flags), "rb") as f:
            info = os.fstat(f.fileno())
            if refused := _not_regular(info.st_mode):
                raise refused
            if info.st_size > limit:
                raise _too_large(limit)
            raw = f.read(limit + 1)  # a file may grow after fstat
    except OSError as exc:
        raise _error("unreadable", f"cannot read the file: {exc.strerror or exc}") from exc
    if len(raw) > limit:
        raise _too_large(limit)
    return raw


def _read_stream(stream: BinaryIO, limit: int) -> bytes:
    """At most *limit* bytes of *stream*, refusing more."""
    try:
        raw = stream.read(limit + 1)
    except OSError as exc:
        raise _error("unreadable", f"cannot read the stream: {exc.strerror or exc}") from exc
    if len(raw) > limit:
        raise _too_large(limit, "the input")
    return raw


def _too_large(limit: int, what: str = "the file") -> ValidationError:
    return _error("too-large", f"{what} is larger than the limit of {limit} bytes")


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        msg = f"the file is not UTF-8 text: {exc.reason} at byte {exc.start}"
        raise _error("encoding", msg, line, column) from None


def _load_text(text: str, fmt: FileFormat) -> Campaign:
    if not text.strip():
        raise _error("empty", "the document is empty")
    data, locate = _PARSERS[fmt](text)
    if data is None or data == {}:
        raise _error("empty", "the document holds no campaign")
    try:
        return structure_campaign(data)
    except ValidationError as exc:
        raise ValidationError([_with_position(p, locate) for p in exc.problems]) from None


def _with_position(problem: Problem, locate: Locator | None) -> Problem:
    position = locate(problem.path) if locate else None
    if position is None:
        return problem
    return attrs.evolve(problem, line=position[0], column=position[1])


def _parse_json(text: str) -> tuple[Any, Locator | None]:
    try:
        return json.loads(text, object_pairs_hook=_unique_keys), None
    except json.JSONDecodeError as exc:
        raise _error("syntax", f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except _DuplicateKeyError as exc:
        raise _error("duplicate-key", f"the key {exc.key!r} appears twice in one object") from None
    except RecursionError:
        raise _too_deep() from None
    except ValueError as exc:  # a number beyond Python's limits
        raise _error("syntax", f"invalid JSON: {exc}") from None


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKeyError(key)
        out[key] = value
    return out


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_AT_END = " (at end of document)"


def _parse_toml(text: str) -> tuple[Any, Locator | None]:
    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc.args[0]) if exc.args else str(exc)
        line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
        if match := _TOML_POSITION.search(message):
            line, column = int(match[1]), int(match[2])
            message = message[: match.start()]
        elif message.endswith(_AT_END):
            line, column = _position(text, len(text))
            message = message.removesuffix(_AT_END)
        raise _error("syntax", f"invalid TOML: {message}", line, column) from None
    except RecursionError:
        raise _too_deep() from None
    except ValueError as exc:  # a number beyond Python's limits
        raise _error("syntax", f"invalid TOML: {exc}") from None


def _too_deep() -> ValidationError:
    return _error("too-deep", "the document nests too deeply to be a campaign")


# -- YAML -----------------------------------------------------------------------------------


class _DuplicateYamlKeyError(yaml.constructor.ConstructorError):
    pass


def _refuse_duplicate_keys(node: yaml.MappingNode) -> None:
    seen: set[tuple[str, str]] = set()
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE:
            continue
        if (key_node.tag, key_node.value) in seen:
            raise _DuplicateYamlKeyError(
                "while constructing a mapping",
                node.start_mark,
                f"found duplicate key {key_node.value!r}",
                key_node.start_mark,
            )
        seen.add((key_node.tag, key_node.value))


_READ_FAILURES = (ValueError, IndexError, KeyError, TypeError)
"""What PyYAML's safe constructors raise for a value its explicit tag does not fit
(``!!int`` on an empty value, ``!!set`` on a list)."""


_Constructor: TypeAlias = Callable[[Any, yaml.Node], Any]


def _located(construct: _Constructor) -> _Constructor:
    """*construct*, with a value that does not fit its tag refused at the node."""

    def construct_located(loader: Any, node: yaml.Node) -> Any:
        try:
            return construct(loader, node)
        except _READ_FAILURES as exc:
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            kind = type(node).__name__.removesuffix("Node").lower()
            what = repr(node.value) if isinstance(node, yaml.ScalarNode) else f"this {kind}"
            msg = f"{what} is not a value of the tag {tag}"
            raise yaml.constructor.ConstructorError(None, None, msg, node.start_mark) from exc

    return construct_located


_UNFAILING = frozenset(f"tag:yaml.org,2002:{kind}" for kind in ("str", "seq", "map"))
"""The tags whose constructors refuse a wrong node themselves (and read most nodes)."""


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2 core-schema scalars and no duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        _refuse_duplicate_keys(node)
        return super().construct_mapping(node, deep=deep)


_MERGE = "tag:yaml.org,2002:merge"
_SCALARS = [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (
        "float",
        r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
        |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        "-+0123456789.",
    ),
    ("int", r"^(?:[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$", "-+0123456789"),
    ("merge", r"^(?:<<)$", "<"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]
"""The implicit scalar types of the YAML 1.2 core schema (and ``<<``, the merge key)."""

_YamlLoader: TypeAlias = "type[yaml.SafeLoader] | type[yaml.CSafeLoader]"

_C_DEPTH = 100
"""How deep a document libyaml's loader reads (the pure loader reads deeper ones): well
beyond any campaign, and well within what the pure loader reads without reaching Python's
recursion limit."""

_C_DIFFERS = re.compile(r"[\t\ufeff]|[|>][-+0-9]*#")


def _c_reads_alike(text: str) -> bool:
    """Whether libyaml's parser reads *text* as the pure one does, as far as is known.

    libyaml takes what the pure parser refuses: a tab after a plain scalar, a comment right
    after a block scalar's ``|`` or ``>``, and a ``?`` inside a plain scalar in a flow
    collection (``[why?]``); and it reads a byte-order mark inside the text otherwise. Such a
    text goes to the pure parser directly. (Empty values are left to it as the C parser
    meets them: see :class:`_CLoader`.)
    """
    if _C_DIFFERS.search(text):
        return False
    return "?" not in text or ("[" not in text and "{" not in text)


_YAML_LOADERS: tuple[_YamlLoader, ...] = (_Loader,)
"""The loaders :func:`_parse_yaml` tries in turn: libyaml's where PyYAML has it, then the
pure-Python one, whose errors are the ones reported."""

if yaml.__with_libyaml__:

    class _CLoader(yaml.CSafeLoader):
        """:class:`_Loader`'s rules over libyaml's parser, for documents nested at most
        :data:`_C_DEPTH` deep and without empty values.

        Any other document is left to the pure loader, which decides as it always has: it
        builds nodes by recursion and calls a document too deep where Python's recursion
        limit says so, where libyaml goes further; and libyaml marks an empty value (``a:``
        at the end of the text, ``{a: }``) elsewhere than the pure parser does.
        """

        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self._depth = 0

        # The loader has no path resolvers, so PyYAML's own descend_resolver and
        # ascend_resolver, called around every node, would do nothing: they count depth.

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            self._depth += 1
            if self._depth > _C_DEPTH:
                msg = f"the document nests more than {_C_DEPTH} deep"
                raise yaml.YAMLError(msg)

        def ascend_resolver(self) -> None:
            self._depth -= 1

        def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
            if kind is yaml.ScalarNode and value == "" and not implicit[1]:
                # an empty value, not quoted: libyaml marks some elsewhere than the pure
                # parser does, and reads one tagged ``!`` as a string, not as null
                raise yaml.YAMLError("an empty value")
            tag: str = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]  # PyYAML's stubs leave it untyped
            return tag

        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
            _refuse_duplicate_keys(node)
            return super().construct_mapping(node, deep=deep)

    _YAML_LOADERS = (_CLoader, _Loader)

for _loader in _YAML_LOADERS:
    _loader.yaml_implicit_resolvers = {}
    _loader.yaml_constructors = {
        tag: constructor if tag in _UNFAILING else _located(constructor)
        for tag, constructor in yaml.SafeLoader.yaml_constructors.items()
        if tag != "tag:yaml.org,2002:timestamp"
    }
    for _tag, _pattern, _first in _SCALARS:
        _loader.add_implicit_resolver(
            f"tag:yaml.org,2002:{_tag}", re.compile(_pattern, re.X), list(_first)
        )


def _parse_yaml(text: str) -> tuple[Any, Locator | None]:
    *faster, pure = _YAML_LOADERS
    if _c_reads_alike(text):
        for loader in faster:
            with contextlib.suppress(ValidationError):  # read again below, for the pure errors
                return _read_yaml(loader, text)
    return _read_yaml(pure, text)


def _read_yaml(loader_class: _YamlLoader, text: str) -> tuple[Any, Locator | None]:
    with _yaml_errors(text):
        loader = loader_class(text)  # the reader refuses unprintable characters right away
    try:
        with _yaml_errors(text):
            node = loader.get_single_node()
        if node is None:
            return None, None
        if "*" in text:  # without an alias, a document is a tree: it cannot expand
            _check_expansion(node)
        with _yaml_errors(text):
            data = loader.construct_document(node)
    finally:
        loader.dispose()
    return data, lambda path: _yaml_position(node, path)


@contextlib.contextmanager
def _yaml_errors(text: str) -> Iterator[None]:
    """Turn what PyYAML raises while reading *text* into a located ``ValidationError``."""
    try:
        yield
    except _DuplicateYamlKeyError as exc:
        raise _yaml_error(exc, "duplicate-key") from None
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, "syntax") from None
    except yaml.reader.ReaderError as exc:
        line, column = _position(text, exc.position)
        raise _error("syntax", f"invalid YAML: {_reader_message(exc)}", line, column) from None
    except yaml.YAMLError as exc:
        raise _error("syntax", f"invalid YAML: {exc}") from None
    except RecursionError:
        raise _too_deep() from None
    except _READ_FAILURES as exc:  # an explicitly tagged value that is not what its tag says
        raise _error("syntax", f"invalid YAML: a value does not fit its tag ({exc})") from None


def _position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of character *offset* in *text*."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _reader_message(exc: yaml.reader.ReaderError) -> str:
    character = exc.character if isinstance(exc.character, str) else chr(exc.character)
    return f"unacceptable character {character!r}: {exc.reason}"


def _yaml_error(exc: yaml.MarkedYAMLError, code: str) -> ValidationError:
    mark = exc.problem_mark or exc.context_mark
    problem = ": ".join(part for part in (exc.context, exc.problem) if part)
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return _error(code, f"invalid YAML: {problem}", line, column)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_expansion(root: yaml.Node) -> None:
    """Refuse a document whose aliases expand it beyond :data:`MAX_YAML_NODES` nodes.

    Counts the nodes of the document as a tree, each alias replaced by what it names,
    without building that tree: each distinct node's size is computed once.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # nodes whose size is being computed: the ancestors
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[key] > MAX_YAML_NODES and sizes[key] > len(sizes):
                msg = f"the document's aliases expand it to more than {MAX_YAML_NODES} nodes"
                raise _node_error("alias-limit", msg, node)
        elif key in open_nodes:
            raise _node_error("alias-limit", "an alias refers to a node that contains it", node)
        elif key not in sizes:
            open_nodes.add(key)
            stack.append((node, True))
            stack += [(child, False) for child in _children(node)]


def _node_error(code: str, message: str, node: yaml.Node) -> ValidationError:
    mark = node.start_mark
    return _error(code, message, mark.line + 1, mark.column + 1)


_STEP = re.compile(r'\.([^.\[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


def _yaml_position(root: yaml.Node, path: str) -> tuple[int, int] | None:
    """The line and column of the deepest node on *path* (``$.series[0].name``)."""
    node = root
    for match in _STEP.finditer(path):
        key, index = match[1] if match[3] is None else json.loads(match[3]), match[2]
        found: yaml.Node | None = None
        if index is not None and isinstance(node, yaml.SequenceNode):
            found = node.value[int(index)] if int(index) < len(node.value) else None
        elif key is not None and isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if k.value == key), None)
        if found is None:
            break
        node = found
    return node.start_mark.line + 1, node.start_mark.column + 1


_PARSERS: dict[FileFormat, Callable[[str], tuple[Any, Locator | None]]] = {
    "yaml": _parse_yaml,
    "json": _parse_json,
    "toml": _parse_toml,
}


# -- writing --------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, writing text of several lines as a literal block."""


_UNICODE_BREAKS = frozenset("\r\x85\u2028\u2029")
_HIDDEN = re.compile(f"[{FORMAT_CLASS}]")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # PyYAML writes Unicode line breaks raw in other styles, and reads them back as spaces;
    # double quotes escape them. Format characters (a zero-width space, a bidirectional
    # control) it writes raw in every style: in double quotes, dumps writes them as escapes.
    if _UNICODE_BREAKS.intersection(value) or _HIDDEN.search(value):
        style: str | None = '"'
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dumps(campaign: Campaign, format: FileFormat = "yaml") -> str:
    """The text of *campaign* in *format*; fields equal to their default are left out."""
    data = unstructure_campaign(campaign)
    fmt = _checked_format(format)
    if fmt == "json":
        return json_text(data, indent=2) + "\n"
    if fmt == "toml":
        # every string a basic one (multi-line strings would lose their \r\n line ends)
        return escaped(tomli_w.dumps(data), wide=True)
    text: str = yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False
    )
    return escaped(text, wide=True)  # what PyYAML leaves raw stands in double quotes


def dump(campaign: Campaign, path: str | os.PathLike[str]) -> None:
    """Write *campaign* to *path*, in the format its extension names.

    The file is replaced atomically: a reader sees the old file or the new one, never a
    part. A file that already exists keeps its permissions.

    Raises:
        ValidationError: ``unknown-format`` for an extension that names no format.
        OSError: when the file cannot be written.
    """
    target = Path(path)
    try:
        text = dumps(campaign, format_of(target))
    except ValidationError as exc:
        raise ValidationError([p.located(str(path)) for p in exc.problems]) from None
    write_atomic(target, text)
