"""What every section of a situation report is built from: :class:`Context`."""

from __future__ import annotations

import datetime as dt

import attrs

from campaignkit.calendar import WorkingCalendar
from campaignkit.model import Campaign
from campaignkit.report._document import TableCell
from campaignkit.report._labels import Labels
from campaignkit.report._names import name_of
from campaignkit.scheduling import Schedule
from campaignkit.tracking import Progress, Status, Tally


@attrs.frozen(kw_only=True)
class Context:
    """The inputs of a report, and the cells its sections write figures into."""

    campaign: Campaign
    schedule: Schedule
    progress: Progress
    labels: Labels
    threshold: float
    calendar: WorkingCalendar

    def name(self, id: str) -> str:
        """The name of element *id*, marked when assumed."""
        return name_of(self.campaign, id, self.labels)

    def status(self, status: Status | None) -> TableCell:
        """A status, in words and coloured."""
        css = f"status status-{status.value}" if status else "status"
        return TableCell(self.labels.status(status), css)

    def pct(self, value: float | None, places: int | None = None) -> TableCell:
        """A fraction as a percentage (with *places* decimals at least when given)."""
        return TableCell(self.labels.percent(value, places=places), "num")

    def pcts(
        self, completion: float | None, planned: float | None, places: int | None = None
    ) -> tuple[TableCell, TableCell]:
        """A completion and its planned completion as percentages that read as the status
        they give (:meth:`~campaignkit.report.Labels.progress_percents`), with *places*
        decimals at least when given."""
        bands = self.progress.thresholds
        done, plan = self.labels.progress_percents(completion, planned, bands, places=places)
        return TableCell(done, "num"), TableCell(plan, "num")

    def spi(self, value: float | None, least: int = 2) -> TableCell:
        """An SPI, with *least* decimals or the more that keep it in the band of its status
        (:meth:`~campaignkit.tracking.Thresholds.decimals`)."""
        if value is None:
            return TableCell(self.labels.ratio(None), "num")
        places = self.progress.thresholds.decimals(value, least)
        return TableCell(self.labels.ratio(value, places), "num")

    def num(
        self, value: float | int, unit: str | None = None, *, against: tuple[float, ...] = ()
    ) -> TableCell:
        """A figure, an amount of *unit* when given, never written as a figure of *against*
        that it is not (see :meth:`Labels.number`)."""
        return TableCell(self.labels.number(value, unit, against=against), "num")

    def measure(self, indicator: str, unit: str) -> str:
        """The unit of *indicator* in the reader's language (*unit* for an id the campaign
        does not know)."""
        if self.campaign.kind_of(indicator) != "indicator":
            return unit
        return self.campaign.indicator(indicator).unit_in(self.labels.tag)

    def date(self, day: dt.date | None) -> TableCell:
        """A day."""
        return TableCell(self.labels.date(day), "date")

    def span(self, start: dt.date, end: dt.date) -> TableCell:
        """The days ``start .. end``."""
        return TableCell(f"{self.labels.date(start)} – {self.labels.date(end)}", "date")

    def held(self, tally: Tally | None, *, cancelled: bool = True) -> TableCell:
        """Held against due, with the items called off (unless *cancelled* is false: a
        table with a column of them), or a dash when nothing is scheduled."""
        if tally is None or not tally.total:
            return TableCell(self.labels.missing, "num")
        return TableCell(self.labels.held_due(tally, cancelled=cancelled), "num")

    def lead(self, subject: str) -> str:
        """The name of the party that leads *subject*, or a dash."""
        party = self.campaign.lead_of(subject)
        return self.name(party) if party else self.labels.missing
