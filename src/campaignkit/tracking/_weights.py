"""Weights of the roll-up.

Every series, mechanism and phase has a ``weight`` in the model (default 1); indicators and
the scheduled part of a series (``<series>/activities``) or of a recurring mechanism
(``<mechanism>/occurrences``) weigh 1. A ``weights`` mapping given to
:func:`~campaignkit.tracking.progress` overrides any of them by id. A weight of 0 keeps an
element out of its roll-up. (A weights *file* is read by :func:`campaignkit.io.load_weights`.)
"""

from __future__ import annotations

from collections.abc import Mapping

from campaignkit._errors import Problem, ValidationError, did_you_mean
from campaignkit.model import ActivitySeries, Campaign
from campaignkit.model._base import MAX_WEIGHT, shown

ACTIVITIES = "activities"
"""Suffix naming the scheduled activities of a series in a weights mapping: ``forum/activities``."""
OCCURRENCES = "occurrences"
"""Suffix naming the occurrences of a mechanism in a weights mapping: ``weekly/occurrences``."""


class Weights:
    """The weight of every element: the model's, overridden by a mapping.

    Raises:
        ValidationError: for an override naming no phase, mechanism, series, indicator or
            scheduled part (``unknown-reference``), or with a weight that is not a number
            from 0 to 1e9 (``invalid-weight``); every such key is reported, at
            ``$.weights["id"]``.
    """

    def __init__(self, campaign: Campaign, overrides: Mapping[str, float] | None) -> None:
        self._model: dict[str, float] = {}
        for phase in campaign.phases:
            self._model[phase.id] = phase.weight
        for item in campaign.scoped:
            self._model[item.id] = item.weight
            suffix = ACTIVITIES if isinstance(item, ActivitySeries) else OCCURRENCES
            self._model[f"{item.id}/{suffix}"] = 1.0
            for ind in item.indicators:
                self._model[ind.id] = 1.0
        self._overrides = dict(overrides or {})
        problems = []
        for key, value in self._overrides.items():
            path = f'$.weights["{key}"]'
            if key not in self._model:
                hint = did_you_mean(key, self._model)
                msg = f"{key!r} names no phase, mechanism, series, indicator or scheduled part ('<series>/activities', '<mechanism>/occurrences'){hint}"
                problems.append(Problem(path, "unknown-reference", msg))
            elif (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not 0 <= value <= MAX_WEIGHT  # false for NaN; exact for huge integers
            ):
                msg = f"a weight must be a finite number >= 0 and at most {MAX_WEIGHT:g} (got {shown(value)})"
                problems.append(Problem(path, "invalid-weight", msg))
        if problems:
            raise ValidationError(problems)

    def __call__(self, id: str) -> float:
        """The weight of *id*."""
        return float(self._overrides.get(id, self._model.get(id, 1.0)))
