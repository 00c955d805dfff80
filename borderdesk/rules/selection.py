"""Random selection: which otherwise-green crossings go to an inspection, and who inspects.

A draw is a keyed hash (HMAC-SHA256) of the crossing's id and the draw's
purpose under the gate's secret: nobody without the key can predict it,
nobody can choose it (the crossing's id is made at arrival, before anyone
knows what the truck carries), and a supervisor with the key can redo it and
get the same answer. The ticket's first 64 bits, as a fraction of 2**64, are
compared with the rates in force when the draw was made.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from uuid import UUID

from borderdesk.domain.crossing import Channel
from borderdesk.domain.findings import CheckResult, Finding, Rule, Severity
from borderdesk.domain.phrase import Phrase
from borderdesk.i18n import N_
from borderdesk.rules.settings import SelectivitySettings

CHANNEL_DRAW = "channel"
INSPECTOR_DRAW = "inspector"
_SPAN = Decimal(2) ** 64


def fingerprint(secret: bytes) -> str:
    """What identifies a key in the records without revealing it."""
    return hashlib.sha256(secret).hexdigest()


def ticket(secret: bytes, crossing_id: UUID, purpose: str) -> str:
    """The draw's keyed hash, as hex: the same key, crossing and purpose give the same ticket."""
    return hmac.new(secret, f"{purpose}:{crossing_id}".encode(), hashlib.sha256).hexdigest()


def fraction(drawn: str) -> Decimal:
    """Where the ticket falls in [0, 1)."""
    return Decimal(int(drawn[:16], 16)) / _SPAN


@dataclass(frozen=True)
class ChannelPick:
    """What a crossing's channel draw decided, and with which rates."""

    channel: Channel | None
    """Yellow or red when the crossing was picked; None when it was not."""
    fraction: Decimal
    random_rate: Decimal
    red_share: Decimal


def channel_pick(drawn: str, settings: SelectivitySettings) -> ChannelPick:
    """Picked for yellow when the ticket falls below ``random_rate``; for red when it falls
    below ``random_rate × red_share`` (so the red picks are a part of the yellow ones)."""
    where = fraction(drawn)
    if where < settings.random_rate * settings.red_share:
        channel: Channel | None = Channel.RED
    elif where < settings.random_rate:
        channel = Channel.YELLOW
    else:
        channel = None
    return ChannelPick(channel, where, settings.random_rate, settings.red_share)


def with_random_pick(result: CheckResult, pick: ChannelPick) -> CheckResult:
    """The result with the random pick applied: only an otherwise-green crossing changes,
    and it says so in a ``RANDOM_SELECTION`` finding of no points."""
    if pick.channel is None or result.channel is not Channel.GREEN:
        return result
    if pick.channel is Channel.RED:
        message = N_("Picked at random for a physical inspection ({share} percent of the "
                     "crossings the rules send green are picked; a part of them goes to red).")
    else:
        message = N_("Picked at random for a document check ({share} percent of the crossings "
                     "the rules send green are picked).")
    finding = Finding(
        rule=Rule.RANDOM_SELECTION, severity=Severity.INFO,
        phrase=Phrase(message, {"share": pick.random_rate * 100}),
        evidence={"channel": pick.channel.value, "fraction": str(pick.fraction),
                  "random_rate": str(pick.random_rate), "red_share": str(pick.red_share)},
    )
    return replace(result, channel=pick.channel, findings=(*result.findings, finding))


def inspector_pick(drawn: str, officers: Sequence[UUID]) -> UUID | None:
    """The officer the ticket picks among ``officers`` (in any order), or None when there are
    none. The list is sorted first, so the order it was read in does not matter."""
    if not officers:
        return None
    ordered = sorted(officers, key=str)
    return ordered[int(drawn, 16) % len(ordered)]
