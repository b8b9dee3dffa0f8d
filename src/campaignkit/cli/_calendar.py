"""``campaignkit calendar``: the working days, holidays and make-up workdays of a year."""

from __future__ import annotations

import argparse

import attrs

from campaignkit._errors import ValidationError
from campaignkit.calendar import CalendarYear, calendar_year
from campaignkit.cli._common import (
    ARGUMENTS,
    add_format,
    add_lang,
    error,
    labels_for,
    lang_argument,
    print_result,
    to_json,
)
from campaignkit.cli._outcome import EXIT_OK
from campaignkit.io import format_table
from campaignkit.report import Labels


def configure_calendar(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``calendar``."""
    parser.add_argument("country", metavar="COUNTRY", help="ISO 3166 country code, such as CN")
    parser.add_argument("year", metavar="YEAR", help="the year, such as 2010")
    parser.add_argument("--subdivision", metavar="S", help="a province or state code")
    parser.add_argument(
        "--language", metavar="L", help="language of holiday names (zh_CN, en_US, …)"
    )
    add_format(parser, ("table", "json"))
    add_lang(parser)


_ARGUMENTS = {
    "$.calendar.country": "COUNTRY",
    "$.calendar.subdivision": "--subdivision",
    "$.year": "YEAR",
    "$.language": "--language",
}
"""The argument each path of a calendar problem comes from."""


def run_calendar(args: argparse.Namespace) -> int:
    """Print the year as a table or as JSON; bad arguments are problems with the arguments."""
    labels = labels_for(lang_argument(args.lang), None)
    try:
        year = int(args.year)
    except ValueError:
        msg = f"{args.year!r} is not a year such as 2010"
        raise error("invalid-year", msg, "YEAR") from None
    try:
        table = calendar_year(
            args.country.upper(), year, subdivision=args.subdivision, language=args.language
        )
    except ValidationError as exc:
        raise ValidationError(
            [
                attrs.evolve(p, path=_ARGUMENTS.get(p.path, p.path), source=ARGUMENTS)
                for p in exc.problems
            ]
        ) from None
    text = to_json(_as_dict(table)) + "\n" if args.format == "json" else _table(table, labels)
    print_result(text, table=args.format == "table")
    return EXIT_OK


def _table(table: CalendarYear, labels: Labels) -> str:
    """The year as the reader's language writes it: a summary line, the holidays, the make-up
    workdays; holiday names are in the language ``--language`` asked the calendar for."""
    where = table.country + (f"-{table.subdivision}" if table.subdivision else "")
    holidays = [
        (
            h.date,
            labels.weekday(h.date),
            labels("calendar.worked", name=h.name) if h.working else h.name,
        )
        for h in table.holidays
    ]
    makeup = [(d, labels.weekday(d)) for d in table.makeup_workdays]
    summary = labels(
        "calendar.summary",
        where=where,
        year=table.year,
        working=table.working_days,
        off=table.days_off,
        days=table.days,
    )
    date, weekday = labels("calendar.date"), labels("col.weekday")
    lines = [
        summary,
        "",
        labels("calendar.holidays", count=len(table.holidays)),
        format_table((date, weekday, labels("col.name")), holidays),
        "",
        labels("calendar.makeup", count=len(table.makeup_workdays)),
        format_table((date, weekday), makeup),
    ]
    return "\n".join(lines) + "\n"


def _as_dict(table: CalendarYear) -> dict[str, object]:
    return {
        "country": table.country,
        "subdivision": table.subdivision,
        "year": table.year,
        "language": table.language,
        "days": table.days,
        "working_days": table.working_days,
        "days_off": table.days_off,
        "holidays": [
            {"date": h.date.isoformat(), "name": h.name, "working": h.working}
            for h in table.holidays
        ],
        "makeup_workdays": [d.isoformat() for d in table.makeup_workdays],
    }
