"""Records and the Ledger: validation, derived ids, immutability."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from campaignkit import RecordError
from campaignkit.tracking import (
    Cancelled,
    Held,
    Ledger,
    Mode,
    Reading,
    canonical,
    derive_id,
    distinct_records,
)

D = dt.date


class TestRecords:
    def test_derived_id_is_deterministic(self) -> None:
        """Two records with the same content get the same derived id."""
        a = Reading(indicator="ideas", date=D(2010, 3, 1), value=103)
        b = Reading(indicator="ideas", date=D(2010, 3, 1), value=103.0)
        assert a.id == b.id
        assert a.id.startswith("reading-")
        assert a == b

    def test_derived_id_depends_on_content(self) -> None:
        """Changing any field changes the derived id."""
        base = Reading(indicator="ideas", date=D(2010, 3, 1), value=103)
        others = [
            Reading(indicator="ideas", date=D(2010, 3, 2), value=103),
            Reading(indicator="ideas", date=D(2010, 3, 1), value=104),
            Reading(indicator="ideas", date=D(2010, 3, 1), value=103, unit="baisha"),
            Reading(indicator="ideas", date=D(2010, 3, 1), value=103, note="150+"),
            Reading(indicator="ideas", date=D(2010, 3, 1), value=103, assumed=True),
            Reading(indicator="ideas", date=D(2010, 3, 1), value=103, mode=Mode.INCREMENT),
        ]
        assert len({base.id, *(o.id for o in others)}) == 7

    def test_given_id_is_kept(self) -> None:
        """A record given an id keeps it."""
        assert Held(subject="forum-1", date=D(2010, 2, 24), id="h-1").id == "h-1"

    def test_kinds_have_their_own_ids(self) -> None:
        """Held and cancelled records of one subject and day differ in id."""
        held = Held(subject="weekly@2010-03-01", date=D(2010, 3, 1))
        cancelled = Cancelled(subject="weekly@2010-03-01", date=D(2010, 3, 1))
        assert held.id != cancelled.id
        assert held.id == derive_id(held)

    def test_negative_zero_is_zero(self) -> None:
        """-0.0 and 0.0 are one value with one id."""
        zero = Reading(indicator="x", date=D(2010, 3, 1), value=0.0)
        assert Reading(indicator="x", date=D(2010, 3, 1), value=-0.0).id == zero.id

    def test_canonical_form_lists_the_content(self) -> None:
        """The canonical form is JSON of the fields, in a fixed order, without the id."""
        held = Held(subject="f", date=D(2010, 2, 24), present=("yu",), excused="wang")
        assert canonical(held) == '["held","f","2010-02-24",null,["yu"],[],["wang"],null,false]'

    def test_attendance_lists_accept_one_party(self) -> None:
        """A single party id is taken as a one-item list."""
        assert Held(subject="f", date=D(2010, 2, 24), present="yu").present == ("yu",)
        assert Held(subject="f", date=D(2010, 2, 24)).attendance_taken is False

    @pytest.mark.parametrize(
        ("fields", "path", "code"),
        [
            ({"value": float("nan")}, "$.value", "invalid-value"),
            ({"value": float("inf")}, "$.value", "invalid-value"),
            ({"value": 2e15}, "$.value", "invalid-value"),
            ({"value": "5"}, "$.value", "invalid-value"),
            ({"value": True}, "$.value", "invalid-value"),
            ({"date": dt.datetime(2010, 3, 1, 9)}, "$.date", "invalid-date"),
            ({"date": "2010-03-01"}, "$.date", "invalid-date"),
            ({"indicator": ""}, "$.indicator", "invalid-value"),
            ({"indicator": " ideas"}, "$.indicator", "invalid-value"),
            ({"mode": "sometimes"}, "$.mode", "invalid-value"),
            ({"unit": ""}, "$.unit", "invalid-value"),
            ({"id": "x" * 257}, "$.id", "invalid-value"),
            ({"assumed": "yes"}, "$.assumed", "invalid-value"),
        ],
    )
    def test_bad_fields_raise_located_record_errors(
        self, fields: dict[str, object], path: str, code: str
    ) -> None:
        """A bad field raises RecordError naming it."""
        good: dict[str, object] = {"indicator": "ideas", "date": D(2010, 3, 1), "value": 1}
        with pytest.raises(RecordError) as info:
            Reading(**{**good, **fields})  # type: ignore[arg-type]
        assert [(p.path, p.code) for p in info.value.problems] == [(path, code)]

    def test_bad_party_is_located(self) -> None:
        """An attendance list with a blank entry names its position."""
        with pytest.raises(RecordError) as info:
            Held(subject="f", date=D(2010, 2, 24), present=("yu", ""))
        assert info.value.problems[0].path == "$.present[1]"

    def test_records_are_frozen(self) -> None:
        """Records cannot be changed after construction."""
        r = Reading(indicator="ideas", date=D(2010, 3, 1), value=1)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            r.value = 2.0  # type: ignore[misc]


class TestLedger:
    def test_sequence_and_order(self) -> None:
        """A ledger keeps its records in order and behaves as a sequence."""
        a = Held(subject="f", date=D(2010, 2, 24))
        b = Reading(indicator="ideas", date=D(2010, 3, 1), value=5)
        ledger = Ledger([a, b])
        assert list(ledger) == [a, b]
        assert (len(ledger), ledger[1], ledger[:1]) == (2, b, Ledger([a]))
        assert b in ledger
        assert (ledger + [a]).records == (a, b, a)  # noqa: RUF005  # Ledger.__add__ is the subject

    def test_filters(self) -> None:
        """between() and of_kind() keep ledger order."""
        a = Held(subject="f", date=D(2010, 2, 24))
        b = Reading(indicator="ideas", date=D(2010, 3, 1), value=5)
        c = Reading(indicator="ideas", date=D(2010, 3, 9), value=5)
        ledger = Ledger([a, b, c])
        assert ledger.between(D(2010, 2, 1), D(2010, 3, 1)) == Ledger([a, b])
        assert ledger.of_kind(Reading) == Ledger([b, c])

    def test_only_records(self) -> None:
        """Anything but a record in a ledger is a located RecordError."""
        with pytest.raises(RecordError) as info:
            Ledger([Held(subject="f", date=D(2010, 2, 24)), "not a record"])  # type: ignore[list-item]
        assert info.value.problems[0].path == "$[1]"

    def test_hashable_and_equal_by_content(self) -> None:
        """Ledgers are values: equal content, equal ledgers and hashes."""
        a = Ledger([Held(subject="f", date=D(2010, 2, 24))])
        b = Ledger([Held(subject="f", date=D(2010, 2, 24))])
        assert a == b
        assert hash(a) == hash(b)


def test_distinct_records_refuses_what_is_not_a_record() -> None:
    """Not a record: a located invalid-record, not an error from inside."""
    with pytest.raises(RecordError) as caught:
        distinct_records([Held(subject="w", date=dt.date(2026, 3, 2)), 7])  # type: ignore[list-item]
    assert [(p.path, p.code) for p in caught.value.problems] == [("$[1]", "invalid-record")]
