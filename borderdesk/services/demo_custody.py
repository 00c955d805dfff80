"""The demo gate's custody: inspections, seizures and handoffs in every state.

Called by ``demo.seed_demo`` inside its transaction, after the crossings:
every red crossing has its truck handed from the border guard to customs;
the physical inspections that ended are recorded; a few held trucks have
goods seized, photographed and handed to police or market control:
accepted, accepted with a discrepancy, disputed, returned, and still
pending (one of them overdue). Times come from the crossings' own history
and a generator seeded with the date, so the same date gives the same story.
"""

from __future__ import annotations

import hashlib
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Protocol
from uuid import UUID

from sqlalchemy.orm import Session

from borderdesk.domain.crossing import ContainerEntry, CrossingStatus
from borderdesk.domain.custody import (
    Agency,
    HandoffState,
    InspectionKind,
    InspectionResult,
    ItemConfirmation,
    ItemKind,
)
from borderdesk.services.evidence import store_blob
from borderdesk.services.handoff_facts import sending_facts
from borderdesk.services.handoffs import sent_payload, settled_payload
from borderdesk.services.inspections import inspection_payload
from borderdesk.services.seizures import seizure_payload
from borderdesk.storage.models import (
    Crossing,
    Evidence,
    Handoff,
    HandoffItem,
    HandoffItemConfirmation,
    HandoffStateChange,
    Inspection,
    Seizure,
    SeizureEvidence,
    SeizureLine,
)
from borderdesk.storage.models.base import Base, new_id

Event = tuple[datetime, UUID, UUID | None, str, str, str, dict[str, object]]


class Step(Protocol):
    """One status change of a demo crossing (``demo._Step``)."""

    @property
    def status(self) -> CrossingStatus: ...
    @property
    def at(self) -> datetime: ...
    @property
    def officer(self) -> str: ...


class Visit(Protocol):
    """A demo crossing's plan (``demo._Visit``): its containers and its status history."""

    @property
    def containers(self) -> tuple[ContainerEntry, ...]: ...
    @property
    def steps(self) -> Sequence[Step]: ...


# (description, HS code, quantity, unit, bag seal) per seizure scenario.
_GOODS = (
    (("Sữa bột giả nhãn hiệu, hộp 800 g", "190110", "480", "TIN", "HQ-B1021"),
     ("Thuốc lá điếu không tem nhập khẩu", "240220", "150", "CTN", "HQ-B1022"),
     ("Mỹ phẩm không nhãn phụ tiếng Việt", "330499", "36", "BOX", "HQ-B1023")),
    (("Giày thể thao giả nhãn hiệu", "640411", "240", "PR", "QLTT-B0311"),
     ("Túi xách giả nhãn hiệu", "420221", "85", "PCE", "QLTT-B0312")),
    (("Pháo hoa các loại", "360410", "62.5", "KGM", "CA-B0907"),),
    (("Rượu ngoại không tem", "220830", "120", "BTL", "HQ-B2201"),),
)
_REASONS = ("Hàng giả nhãn hiệu và hàng không khai báo trong container",
            "Hàng giả mạo nhãn hiệu đã đăng ký bảo hộ",
            "Hàng cấm nhập khẩu (pháo) cất giấu dưới hàng khai báo",
            "Rượu không tem nhập khẩu, không khai báo")
_RULES = (("UNDECLARED_LINE", "BRAND_WATCH"), ("BRAND_WATCH",), ("PROHIBITED_GOODS",),
          ("UNDECLARED_LINE", "QUANTITY_MISMATCH"))


@dataclass
class CustodySeeding:
    """The demo seeding's session, officers, workstations and event list, shared with it."""

    session: Session
    officers: dict[str, UUID]
    stations: dict[str, UUID]
    events: list[Event]
    booth: str
    customs: str
    end: datetime

    def add(self, *rows: Base) -> None:
        # Flushed one layer at a time: the rows have no relationships to order them by.
        self.session.add_all(rows)
        self.session.flush()

    def stamp(self, officer: str, at: datetime) -> dict[str, object]:
        station = self.booth if officer.startswith("guard") else self.customs
        return {"workstation_id": self.stations[station], "created_by": self.officers[officer],
                "created_at": self.clip(at)}

    def clip(self, at: datetime) -> datetime:
        return min(at, self.end)

    def event(self, officer: str, at: datetime, action: str, entity: str, entity_id: UUID,  # noqa: PLR0917 - one demo step
              payload: dict[str, object]) -> None:
        stamp = self.stamp(officer, at)
        self.events.append((stamp["created_at"], stamp["workstation_id"],  # type: ignore[arg-type]
                            stamp["created_by"], action, entity, str(entity_id), payload))


def _photo(rng: random.Random) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 240), (rng.randrange(90, 140),) * 3)
    draw = ImageDraw.Draw(image)
    for _n in range(6):
        x, y = rng.randrange(0, 280), rng.randrange(0, 200)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.rectangle((x, y, x + rng.randrange(20, 90), y + rng.randrange(20, 60)), fill=colour)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def _attach_photo(seeding: CustodySeeding, rng: random.Random, crossing: Crossing,
                  officer: str, at: datetime) -> str:
    data = _photo(rng)
    sha = hashlib.sha256(data).hexdigest()
    new_blob = store_blob(seeding.session, data, sha, media_type="image/jpeg", width=320,
                          height=240, exif_taken_at=None)
    evidence = Evidence(id=new_id(), crossing_id=crossing.id, blob_sha256=sha, kind="cargo",
                        captured_at=seeding.clip(at), source="Camera bãi kiểm hóa",
                        **seeding.stamp(officer, at))
    seeding.add(evidence)
    seeding.event(officer, at, "evidence.attached", "evidence", evidence.id, {
        "crossing_id": str(crossing.id), "sha256": sha, "kind": "cargo",
        "media_type": "image/jpeg", "size": len(data), "new_blob": new_blob,
        "source": evidence.source})
    return sha


def _handoff(seeding: CustodySeeding, crossing: Crossing, sender: str, to: Agency,  # noqa: PLR0917 - one demo step
             items: Sequence[tuple[ItemKind, str, str, str, str, str]], at: datetime,
             note: str = "", seizure: Seizure | None = None) -> tuple[Handoff, list[HandoffItem]]:
    """Send a handoff; items are (kind, description, reference, quantity, unit, seal)."""
    stamp = seeding.stamp(sender, at)
    handoff = Handoff(id=new_id(), crossing_id=crossing.id,
                      seizure_id=seizure.id if seizure else None,
                      inspection_id=seizure.inspection_id if seizure else None,
                      from_agency=(Agency.BORDER_GUARD if sender.startswith("guard")
                                   else Agency.CUSTOMS).value,
                      to_agency=to.value, note=note, state=HandoffState.PENDING.value, **stamp)
    seeding.add(handoff)
    rows = [HandoffItem(id=new_id(), handoff_id=handoff.id, kind=kind.value,
                        description=description, reference=reference,
                        quantity=Decimal(quantity) if quantity else None, unit=unit,
                        seal_no=seal, **stamp)
            for kind, description, reference, quantity, unit, seal in items]
    seeding.add(*rows)
    seeding.add(HandoffStateChange(id=new_id(), handoff_id=handoff.id,
                                   state=HandoffState.PENDING.value, reason=note, **stamp))
    seeding.event(sender, at, "handoff.sent", "handoff", handoff.id,
                  sent_payload(handoff, rows, sending_facts(seeding.session, handoff, rows)))
    return handoff, rows


def _settle(seeding: CustodySeeding, handoff: Handoff, items: list[HandoffItem],  # noqa: PLR0917 - one demo step
            officer: str, state: HandoffState, at: datetime, reason: str = "",
            checks: Sequence[ItemConfirmation] = ()) -> None:
    stamp = seeding.stamp(officer, at)
    handoff.state = state.value
    change = HandoffStateChange(id=new_id(), handoff_id=handoff.id, state=state.value,
                                reason=reason, **stamp)
    seeding.add(change)
    seeding.add(*(HandoffItemConfirmation(
        id=new_id(), state_change_id=change.id, item_id=c.item_id, count_ok=c.count_ok,
        seal_intact=c.seal_intact, remark=c.remark, **stamp) for c in checks))
    seeding.event(officer, at, f"handoff.{state.value}", "handoff", handoff.id,
                  settled_payload(handoff, state, reason, items, checks))


def _vehicle_items(crossing: Crossing, visit: Visit
                   ) -> list[tuple[ItemKind, str, str, str, str, str]]:
    # From the plan: the crossing's container rows are not written yet.
    items = [(ItemKind.VEHICLE, "Đầu kéo và rơ moóc", crossing.tractor_plate, "", "", "")]
    items += [(ItemKind.CONTAINER, "Container hàng", c.container_no, "", "", " ".join(c.seal_nos))
              for c in visit.containers]
    return items


def _step(steps: Sequence[Step], status: CrossingStatus) -> Step | None:
    return next((s for s in steps if s.status is status), None)


def seed_custody(seeding: CustodySeeding, crossings: Sequence[tuple[Crossing, Visit]],
                 rng: random.Random) -> None:
    """Inspections, seizures and handoffs of the red crossings (see the module's docstring)."""
    seeding.session.flush()  # the crossings first: nothing orders them before these rows
    reds = [(c, v) for c, v in crossings if _step(v.steps, CrossingStatus.INSPECTION)]
    newest = reds[-1][0] if reds else None
    for crossing, visit in reds:
        steps = visit.steps
        documents, inspection = _step(steps, CrossingStatus.DOCUMENTS), \
            _step(steps, CrossingStatus.INSPECTION)
        assert documents is not None and inspection is not None  # a red crossing has both
        sent_at = documents.at + (inspection.at - documents.at) / 2
        if crossing is newest:
            sent_at = max(sent_at, seeding.end - timedelta(minutes=12))
        handoff, items = _handoff(seeding, crossing, steps[0].officer, Agency.CUSTOMS,
                                  _vehicle_items(crossing, visit), sent_at,
                                  note="Xe luồng đỏ vào bãi kiểm hóa")
        if crossing is not newest:
            _settle(seeding, handoff, items, inspection.officer, HandoffState.ACCEPTED,
                    max(inspection.at, sent_at + timedelta(minutes=2)),
                    checks=[ItemConfirmation(item.id) for item in items])
    ended = [(c, v.steps) for c, v in reds
             if _step(v.steps, CrossingStatus.HELD) or _step(v.steps, CrossingStatus.RELEASED)]
    # The held trucks tell the seizure stories, the oldest first.
    ended.sort(key=lambda pair: (_step(pair[1], CrossingStatus.HELD) is None, pair[0].arrived_at))
    for index, (crossing, steps) in enumerate(ended):
        _inspect(seeding, rng, crossing, steps, index if index < len(_GOODS) else None)


def _inspect(seeding: CustodySeeding, rng: random.Random, crossing: Crossing,
             steps: Sequence[Step], story: int | None) -> None:
    inspected, last = _step(steps, CrossingStatus.INSPECTION), steps[-1]
    assert inspected is not None
    officer = inspected.officer
    result = (InspectionResult.SEIZURE if story is not None else
              InspectionResult.DISCREPANCY if rng.random() < 0.3 else InspectionResult.CLEAR)
    inspection = Inspection(
        id=new_id(), crossing_id=crossing.id, check_run_id=None,
        kind=InspectionKind.PHYSICAL.value, started_at=inspected.at,
        finished_at=seeding.clip(last.at), result=result.value,
        notes={InspectionResult.SEIZURE: "Mở container, kiểm tra toàn bộ; tạm giữ hàng vi phạm",
               InspectionResult.DISCREPANCY: "Sai lệch nhỏ về số kiện, đã lập biên bản",
               InspectionResult.CLEAR: "Kiểm tra thực tế phù hợp khai báo"}[result],
        **seeding.stamp(officer, last.at))
    seeding.add(inspection)
    seeding.event(officer, last.at, "inspection.recorded", "crossing", crossing.id,
                  inspection_payload(inspection))
    if story is None:
        return
    span = last.at - inspected.at
    shas = tuple(_attach_photo(seeding, rng, crossing, officer, inspected.at + span * share)
                 for share in (0.25, 0.4))
    seized_at = inspected.at + span * 0.7
    seizure = Seizure(id=new_id(), crossing_id=crossing.id, inspection_id=inspection.id,
                      storage_location=f"Kho tang vật Lao Bảo, ô {story + 1}",
                      seal_nos=f"HQ-{rng.randrange(100_000, 999_999)}", reason=_REASONS[story],
                      finding_rules=" ".join(_RULES[story]), **seeding.stamp(officer, seized_at))
    seeding.add(seizure)
    lines = [SeizureLine(id=new_id(), seizure_id=seizure.id, description=d, hs_code=hs,
                         quantity=Decimal(q), unit=u, declared_value=None, currency="",
                         bag_seal_no=seal, **seeding.stamp(officer, seized_at))
             for d, hs, q, u, seal in _GOODS[story]]
    seeding.add(*lines)
    seeding.add(*(SeizureEvidence(id=new_id(), seizure_id=seizure.id, blob_sha256=sha,
                                  **seeding.stamp(officer, seized_at)) for sha in shas))
    seeding.event(officer, seized_at, "seizure.recorded", "seizure", seizure.id,
                  seizure_payload(seizure, lines, shas))
    _hand_over_seizure(seeding, crossing, officer, seizure, lines, shas, story, last.at)


def _hand_over_seizure(seeding: CustodySeeding, crossing: Crossing, officer: str,  # noqa: PLR0917 - one demo step
                       seizure: Seizure, lines: list[SeizureLine], shas: tuple[str, ...],
                       story: int, held_at: datetime) -> None:
    items = [(ItemKind.GOODS, line.description, str(line.id), str(line.quantity), line.unit,
              line.bag_seal_no) for line in lines]
    items += [(ItemKind.EVIDENCE, "Ảnh hàng tạm giữ", sha, "", "", "") for sha in shas]
    sent_at = held_at + timedelta(minutes=10)
    police, market = Agency.POLICE, Agency.MARKET_CONTROL
    to = (police, market, police, market)[story]
    handoff, rows = _handoff(seeding, crossing, officer, to, items, sent_at,
                             note="Bàn giao tang vật để xử lý theo thẩm quyền", seizure=seizure)
    receiver = "police1" if to is police else "market1"
    settle_at = sent_at + timedelta(minutes=25)
    if story == 0:
        # Accepted, but one bag arrived with a torn seal: kept against that item.
        checks = [ItemConfirmation(row.id, seal_intact=row is not rows[0],
                                   remark="Seal bao bị rách khi nhận" if row is rows[0] else "")
                  for row in rows]
        _settle(seeding, handoff, rows, receiver, HandoffState.ACCEPTED, settle_at,
                reason="Nhận tang vật, ghi nhận 1 bao rách seal", checks=checks)
    elif story == 1:
        _settle(seeding, handoff, rows, receiver, HandoffState.ACCEPTED, settle_at,
                checks=[ItemConfirmation(row.id) for row in rows])
    elif story == 2:
        _settle(seeding, handoff, rows, receiver, HandoffState.DISPUTED, settle_at,
                reason="Khối lượng thực tế 58 kg, không phải 62,5 kg",
                checks=[ItemConfirmation(rows[0].id, count_ok=False, remark="Cân lại: 58 kg")])
    else:
        _settle(seeding, handoff, rows, receiver, HandoffState.RETURNED, settle_at,
                reason="Rượu không tem thuộc thẩm quyền công an kinh tế, đề nghị chuyển công an")
        # Sent on to the police, who have not taken it over: overdue in their inbox.
        _handoff(seeding, crossing, officer, police, items, settle_at + timedelta(minutes=15),
                 note="Chuyển công an theo đề nghị của quản lý thị trường", seizure=seizure)
