"""iCalendar export of hostile text: any name, venue or address gives a calendar that parses."""

from __future__ import annotations

import datetime as dt
import urllib.parse

import icalendar
from hypothesis import assume, given
from hypothesis import strategies as st

from campaignkit.errors import CampaignkitError
from campaignkit.io.ical import ical_text, mailto, to_ical
from campaignkit.model import Activity, ActivitySeries, Campaign, Mechanism, Person, Window
from campaignkit.schedule import schedule

D = dt.date

# text rich in what iCalendar must escape or cannot hold
texts = st.text(
    st.sampled_from(["\n", "\r", "\t", "\x1b", "\x07", "\x00", "\x9b", ";", ",", "\\", '"', ":"])
    | st.characters(),
    min_size=1,
    max_size=12,
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
    @given(texts, texts, texts, texts)
    def test_any_text_parses_and_round_trips(
        self, name: str, venue: str, person: str, email: str
    ) -> None:
        """Regression: a line break in a name or an e-mail address crashed the writer.
        Whatever the text, the calendar parses; names, venue and address come back as
        ical_text and mailto wrote them, which is the text itself where iCalendar holds it."""
        try:
            campaign = hostile(name, venue, person, email)
        except CampaignkitError:
            assume(False)
        cal = icalendar.Calendar.from_ical(to_ical(schedule(campaign)))
        assert str(cal["X-WR-CALNAME"]) == ical_text(name).replace("\n", " ")  # one line
        events = list(cal.walk("VEVENT"))
        assert {str(e["SUMMARY"]) for e in events} == {ical_text(name)}
        (activity,) = [e for e in events if str(e["UID"]).startswith("a@")]
        assert str(activity["LOCATION"]) == ical_text(venue)
        attendee = activity["ATTENDEE"]
        assert attendee.params["CN"] == ical_text(person)
        address = urllib.parse.unquote(
            str(attendee).removeprefix("mailto:"), errors="surrogatepass"
        )
        assert address == email
        if held(name):
            assert str(events[0]["SUMMARY"]) == name

    def test_line_breaks_kept(self) -> None:
        """A name of two lines keeps its line break; CR LF and CR are one line break."""
        campaign = hostile("上\r\n下\r末", "v", "P", "p@x.cn")
        cal = icalendar.Calendar.from_ical(to_ical(schedule(campaign)))
        assert {str(e["SUMMARY"]) for e in cal.walk("VEVENT")} == {"上\n下\n末"}

    def test_controls_escaped(self) -> None:
        """ESC and BEL, which iCalendar text cannot hold, are written as escapes."""
        assert ical_text("\x1b[31m红\x07\tx") == "\\x1b[31m红\\x07\tx"

    def test_mailto_percent_encodes(self) -> None:
        """An address with a line break and a space is percent-encoded, ASCII kept."""
        assert mailto("a b\r\n@x.cn") == "mailto:a%20b%0D%0A@x.cn"
