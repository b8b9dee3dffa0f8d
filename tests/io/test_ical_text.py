"""iCalendar export of hostile text: any name, venue or address gives a calendar that parses."""

from __future__ import annotations

import datetime as dt
import urllib.parse

import icalendar
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from icalendar.parser import unescape_backslash

from campaignkit import CampaignkitError
from campaignkit.io._ical import ical_parameter, ical_text, mailto, to_ical
from campaignkit.model import Activity, ActivitySeries, Campaign, Mechanism, Person, Window
from campaignkit.scheduling import schedule

D = dt.date

# text rich in what iCalendar must escape or cannot hold
texts = st.text(
    st.sampled_from(["\n", "\r", "\t", "\x1b", "\x07", "\x00", "\x9b", ";", ",", "\\", '"', ":"])
    | st.characters(),
    min_size=1,
    max_size=12,
)
# what the model accepts as a name or venue: any text but control characters, with what
# iCalendar escapes (; , \\ " :) drawn often
names = st.text(
    st.sampled_from([";", ",", "\\", '"', ":", " "])
    | st.characters(blacklist_categories=("Cc", "Cs")),
    min_size=1,
    max_size=12,
).filter(str.strip)
# addresses the model accepts, with the characters a mailto: URI must encode
addresses = st.builds(
    "{}@{}.cn".format,
    st.text(
        st.sampled_from("ab%+=/?#&'{}~")
        | st.characters(min_codepoint=0x4E00, max_codepoint=0x4E2F),
        min_size=1,
        max_size=8,
    ),
    st.text(
        st.sampled_from("xyz-") | st.characters(min_codepoint=0x4E00, max_codepoint=0x4E2F),
        min_size=1,
        max_size=8,
    ).filter(lambda d: d[0] != "-" and d[-1] != "-"),
)


def hostile(name: str, venue: str, person: str, email: str) -> Campaign:
    """A campaign whose names, venue and e-mail address are the given texts."""
    return Campaign(
        id="c",
        name=name,
        window=Window(start=D(2010, 3, 1), end=D(2010, 3, 5)),
        people=(Person(id="p", name=person, email=email),),
        mechanisms=(Mechanism(id="m", name=name, rule="FREQ=DAILY", participants=("p",)),),
        series=(
            ActivitySeries(
                id="s",
                name=name,
                activities=(
                    Activity(
                        id="a", name=name, date=D(2010, 3, 2), venue=venue, participants=("p",)
                    ),
                ),
            ),
        ),
    )


def held(text: str) -> bool:
    """Whether iCalendar text can hold *text* as it is: no control but tab and LF."""
    return ical_text(text) == text


class TestHostileText:
    @given(names, names, names, addresses)
    @example("0", "0", "\\", "a@x.cn")  # a name ending in a backslash swallowed the next parameter
    @example(";", "0", "0", "a@x.cn")  # the calendar's name was not escaped as text
    @example("a\\nb, c", "0", "0", "a@x.cn")  # nor was a backslash before an n
    def test_any_text_parses_and_round_trips(
        self, name: str, venue: str, person: str, email: str
    ) -> None:
        """Whatever text the model accepts, the calendar parses; names, venue and address
        come back as ical_text and mailto wrote them, which is the text itself where
        iCalendar holds it."""
        try:
            campaign = hostile(name, venue, person, email)
        except CampaignkitError:
            assume(False)
        cal = icalendar.Calendar.from_ical(to_ical(schedule(campaign)))
        # one line, escaped as text: a backslash, comma or semicolon reads back as itself
        calname = unescape_backslash(str(cal["X-WR-CALNAME"]))  # as a calendar program does
        assert calname == ical_text(name).replace("\n", " ")
        events = list(cal.walk("VEVENT"))
        assert {str(e["SUMMARY"]) for e in events} == {ical_text(name)}
        (activity,) = [e for e in events if str(e["UID"]).startswith("a@")]
        assert str(activity["LOCATION"]) == ical_text(venue)
        attendee = activity["ATTENDEE"]
        assert attendee.params["CN"] == ical_parameter(person)
        address = urllib.parse.unquote(
            str(attendee).removeprefix("mailto:"), errors="surrogatepass"
        )
        assert address == email
        if held(name):
            assert str(events[0]["SUMMARY"]) == name

    @given(texts)
    def test_writer_holds_any_text(self, text: str) -> None:
        """Regression: a line break in a name or an e-mail address crashed the writer. Any
        text at all, made iCalendar text by ical_text and an address by mailto, is written
        and read back unchanged."""
        event = icalendar.Event()
        event.add("SUMMARY", ical_text(text))
        event.add("ATTENDEE", mailto(text))
        calendar = icalendar.Calendar()
        calendar.add_component(event)
        (back,) = icalendar.Calendar.from_ical(calendar.to_ical()).walk("VEVENT")
        assert str(back["SUMMARY"]) == ical_text(text)
        assert (
            urllib.parse.unquote(
                str(back["ATTENDEE"]).removeprefix("mailto:"), errors="surrogatepass"
            )
            == text
        )

    def test_bidirectional_controls_escaped(self) -> None:
        """Regression: a meeting named ``Meeting``, U+202E, ``txt.exe`` went raw into the
        calendar, whose programs then showed its title turned around (``Meeting exe.txt``).
        Every bidirectional control is written as its escape, as on a terminal."""
        name = "Meeting \u202etxt.exe \u2067\u05d0\u2069\u200f"
        cal = icalendar.Calendar.from_ical(to_ical(schedule(hostile(name, "v", "p", "a@x.cn"))))
        summaries = {str(e["SUMMARY"]) for e in cal.walk("VEVENT")}
        assert summaries == {"Meeting \\u202etxt.exe \\u2067\u05d0\\u2069\\u200f"}
        assert (
            unescape_backslash(str(cal["X-WR-CALNAME"]))
            == "Meeting \\u202etxt.exe \\u2067\u05d0\\u2069\\u200f"
        )

    def test_line_breaks_kept(self) -> None:
        """Text of several lines keeps its line breaks; CR LF and CR are one line break."""
        event = icalendar.Event()
        event.add("DESCRIPTION", ical_text("上\r\n下\r末"))
        (back,) = icalendar.Event.from_ical(event.to_ical()).walk("VEVENT")
        assert str(back["DESCRIPTION"]) == "上\n下\n末"

    def test_model_refuses_line_breaks_in_names(self) -> None:
        """The model refuses a line break in a name, so no event's summary holds one."""
        with pytest.raises(CampaignkitError, match="bad-text"):
            hostile("上\r\n下", "v", "P", "p@x.cn")

    def test_controls_escaped(self) -> None:
        """ESC and BEL, which iCalendar text cannot hold, are written as escapes."""
        assert ical_text("\x1b[31m红\x07\tx") == "\\x1b[31m红\\x07\tx"

    def test_mailto_percent_encodes(self) -> None:
        """An address with a line break and a space is percent-encoded, ASCII kept."""
        assert mailto("a b\r\n@x.cn") == "mailto:a%20b%0D%0A@x.cn"
