"""Weights files: a YAML, JSON or TOML mapping of ids to the weights of the roll-up."""

from __future__ import annotations

import json
import os

import attrs

from campaignkit._errors import Problem, ValidationError
from campaignkit.io._files import format_of, parse, read_text
from campaignkit.model import Campaign
from campaignkit.tracking import Weights


def load_weights(path: str | os.PathLike[str], campaign: Campaign) -> dict[str, float]:
    """The weights file at *path*: a mapping of ids to numbers, checked against *campaign*.

    The file is read as campaign files are (a regular file of at most
    :data:`~campaignkit.io.MAX_FILE_BYTES`, UTF-8); its format follows its extension. The
    mapping is what the ``weights`` of :func:`~campaignkit.tracking.progress` take.

    Raises:
        ValidationError: every problem, located in the file; paths name the key
            (``$["forum"]``), as the weights of :func:`~campaignkit.tracking.progress` do;
            a number too large for a float (400 digits) is ``invalid-weight`` at its key.
    """
    name = os.fspath(path)
    try:
        data = _weights_document(name)
        Weights(campaign, data)  # checks the ids and the values
    except ValidationError as exc:
        problems = [attrs.evolve(p, path=p.path.replace("$.weights", "$", 1)) for p in exc.problems]
        raise ValidationError([p.located(name) for p in problems]) from None
    return data


def _weights_document(name: str) -> dict[str, float]:
    data = parse(read_text(name), format_of(name))
    if data is None or data == {}:
        raise ValidationError([Problem("$", "empty", "the file holds no weights")])
    if not isinstance(data, dict):
        msg = f"weights are a mapping of ids to numbers, not a {type(data).__name__}"
        raise ValidationError([Problem("$", "wrong-type", msg)])
    problems = []
    for key, value in data.items():
        if not isinstance(key, str):
            msg = f"every key is an id (a string); {key!r} is not"
            raise ValidationError([Problem(f"$[{json.dumps(str(key))}]", "wrong-type", msg)])
        if isinstance(value, int) and not isinstance(value, bool):
            try:
                data[key] = float(value)
            except OverflowError:
                msg = "a weight must be a finite number >= 0 (got a number beyond 1e308)"
                problems.append(Problem(f"$[{json.dumps(key)}]", "invalid-weight", msg))
    if problems:
        raise ValidationError(problems)
    return data
