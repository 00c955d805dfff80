"""Walking one workstation's audit chain: the first broken event, and how it is broken.

Pure: the events come in as an iterable in stored ``seq`` order (the caller
streams them from the database), with two callbacks for what the walk cannot
know alone: ``find(hash)`` fetches another event of the same chain by its
stored hash, ``evidence(event)`` says whether the evidence an event refers to
still has its SHA-256. Memory stays flat: one event of lookahead, and ``find``
is asked only once a chain is already broken.

The algorithm. Before the walk, a key this computer pinned for the workstation
(trust on first sight) must equal the key the database holds, else the chain
is reported ``UNTRUSTED_KEY`` at its first event: someone replaced the key
and re-signed. Then, with ``last`` the last event accepted (``GENESIS`` and
seq 0 before the first), each event ``e`` is accepted when

* its hash holds: SHA-256 of its ``prev_hash`` and its fields is its ``hash``;
* it links: ``e.prev_hash == last.hash``;
* it is in sequence: ``e.seq == last.seq + 1``;
* its signature holds: when the workstation has a public key, an event that
  carries a signature must verify with it, and from the chain's
  ``workstation.key_registered`` event on every event must carry one (earlier,
  unsigned events were written before the workstation had a key);
* the evidence it refers to is unchanged, a key registration names the key the
  database holds (else ``UNTRUSTED_KEY``), and a checkpoint at its ``seq`` has
  its hash (else ``CUT_OFF``).

The first event that is not accepted is classified, first rule that applies:

1. ``INSERTED`` at ``last``: ``e`` links to ``last``'s predecessor, so ``last``
   sits between two events that link without it.
2. It links to another event that exists (``find``): ``REORDERED`` when that
   event comes later in the stored order (moved or swapped rows), else
   ``INSERTED`` (an extra event branching off an earlier one: a copy, a fork).
3. ``INSERTED``: the next event links to ``last``, so ``e`` is extra, whatever
   else is wrong with it (seq numbers shifted to make room break their hashes).
4. ``MISSING`` at the first absent seq: a gap in ``seq`` and a link to an event
   that is not there (deleted rows).
5. ``CHANGED``: its own hash does not hold (a field, ``seq``, ``prev_hash`` or
   the stored hash was edited).
6. It links to nothing that exists with no gap: ``BAD_SIGNATURE`` when ``e``
   itself is not validly signed (it was re-hashed without the key), else
   ``CHANGED`` at ``last`` (its stored hash was replaced), or ``MISSING`` when
   ``e`` is the first event.
7. ``MISSING``: a gap in ``seq`` though the link holds.
8. ``BAD_SIGNATURE``: everything holds but the signature (an event edited and
   re-hashed, or forged, by someone without the workstation key).

At the end: a workstation with a key whose chain never registered it has its
first unsigned event reported ``BAD_SIGNATURE``, and a checkpoint beyond the
last event is ``CUT_OFF``: the chain was truncated after the paper was printed.
A deleted last event leaves no other trace; checkpoints are how paper catches it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from uuid import UUID

from borderdesk.custody.chain import GENESIS, Checkpoint, event_hash
from borderdesk.custody.signing import verify
from borderdesk.domain.custody import ChainHead, ChainProblem, ChainProblemKind
from borderdesk.i18n import _

KEY_REGISTERED = "workstation.key_registered"
"""The action of the event that records a workstation's public key in its own chain."""

Kind = ChainProblemKind


@dataclass(frozen=True)
class ChainEvent:
    """One stored audit event, as the walk sees it.

    Attributes:
        fields: what the hash covers (``custody.chain.event_fields``), as stored.
    """

    event_id: UUID
    seq: int
    prev_hash: str
    hash: str
    signature: str
    fields: Mapping[str, object]

    @property
    def action(self) -> str:
        """What the event records, e.g. ``crossing.registered``."""
        return str(self.fields["action"])

    @property
    def payload(self) -> str:
        """The event's canonical JSON payload, as stored."""
        return str(self.fields["payload"])

    def hash_holds(self) -> bool:
        """Whether the stored hash is the hash of the stored fields and link."""
        return event_hash(self.prev_hash, self.fields) == self.hash


@dataclass(frozen=True)
class ChainOutcome:
    """What walking one chain found."""

    head: ChainHead | None
    """The last stored event (broken or not); None for a workstation without events."""
    events: int
    problem: ChainProblem | None


def _nothing(_hash: str) -> ChainEvent | None:
    return None


def _registered_key(event: ChainEvent) -> str:
    try:
        data = json.loads(event.payload)
    except ValueError:
        return ""
    return str(data.get("public_key", "")) if isinstance(data, dict) else ""


def _short(key: str) -> str:
    return key[:16] if key else _("none")


def _unchecked(checkpoint: Checkpoint) -> str:
    """What a checkpoint without check digits cannot tell, said after its contradiction."""
    if checkpoint.checked:
        return ""
    return " " + _("(the checkpoint has no check digits: a typo in it cannot be told from "
                   "tampering; compare it with the paper)")


class _Walk:
    """The state of one chain's walk: who it is, its keys, whether signing has begun."""

    def __init__(self, workstation_id: UUID, workstation_name: str, *, public_key: str,
                 find: Callable[[str], ChainEvent | None],
                 evidence: Callable[[ChainEvent], str] | None,
                 checkpoints: Sequence[Checkpoint]) -> None:
        self.workstation_id = workstation_id
        self.workstation_name = workstation_name
        self.public_key = public_key
        self.find = find
        self.evidence = evidence
        self.checkpoints = checkpoints
        self.signing = False
        self.first_unsigned: ChainEvent | None = None

    def problem(self, kind: ChainProblemKind, seq: int, event_id: UUID | None,
                detail: str) -> ChainProblem:
        return ChainProblem(workstation_id=self.workstation_id,
                            workstation_name=self.workstation_name, seq=seq, kind=kind,
                            event_id=event_id, detail=detail)

    def at(self, kind: ChainProblemKind, event: ChainEvent, detail: str) -> ChainProblem:
        return self.problem(kind, event.seq, event.event_id, detail)

    def signature_problem(self, event: ChainEvent) -> str:
        """Why the event's signature does not hold, or an empty text."""
        if not self.public_key:
            return ""
        if event.signature:
            if verify(self.public_key, event.hash.encode(), event.signature):
                return ""
            return _("its signature was not made with the workstation's key")
        if self.signing or event.action == KEY_REGISTERED:
            return _("it is not signed, though the workstation signs every event")
        return ""

    def accept(self, event: ChainEvent) -> ChainProblem | None:
        """The checks of an event whose own hash, link, seq and signature hold."""
        detail = self.evidence(event) if self.evidence else ""
        if detail:
            return self.at(Kind.CHANGED, event, detail)
        if event.action == KEY_REGISTERED:
            registered = _registered_key(event)
            if registered != self.public_key:
                return self.at(Kind.UNTRUSTED_KEY, event, _(
                    "the chain registered key {registered}, the database holds {held}"
                ).format(registered=_short(registered), held=_short(self.public_key)))
            self.signing = True
        for checkpoint in self.checkpoints:
            if checkpoint.seq == event.seq and not checkpoint.matches(event.hash):
                return self.at(Kind.CUT_OFF, event, _(
                    "its hash is not {printed}, the one printed at the checkpoint"
                ).format(printed=checkpoint.hash_prefix) + _unchecked(checkpoint))
        if not event.signature and self.public_key and self.first_unsigned is None:
            self.first_unsigned = event
        return None

    def step(self, last: ChainEvent | None, event: ChainEvent,
             following: ChainEvent | None) -> ChainProblem | None:
        """Accept ``event`` after ``last``, or classify how the chain breaks there."""
        expected_seq = last.seq + 1 if last else 1
        expected_prev = last.hash if last else GENESIS
        holds = event.hash_holds()
        linked = event.prev_hash == expected_prev
        in_sequence = event.seq == expected_seq
        unsigned = self.signature_problem(event)
        if holds and linked and in_sequence and not unsigned:
            return self.accept(event)
        if not linked:
            if last is not None and event.prev_hash == last.prev_hash:
                return self.at(Kind.INSERTED, last, _(
                    "event {next} links to the event before it: it was put in between"
                ).format(next=event.seq))
            target = self.find(event.prev_hash)
            if target is not None:
                if target.seq > event.seq:
                    return self.at(Kind.REORDERED, event, _(
                        "it links to event {target}, which is stored after it"
                    ).format(target=target.seq))
                return self.at(Kind.INSERTED, event, _(
                    "it links back to event {target}, which already has a successor"
                ).format(target=target.seq))
        if following is not None and following.prev_hash == expected_prev:
            return self.at(Kind.INSERTED, event, _(
                "event {next} links to event {previous}: this one does not belong between them"
            ).format(next=following.seq, previous=expected_seq - 1))
        if not linked and not in_sequence:
            return self.problem(Kind.MISSING, expected_seq, None, _(
                "the chain jumps from event {previous} to {next}"
            ).format(previous=expected_seq - 1, next=event.seq))
        if not holds:
            return self.at(Kind.CHANGED, event, _(
                "its content no longer matches its hash"))
        if not linked:
            if unsigned:
                return self.at(Kind.BAD_SIGNATURE, event, unsigned)
            if last is not None:
                return self.at(Kind.CHANGED, last, _(
                    "its hash is not the one event {next} links to"
                ).format(next=event.seq))
            return self.at(Kind.MISSING, event, _(
                "it links to an event that is not in the chain"))
        if not in_sequence:
            return self.problem(Kind.MISSING, expected_seq, None, _(
                "the chain jumps from event {previous} to {next}"
            ).format(previous=expected_seq - 1, next=event.seq))
        return self.at(Kind.BAD_SIGNATURE, event, unsigned)

    def never_registered(self) -> ChainProblem | None:
        """The first unsigned event, when the chain (so far) never registered the key."""
        if self.first_unsigned is None or self.signing:
            return None
        return self.at(Kind.BAD_SIGNATURE, self.first_unsigned, _(
            "it is not signed, and the chain never registered the workstation's key"))


@dataclass(frozen=True)
class SegmentOutcome:
    """What walking one stretch of a chain found (``walk_segment``); ``join_segments`` makes
    the chain's outcome of the stretches' outcomes, in order."""

    tail: ChainHead | None
    """The stretch's last stored event (broken or not); None for a stretch without events."""
    events: int
    problem: ChainProblem | None
    """The first event of the stretch that is not accepted, classified."""
    registered: bool
    """Whether the key was registered by the end of the stretch (before it, or in it)."""
    unsigned: ChainProblem | None
    """The stretch's first accepted unsigned event, as reported should the chain never
    register the workstation's key."""


def walk_segment(
    events: Iterable[ChainEvent],
    *,
    workstation_id: UUID,
    workstation_name: str,
    public_key: str = "",
    before: ChainEvent | None = None,
    beyond: ChainEvent | None = None,
    registered: bool = False,
    pinned_key: str | None = None,
    find: Callable[[str], ChainEvent | None] = _nothing,
    evidence: Callable[[ChainEvent], str] | None = None,
    checkpoints: Sequence[Checkpoint] = (),
) -> SegmentOutcome:
    """Walk one stretch of a chain exactly as the whole walk passes through it.

    A long chain is cut at stored ``seq`` numbers and its stretches walked at the
    same time: each stretch is walked as if every event before it had been
    accepted, which is true whenever no earlier stretch reports a problem; so the
    earliest stretch with a problem names the event the whole walk would name.
    The join between two stretches is checked by the later one: its first event
    must link to ``before``.

    Args:
        events: the stretch's events in ascending stored ``seq``.
        before: the stored event just before the stretch (None: the stretch starts the chain).
        beyond: the stored event just after the stretch (None: the stretch ends the chain);
            the walk looks one event ahead to tell an inserted event from a changed one.
        registered: whether an event before the stretch registered the workstation's key.
        pinned_key: as for ``verify_chain``; give it to the first stretch only.

    Other arguments as for ``verify_chain``.
    """
    walk = _Walk(workstation_id, workstation_name, public_key=public_key, find=find,
                 evidence=evidence, checkpoints=checkpoints)
    walk.signing = registered
    stream = iter(events)
    current = next(stream, None)
    problem: ChainProblem | None = None
    if pinned_key is not None and pinned_key != public_key:
        problem = walk.problem(
            Kind.UNTRUSTED_KEY, current.seq if current else 0,
            current.event_id if current else None,
            _("the database holds key {held}, this computer knows the workstation by "
              "key {pinned}").format(held=_short(public_key), pinned=_short(pinned_key)))
    last = before
    tail: ChainEvent | None = None
    count = 0
    while current is not None:
        following = next(stream, None)
        count += 1
        tail = current
        if problem is None:
            problem = walk.step(last, current, beyond if following is None else following)
            last = current
        current = following
    head = None if tail is None else ChainHead(
        workstation_id=workstation_id, workstation_name=workstation_name, seq=tail.seq,
        hash=tail.hash)
    return SegmentOutcome(tail=head, events=count, problem=problem, registered=walk.signing,
                          unsigned=walk.never_registered())


def join_segments(
    segments: Sequence[SegmentOutcome],
    *,
    workstation_id: UUID,
    workstation_name: str,
    checkpoints: Sequence[Checkpoint] = (),
) -> ChainOutcome:
    """The outcome of a whole chain from its stretches' outcomes, in stored order.

    The earliest stretch's problem is the chain's. With none, the problems only
    the end of the chain shows, the earliest of them: an unsigned event of a chain
    that never registered the workstation's key, a checkpoint beyond the last event.
    """
    head: ChainHead | None = None
    for segment in segments:
        head = segment.tail or head
    events = sum(segment.events for segment in segments)
    problem = next((segment.problem for segment in segments if segment.problem), None)
    if problem is None:
        found: list[ChainProblem] = []
        if not any(segment.registered for segment in segments):
            found.extend(segment.unsigned for segment in segments if segment.unsigned)
        end = head.seq if head else 0
        found.extend(
            ChainProblem(workstation_id=workstation_id, workstation_name=workstation_name,
                         seq=checkpoint.seq, kind=Kind.CUT_OFF, event_id=None, detail=_(
                             "the chain ends at event {end}, before the checkpoint's event {seq}"
                         ).format(end=end, seq=checkpoint.seq) + _unchecked(checkpoint))
            for checkpoint in checkpoints if checkpoint.seq > end
        )
        problem = min(found, key=lambda found_problem: found_problem.seq, default=None)
    return ChainOutcome(head=head, events=events, problem=problem)


def verify_chain(
    events: Iterable[ChainEvent],
    *,
    workstation_id: UUID,
    workstation_name: str,
    public_key: str = "",
    pinned_key: str | None = None,
    find: Callable[[str], ChainEvent | None] = _nothing,
    evidence: Callable[[ChainEvent], str] | None = None,
    checkpoints: Sequence[Checkpoint] = (),
) -> ChainOutcome:
    """Walk one workstation's chain and report its first problem (see the module's docs).

    Args:
        events: the workstation's events in ascending stored ``seq``.
        public_key: the workstation's public key as the database holds it ("" none).
        pinned_key: the key this computer pinned for the workstation, None when
            it has not seen the workstation before.
        find: another event of this chain by its stored hash, None when there is none.
        evidence: why the evidence an event refers to has changed ("" when it has not).
        checkpoints: printed heads of this workstation's chain to hold it to.

    Returns:
        The stored head, the number of events, and the first problem or None.
    """
    segment = walk_segment(events, workstation_id=workstation_id,
                           workstation_name=workstation_name, public_key=public_key,
                           pinned_key=pinned_key, find=find, evidence=evidence,
                           checkpoints=checkpoints)
    return join_segments([segment], workstation_id=workstation_id,
                         workstation_name=workstation_name, checkpoints=checkpoints)
