"""Random selection's draws: the same with the key, unpredictable without it, at the rates set."""

from __future__ import annotations

import uuid
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from borderdesk.domain.crossing import Channel
from borderdesk.domain.findings import CheckResult, Finding, Rule, Severity
from borderdesk.rules.selection import (
    CHANNEL_DRAW,
    channel_pick,
    fraction,
    inspector_pick,
    ticket,
    with_random_pick,
)
from borderdesk.rules.settings import SelectivitySettings

KEY = bytes(range(32))
RATES = SelectivitySettings(Decimal("0.05"), Decimal("0.1"))


def _green() -> CheckResult:
    return CheckResult(channel=Channel.GREEN, score=5, findings=(
        Finding(Rule.ORIGIN_UNKNOWN, Severity.LOW, "origin not stated", line=1),))


def test_the_share_picked_is_the_rate_set_and_red_picks_are_a_part_of_them() -> None:
    picks = [channel_pick(ticket(KEY, uuid.UUID(int=n), CHANNEL_DRAW), RATES).channel
             for n in range(20_000)]
    yellow, red = picks.count(Channel.YELLOW), picks.count(Channel.RED)
    # 5 % of 20,000 is 1,000 (σ ≈ 31); 10 % of those red is 100 (σ ≈ 10).
    assert 880 <= yellow + red <= 1120
    assert 65 <= red <= 135


@given(st.uuids(), st.binary(min_size=16, max_size=64))
def test_a_draw_is_the_same_every_time_with_the_same_key_and_differs_with_another(
        crossing: uuid.UUID, secret: bytes) -> None:
    assert ticket(secret, crossing, CHANNEL_DRAW) == ticket(secret, crossing, CHANNEL_DRAW)
    assert ticket(secret, crossing, CHANNEL_DRAW) != ticket(secret + b"x", crossing, CHANNEL_DRAW)
    assert ticket(secret, crossing, CHANNEL_DRAW) != ticket(secret, crossing, "inspector")
    assert Decimal(0) <= fraction(ticket(secret, crossing, CHANNEL_DRAW)) < Decimal(1)


@given(st.uuids(), st.decimals(min_value=0, max_value=1, places=3),
       st.decimals(min_value=0, max_value=1, places=3))
def test_only_an_otherwise_green_crossing_is_changed_and_it_says_why(
        crossing: uuid.UUID, rate: Decimal, red_share: Decimal) -> None:
    pick = channel_pick(ticket(KEY, crossing, CHANNEL_DRAW), SelectivitySettings(rate, red_share))
    green = with_random_pick(_green(), pick)
    if pick.channel is None:
        assert green == _green()
    else:
        assert green.channel is pick.channel
        assert green.score == 5, "a random pick adds no points"
        assert [f.rule for f in green.findings] == [Rule.ORIGIN_UNKNOWN, Rule.RANDOM_SELECTION]
    for channel in (Channel.YELLOW, Channel.RED):
        other = CheckResult(channel=channel, score=30, findings=())
        assert with_random_pick(other, pick) == other


def test_a_rate_of_zero_picks_nothing_and_one_picks_everything() -> None:
    crossings = [uuid.UUID(int=n) for n in range(500)]
    never = SelectivitySettings(Decimal(0), Decimal(1))
    always = SelectivitySettings(Decimal(1), Decimal(0))
    assert {channel_pick(ticket(KEY, c, CHANNEL_DRAW), never).channel for c in crossings} == {None}
    assert {channel_pick(ticket(KEY, c, CHANNEL_DRAW), always).channel
            for c in crossings} == {Channel.YELLOW}


@given(st.lists(st.uuids(), min_size=1, max_size=8, unique=True), st.uuids(), st.randoms())
def test_the_inspector_drawn_does_not_depend_on_the_order_the_officers_were_read_in(
        officers: list[uuid.UUID], crossing: uuid.UUID, rng: object) -> None:
    drawn = ticket(KEY, crossing, "inspector")
    shuffled = list(officers)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert inspector_pick(drawn, officers) == inspector_pick(drawn, shuffled)
    assert inspector_pick(drawn, officers) in officers
    assert inspector_pick(drawn, []) is None


def test_each_officer_on_shift_is_drawn_about_as_often() -> None:
    officers = [uuid.UUID(int=n) for n in range(1, 5)]
    counts = dict.fromkeys(officers, 0)
    for n in range(4000):
        chosen = inspector_pick(ticket(KEY, uuid.UUID(int=10_000 + n), "inspector"), officers)
        assert chosen is not None
        counts[chosen] += 1
    assert all(850 <= count <= 1150 for count in counts.values()), counts


def test_a_keys_fingerprint_names_it_without_revealing_it() -> None:
    from borderdesk.rules.selection import fingerprint

    assert fingerprint(KEY) == fingerprint(bytes(range(32)))
    assert fingerprint(KEY) != fingerprint(KEY[::-1])
    assert KEY.hex() not in fingerprint(KEY) and len(fingerprint(KEY)) == 64
