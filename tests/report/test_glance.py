"""Units at a glance: heatmap rows by the unit tree, the heatmap, and the league table."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from campaignkit.calendar import WorkingCalendar
from campaignkit.model import ActivitySeries, Campaign, Cascade, Indicator, Unit, Window
from campaignkit.report import Figure, Labels, Table
from campaignkit.report._context import Context
from campaignkit.report._glance import (
    PALETTE,
    Measured,
    Row,
    cascades,
    colour,
    glance,
    league,
    measured,
    rows_of,
    tree_order,
)
from campaignkit.scheduling import schedule
from campaignkit.tracking import (
    Progress,
    Reading,
    Status,
    Tally,
    UnitProgress,
    progress,
    progress_series,
)

START, AS_OF = dt.date(2026, 3, 2), dt.date(2026, 3, 13)


def county(villages: dict[str, list[str]]) -> Campaign:
    """A county, its towns and their villages, one series (10 per village) cascaded to all."""
    units = [Unit(id="county", name="County")]
    units += [Unit(id=t, name=t.title(), parent="county") for t in villages]
    units += [Unit(id=v, name=v.upper(), parent=t) for t, vs in villages.items() for v in vs]
    every = tuple(v for vs in villages.values() for v in vs)
    series = ActivitySeries(
        id="drive",
        name="Drive",
        cascade=Cascade(units=every),
        indicators=(Indicator(id="bags", name="Bags", target=10),),
    )
    return Campaign(
        id="c",
        name="C",
        window=Window(start=START, end=dt.date(2026, 3, 27)),
        units=tuple(units),
        series=(series,),
    )


def context(campaign: Campaign, readings: dict[str, float]) -> tuple[Context, tuple[Progress, ...]]:
    plan = schedule(campaign)
    ledger = [
        Reading(id=f"r-{unit}", indicator="bags", unit=unit, date=START, value=value)
        for unit, value in readings.items()
    ]
    days = (START, dt.date(2026, 3, 9), AS_OF)
    history = progress_series(campaign, plan, ledger, days)
    ctx = Context(
        campaign=campaign,
        schedule=plan,
        progress=progress(campaign, plan, ledger, AS_OF),
        labels=Labels.of("en"),
        threshold=0.8,
        calendar=WorkingCalendar.for_campaign(campaign),
    )
    return ctx, history


TOWNS = {"north": ["n1", "n2"], "south": ["s1", "s2"]}


class TestRows:
    def test_few_units_one_row_each_in_tree_order(self) -> None:
        """Up to the limit, every unit is a row, in the order of the tree."""
        c = county(TOWNS)
        rows = rows_of(c, ["s2", "n1", "s1", "n2"], limit=4)
        assert [r.units for r in rows] == [("n1",), ("n2",), ("s1",), ("s2",)]

    def test_many_units_grouped_by_town(self) -> None:
        """Over the limit, the units are grouped at the deepest level that fits: towns."""
        c = county(TOWNS)
        rows = rows_of(c, ["s2", "n1", "s1", "n2"], limit=3)
        assert [(r.id, r.units) for r in rows] == [("north", ("n1", "n2")), ("south", ("s1", "s2"))]

    def test_one_group_when_nothing_fits(self) -> None:
        """When even the towns are too many, the whole county is one row."""
        c = county(TOWNS)
        rows = rows_of(c, ["n1", "n2", "s1", "s2"], limit=1)
        assert [(r.id, r.units) for r in rows] == [("county", ("n1", "n2", "s1", "s2"))]

    @settings(max_examples=60, deadline=None)
    @given(
        st.lists(st.integers(1, 6), min_size=1, max_size=6),
        st.integers(1, 12),
        st.data(),
    )
    def test_rows_partition_the_units_in_tree_order(
        self, sizes: list[int], limit: int, data: st.DataObject
    ) -> None:
        """Whatever the tree and the limit, the rows hold every unit once, in tree order,
        and there are at most *limit* of them unless one row holds everything."""
        towns = {f"t{n}": [f"t{n}v{k}" for k in range(size)] for n, size in enumerate(sizes)}
        c = county(towns)
        every = [v for vs in towns.values() for v in vs]
        chosen = data.draw(st.lists(st.sampled_from(every), min_size=1, unique=True))
        rows = rows_of(c, chosen, limit)
        flat = [u for r in rows for u in r.units]
        order = list(tree_order(c))
        assert sorted(flat) == sorted(chosen)
        assert flat == sorted(chosen, key=order.index)
        assert len(rows) <= limit or len(rows) == 1


class TestHeatmap:
    def test_cells_carry_tooltips(self) -> None:
        """One row per village, one cell per day up to the report's day, each with a
        ``<title>``: N1 has 10 of 10 bags (100%), S2 none (0%)."""
        c = county(TOWNS)
        ctx, history = context(c, {"n1": 10, "n2": 5, "s1": 2})
        figure = glance(ctx, cascades(ctx.progress)[0], history)[0]
        assert isinstance(figure, Figure)
        assert figure.svg.count('class="heatmap-row"') == 4
        assert figure.svg.count("<rect") == 4 * 3 + 6  # 3 days, and the legend's 6 colours
        assert "<title>N1, 2026-03-13: completion 100% (planned " in figure.svg
        assert "<title>S2, 2026-03-13: completion 0% (planned " in figure.svg
        assert figure.data is not None
        assert [row[0].text for row in figure.data.rows] == ["N1", "N2", "S1", "S2"]
        assert [cell.text for cell in figure.data.rows[1][2:]] == ["50%", "50%", "50%"]

    def test_grouped_cells_show_the_mean_and_the_weakest(self) -> None:
        """Grouped by town, a cell is the mean of the town's villages: North (100% + 50%) / 2
        = 75%, South (20% + 0%) / 2 = 10%, naming the weakest village, and how many of
        the villages reported nothing (S2: its 0 % is no reading, not a reading of 0)."""
        c = county(TOWNS)
        ctx, history = context(c, {"n1": 10, "n2": 5, "s1": 2})
        blocks = glance(ctx, cascades(ctx.progress)[0], history, limit=3)
        assert isinstance(blocks[0], Figure)
        svg = blocks[0].svg
        assert svg.count('class="heatmap-row"') == 2
        assert "North (2), " not in svg  # the label, not the tooltip, counts the villages
        assert re.search(
            r"<title>North, 2026-03-13: completion 75% \(planned [^)]*\); 2 units, the lowest N2 \(50%\)</title>",
            svg,
        )
        assert re.search(
            r"<title>South, 2026-03-13: completion 10% \(planned [^)]*\); 2 units, the lowest S2 \(0%\); "
            r"1 of 2 units without readings</title>",
            svg,
        )

    def test_colours_never_round_to_done_or_nothing(self) -> None:
        """Regression: each value took the nearest of six steps 0, 20, …, 100 %, so 90 %
        was drawn in the colour of done and 9.5 % in that of nothing (or of no readings).
        The first colour is for 0 and the last for 100 % and over, exactly; between, bands
        a quarter wide: (0, 25 %), [25 %, 50 %), [50 %, 75 %), [75 %, 100 %)."""
        assert colour(0.0) == colour(-0.1) == PALETTE[0]
        assert colour(1e-9) == colour(0.095) == colour(0.2499) == PALETTE[1]
        assert colour(0.25) == colour(0.49) == PALETTE[2]
        assert colour(0.5) == colour(0.69) == PALETTE[3]
        assert colour(0.75) == colour(0.9) == colour(1 - 1e-12) == PALETTE[4]
        assert colour(1.0) == colour(1.7) == PALETTE[5]
        assert colour(None) == "#eeeeee"

    def test_the_legend_names_the_bands(self) -> None:
        """Regression: the legend named six points (0 %, 20 %, …) where the colours are
        bands; it names 0 %, each band, and 100 %."""
        ctx, history = context(county(TOWNS), {"n1": 10, "n2": 5, "s1": 2})
        figure = glance(ctx, cascades(ctx.progress)[0], history)[0]
        assert isinstance(figure, Figure)
        svg = str(figure.svg)
        legend = svg[svg.index('<g class="heatmap-legend">') :]
        legend = legend[: legend.index("</g>")]
        words = ["0%", "0%–25%", "25%–50%", "50%–75%", "75%–100%", "100%"]
        assert re.findall(r">([^<>]+)</text>", legend) == words


class TestLeague:
    def test_towns_ranked_with_their_spread(self) -> None:
        """North: villages at 100% and 50%: mean 75%, lowest 50%, median 75%, highest 100%.
        South: 20% and 0%: mean 10%, median 10%; its weakest village is S2, which reported
        nothing: South has one unit without readings, North none."""
        c = county(TOWNS)
        ctx, history = context(c, {"n1": 10, "n2": 5, "s1": 2})
        blocks = glance(ctx, cascades(ctx.progress)[0], history, limit=3)
        league = blocks[1]
        assert isinstance(league, Table)
        assert league.ranked
        cells = [[cell.text for cell in row] for row in league.rows]
        assert [row[:4] + row[5:8] + row[9:] for row in cells] == [
            ["1", "North", "2", "75%", "50%", "75%", "100%", "0", "N2"],
            ["2", "South", "2", "10%", "0%", "10%", "20%", "1", "S2"],
        ]

    def test_groups_ranked_apart_never_read_alike(self) -> None:
        """Regression: the league wrote means with the catalog's one decimal, so towns
        ranked 1 and 2 could read alike (11.117 % and 11.114 %: 11.1 %), and towns of
        equal means got ranks 1 and 2. Equal means share a rank; the means take the
        decimals that tell the others apart."""
        c = county(TOWNS)

        def ranked(readings: dict[str, float]) -> list[list[str]]:
            ctx, history = context(c, readings)
            league = glance(ctx, cascades(ctx.progress)[0], history, limit=3)[1]
            assert isinstance(league, Table)
            return [[row[0].text, row[1].text, row[3].text] for row in league.rows]

        # a town's mean: its two villages' completions (value of 10 bags) over 2
        assert ranked({"n1": 2.2234, "s1": 2.2228}) == [
            ["1", "North", "11.12%"],  # (22.234 % + 0) / 2 = 11.117 %
            ["2", "South", "11.11%"],  # (22.228 % + 0) / 2 = 11.114 %
        ]
        assert ranked({"n1": 2, "s1": 2}) == [["1", "North", "10%"], ["1", "South", "10%"]]

    def test_means_straddling_a_rounding_boundary_share_a_rank(self) -> None:
        """Regression: means were compared rounded to nine places, so North at
        0.1234567885 - 1e-15 and South at 0.1234567885 + 1e-15 (0.123456788 and 0.123456789
        rounded) were ranked 2 and 1. Alike but for noise, they share rank 1, listed by id;
        and the weakest of a town is the first by id of the villages alike the lowest (S1,
        though S2 is 5e-16 lower)."""
        ctx, _ = context(county(TOWNS), {})
        edge = 0.1234567885
        by_unit = {
            "n1": Measured("n1", edge - 1e-15, 0.5, False),
            "n2": Measured("n2", 0.9, 0.5, False),
            "s1": Measured("s1", edge + 1e-15, 0.5, False),
            "s2": Measured("s2", edge + 5e-16, 0.5, False),  # lower by noise alone
        }
        rows = [Row("south", ("s2", "s1")), Row("north", ("n1",))]
        table = league(ctx, "drive", rows, by_unit)
        cells = [[row[0].text, row[1].text, row[10].text] for row in table.rows]
        assert cells == [["1", "North", "N1"], ["1", "South", "S1"]]

    def test_no_league_when_every_row_is_a_unit(self) -> None:
        """Four villages fit the heatmap: no groups, no league table."""
        c = county(TOWNS)
        ctx, history = context(c, {"n1": 10})
        blocks = glance(ctx, cascades(ctx.progress)[0], history)
        assert [type(b).__name__ for b in blocks] == ["Figure"]


class TestMeasured:
    def unit(self, tally: Tally | None) -> UnitProgress:
        return UnitProgress(
            unit="v1", rank=1, completion=0.3, planned=0.5, spi=0.6, status=Status.BEHIND,
            tally=tally,
        )  # fmt: skip

    def test_completion_of_a_series(self) -> None:
        """A series' unit shows its completion against its planned completion."""
        assert measured(self.unit(None), adherence=False) == Measured("v1", 0.3, 0.5, True)

    def test_adherence_of_a_mechanism(self) -> None:
        """A mechanism's unit shows held against due, 3 of 4 = 75%, against 100% planned."""
        tally = Tally(total=10, due=4, held=3)
        assert measured(self.unit(tally), adherence=True) == Measured("v1", 0.75, 1.0, True)

    def test_nothing_due_nothing_shown(self) -> None:
        """Before the first meeting is due there is no adherence, and no plan for it."""
        tally = Tally(total=10, due=0)
        assert measured(self.unit(tally), adherence=True) == Measured("v1", None, None, True)
