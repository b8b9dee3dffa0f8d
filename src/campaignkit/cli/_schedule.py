"""``campaignkit schedule``: lay a campaign out in time and list its days.

The listing is a table for people, or JSON or CSV for programs; ``--ics`` also writes the
schedule (with ``--party``, that party's calendar) as iCalendar.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
from collections.abc import Callable, Sequence

import attrs

from campaignkit._errors import ValidationError, did_you_mean
from campaignkit._text import truncate
from campaignkit.cli._common import (
    StatusLine,
    add_bom,
    add_campaign_file,
    add_format,
    add_lang,
    add_raw_csv,
    csv_bom,
    csv_formulas,
    date_argument,
    error,
    labels_for,
    lang_argument,
    load_and_schedule,
    output_argument,
    print_result,
    to_json,
    write_file,
)
from campaignkit.cli._outcome import EXIT_OK
from campaignkit.io import (
    SCHEDULE_FORMAT_VERSION,
    format_table,
    item_records,
    to_ical,
    write_schedule_csv,
)
from campaignkit.io._cells import Formulas
from campaignkit.model import Campaign
from campaignkit.report import Labels
from campaignkit.scheduling import AgendaRole, Occurrence, Schedule, ScheduledItem


def configure_schedule(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``schedule``."""
    add_campaign_file(parser)
    parser.add_argument(
        "--from", dest="first", metavar="DATE", help="list items from this day (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--to", dest="last", metavar="DATE", help="list items up to this day, inclusive"
    )
    parser.add_argument(
        "--party",
        metavar="ID",
        help="only the agenda of this person, unit, group or working body",
    )
    parser.add_argument(
        "--role",
        dest="roles",
        action="append",
        choices=[r.value for r in AgendaRole],
        help="with --party: only items where it plays this role (repeatable; default: all "
        "but consulted and informed)",
    )
    add_format(parser, ("table", "json", "csv"))
    add_raw_csv(parser)
    add_bom(parser)
    add_lang(parser)
    parser.add_argument(
        "--ics",
        metavar="OUT",
        help="also write the schedule (with --party, that party's calendar) to OUT as "
        "iCalendar; an earlier export in OUT keeps its SEQUENCE numbers rising",
    )
    parser.add_argument(
        "--alarm",
        metavar="MINUTES",
        help="with --ics: remind this many minutes before each meeting and activity",
    )


def run_schedule(args: argparse.Namespace) -> int:
    """Schedule the campaign, write ``--ics`` if asked, and list the requested items."""
    first = date_argument(args.first, "--from")
    last = date_argument(args.last, "--to")
    if first and last and last < first:
        raise error("date-order", f"--to {last} is before --from {first}", "--to")
    if args.roles and args.party is None:
        raise error("invalid-value", "--role only means something with --party", "--role")
    alarm = _alarm_argument(args.alarm)
    if alarm is not None and not args.ics:
        raise error("invalid-value", "--alarm only means something with --ics", "--alarm")
    roles = tuple(AgendaRole(r) for r in args.roles) if args.roles else None
    ics = output_argument(args.ics, "--ics", {"FILE": args.file})
    chosen = lang_argument(args.lang)
    status = StatusLine()
    try:
        campaign, plan = load_and_schedule(args.file, status, args.input_format)
        if args.party is not None and not campaign.is_party(args.party):
            parties = (i for i in campaign.ids if campaign.is_party(i))
            hint = did_you_mean(args.party, parties)
            msg = (
                f"{args.party!r} names no person, unit, group or working body of the campaign{hint}"
            )
            raise error("unknown-reference", msg, "--party")
        if ics is not None:
            status.step(f"writing {ics}")
            _write_calendar(plan, ics, party=args.party, roles=roles, alarm=alarm)
        status.step("listing")
        labels = labels_for(chosen, campaign)
        request = _Listing(
            first=first,
            last=last,
            party=args.party,
            roles=roles,
            formulas=csv_formulas(args),
            bom=csv_bom(args, labels),
        )
        if args.format == "table":
            text = _table(plan, request.items(plan), request, _Names(plan, campaign, labels))
        else:
            text = _VIEWS[args.format](plan, request.items(plan), request)
    finally:
        status.done()
    print_result(text, table=args.format == "table")
    return EXIT_OK


def _alarm_argument(text: str | None) -> dt.timedelta | None:
    """The reminder ``--alarm`` gives, in whole minutes from 0 to a week."""
    if text is None:
        return None
    digits = text.isascii() and text.isdigit() and len(text) <= len(str(_WEEK_MINUTES))
    if not digits or int(text) > _WEEK_MINUTES:
        msg = f"{text!r} is not a number of minutes from 0 to {_WEEK_MINUTES} (a week)"
        raise error("invalid-value", msg, "--alarm")
    return dt.timedelta(minutes=int(text))


_WEEK_MINUTES = 7 * 24 * 60


def _write_calendar(
    plan: Schedule,
    path: str,
    *,
    party: str | None,
    roles: tuple[AgendaRole, ...] | None,
    alarm: dt.timedelta | None,
) -> None:
    """Write the calendar to *path*, numbering changed events from the export already there."""
    previous = None
    if os.path.isfile(path):
        try:
            with open(path, "rb") as existing:
                previous = existing.read()
        except OSError as exc:
            msg = f"cannot read the earlier export {path}: {exc.strerror or exc}"
            raise error("unreadable", msg, "--ics") from None
    try:
        data = to_ical(plan, party=party, roles=roles, alarm=alarm, previous=previous)
    except ValidationError as exc:
        msg = f"{path} holds no calendar campaignkit wrote, so it is not replaced: {exc.problems[0].message}"
        raise error("bad-calendar", msg, "--ics") from None
    write_file(path, data, "--ics")


@attrs.frozen
class _Listing:
    """Which part of a schedule to list (a range of days, one party's agenda), and what a
    CSV listing does with formulas and whether it begins with a byte-order mark."""

    first: dt.date | None
    last: dt.date | None
    party: str | None
    roles: tuple[AgendaRole, ...] | None = None
    formulas: Formulas = "neutralise"
    bom: bool = False

    def items(self, plan: Schedule) -> tuple[ScheduledItem, ...]:
        lo, hi = self.first or dt.date.min, self.last or dt.date.max
        if self.party is None:
            return plan.between(lo, hi)
        return tuple(i for i in plan.for_party(self.party, self.roles) if lo <= i.day <= hi)

    def roles_of(self, plan: Schedule, item: ScheduledItem) -> tuple[str, ...]:
        """The party's roles in *item* (none without a party)."""
        if self.party is None:
            return ()
        return tuple(plan.roles_of(self.party, item))

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        return (self.first is None or end >= self.first) and (
            self.last is None or start <= self.last
        )


def _json(plan: Schedule, items: Sequence[ScheduledItem], request: _Listing) -> str:
    refs = {i.ref for i in items}
    records = item_records(plan, items)
    if request.party is not None:
        records = [
            {**r, "roles": list(request.roles_of(plan, i))}
            for r, i in zip(records, items, strict=True)
        ]
    data = {
        "format_version": SCHEDULE_FORMAT_VERSION,
        "campaign": plan.campaign,
        "name": plan.name_of(plan.campaign),
        "timezone": plan.timezone,
        "from": request.first,
        "to": request.last,
        "party": request.party,
        "phases": [
            {**attrs.asdict(p), "name": plan.name_of(p.phase)}
            for p in plan.phases
            if request.overlaps(p.start, p.end)
        ],
        "items": records,
        "conflicts": [attrs.asdict(c) for c in plan.conflicts if c.first in refs],
    }
    return to_json(data) + "\n"


def _csv(plan: Schedule, items: Sequence[ScheduledItem], request: _Listing) -> str:
    out = io.StringIO()
    roles = None
    if request.party is not None:
        roles = {i.ref: request.roles_of(plan, i) for i in items}
    write_schedule_csv(
        plan,
        out,
        refs={i.ref for i in items},
        roles=roles,
        formulas=request.formulas,
        bom=request.bom,
    )
    return out.getvalue()


@attrs.frozen
class _Names:
    """Names and words of the schedule table, in the labels' language."""

    plan: Schedule
    campaign: Campaign
    labels: Labels

    def __call__(self, id: str, width: int) -> str:
        """The name of element *id* in the labels' language, cut to *width* characters (the
        schedule's name for one the campaign does not name, a generated activity)."""
        if id == self.campaign.id:
            name = self.campaign.label(self.labels.tag)
        elif self.campaign.kind_of(id) is not None:
            name = self.campaign.get(id).label(self.labels.tag)
        else:
            name = self.plan.name_of(id)
        return truncate(name, width)


def _table(plan: Schedule, items: Sequence[ScheduledItem], request: _Listing, names: _Names) -> str:
    labels = names.labels
    lines = [
        names(plan.campaign, 10_000),
        f"{plan.window_start} … {plan.window_end}, {plan.timezone}",
    ]
    phases = [p for p in plan.phases if request.overlaps(p.start, p.end)]
    if request.party is None and phases:
        titles = labels.heads("phase", "name", "start", "end", "slack")
        dated = [(p.phase, names(p.phase, 24), p.start, p.end, p.slack) for p in phases]
        lines += ["", format_table(titles, dated, align="llllr")]
    header = labels.heads("day", "weekday", "time", "ref", "item", "note")
    rows: list[tuple[object, ...]] = [
        (
            i.day,
            labels.weekday(i.day),
            f"{i.start:%H:%M}–{i.end:%H:%M}",
            i.ref,
            names(i.subject, 32),
            _item_note(i, labels),
        )
        for i in items
    ]
    if request.party is not None:
        header += labels.heads("role")
        rows = [
            (*row, labels.join(list(request.roles_of(plan, i))))
            for row, i in zip(rows, items, strict=True)
        ]
    count = (
        labels("table.items-for", n=labels.number(len(items)), party=request.party)
        if request.party
        else labels.counted("table.items", n=len(items))
    )
    lines += ["", format_table(header, rows), count]
    refs = {i.ref for i in items}
    lines += [
        labels("table.conflict", person=c.person, first=c.first, second=c.second, day=c.day)
        for c in plan.conflicts
        if c.first in refs
    ]
    return "\n".join(lines) + "\n"


def _item_note(item: ScheduledItem, labels: Labels) -> str:
    if isinstance(item, Occurrence):
        return labels("table.moved", day=item.key.rule_date) if item.shifted else ""
    return labels("table.placed") if item.placed else ""


_VIEWS: dict[str, Callable[[Schedule, Sequence[ScheduledItem], _Listing], str]] = {
    "json": _json,
    "csv": _csv,
}
