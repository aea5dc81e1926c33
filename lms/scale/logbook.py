"""A learner's logbook as the services leave it: practice and supervision entries, pending, returned or confirmed
(decided_by is who confirmed), and now and then a confirmed correction that supersedes the entry it corrects."""
import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from ..logbook.models import PracticeEntry, SupervisionEntry
from ..notifications.models import Notification
from . import names

PLAN = {  # per track: (practice entries, hours per entry, supervision sessions), for a learner who finishes
    "paid": ((48, 66), (1, 1.5, 2, 2.5), (5, 8)),
    "volunteer": ((16, 24), (1, 1.25, 1.5), (2, 4)),
}
KINDS = (("one_to_one", "group", "bridge_building", "teaching"), (50, 30, 12, 8))
FORMS = (("individual", "group", "erfa_group", "network_meeting", "follow_up_visit"), (40, 30, 15, 10, 5))
CONTINUING_FORMS = ("erfa_group", "network_meeting")


def evening(day: date) -> datetime:
    return datetime.combine(day, time(17), tzinfo=UTC)


class LogbookMaker:
    def __init__(self, rng: random.Random, writer, now: datetime):
        self.rng, self.writer, self.now = rng, writer, now

    def make(self, journey) -> tuple[Decimal, list[tuple[date, int, str]]]:
        """Entries for the learner's share of the course; returns confirmed hours and confirmed supervision."""
        plan = PLAN.get(journey.learner.track)
        if plan is None or journey.share <= 0:
            return Decimal(0), []
        rng, cohort = self.rng, journey.cohort
        (low, high), hour_choices, (s_low, s_high) = plan
        start, stop = cohort.start, min(journey.stopped, self.now - timedelta(days=1))
        hours = Decimal(0)
        for _ in range(round(rng.randint(low, high) * journey.share)):
            day = self._day(start, stop)
            values = {"worked_on": day, "hours": Decimal(str(rng.choice(hour_choices))),
                      "setting": rng.choice(names.SETTINGS), "kind": rng.choices(*KINDS)[0]}
            confirmer = rng.choice(cohort.instructor_ids)
            entry = self._entry(PracticeEntry, journey, day, values, confirmer)
            if entry["status"] == "confirmed" and journey.status == "completed" and rng.random() < 0.01:
                entry["status"] = "superseded"
                values = {**values, "hours": values["hours"] + Decimal("0.5")}
                entry = self._entry(PracticeEntry, journey, day, values, confirmer, corrects=entry)
            if entry["status"] == "confirmed":
                hours += entry["hours"]
        supervision = []
        for _ in range(round(rng.randint(s_low, s_high) * journey.share)):
            day = self._day(start, stop)
            entry = self.supervision(journey, day, rng.choices(*FORMS)[0], rng.choice((45, 60, 90, 120)))
            if entry["status"] == "confirmed":
                supervision.append((day, entry["minutes"], entry["supervision_form"]))
        return hours, supervision

    def supervision(self, journey, day: date, form: str, minutes: int, settled: bool = False) -> dict:
        rng = self.rng
        supervisor_id = rng.choice(journey.cohort.instructor_ids) if rng.random() < 0.45 else None
        values = {"held_on": day, "minutes": minutes, "supervision_form": form, "supervisor_id": supervisor_id,
                  "supervisor_name": None if supervisor_id else rng.choice(names.SUPERVISOR_NAMES),
                  "topics": rng.choice(names.TOPICS), "summary": rng.choice(names.REFLECTION_SENTENCES)}
        confirmer = supervisor_id or rng.choice(journey.cohort.instructor_ids)
        return self._entry(SupervisionEntry, journey, day, values, confirmer, settled=settled)

    def _day(self, start: datetime, stop: datetime) -> date:
        seconds = max(0.0, (stop - start).total_seconds())
        return (start + timedelta(seconds=self.rng.uniform(0, seconds))).date()

    def _status(self, journey, created_at: datetime, settled: bool) -> str:
        if settled or journey.status == "completed":
            return "confirmed"
        if journey.finished and created_at < self.now - timedelta(days=2):
            return "confirmed"
        if created_at < self.now - timedelta(days=14):
            return self.rng.choices(("confirmed", "returned", "pending"), (96, 2, 2))[0]
        return self.rng.choices(("confirmed", "pending"), (35, 65))[0]

    def _entry(self, model, journey, day: date, values: dict, confirmer: int, corrects: dict | None = None,
               settled: bool = False) -> dict:
        rng, learner = self.rng, journey.learner
        created_at = min(evening(day) + timedelta(hours=rng.randint(0, 60)), self.now - timedelta(hours=1))
        if corrects is not None:  # asked for soon after the confirmation, and confirmed within two days
            created_at = min(corrects["decided_at"] + timedelta(hours=rng.randint(1, 48)), self.now)
            status = "confirmed"
        else:
            status = self._status(journey, created_at, settled)
        decided_at = None
        if status != "pending":
            decided_at = created_at + timedelta(days=rng.uniform(0.5, 2 if corrects else 10))
            if journey.status == "completed" and corrects is None and not settled:
                decided_at = min(decided_at, journey.cohort.end + timedelta(days=10))
            decided_at = max(min(decided_at, self.now - timedelta(minutes=5)), created_at + timedelta(minutes=1))
        note = rng.choice(names.PRIVATE_NOTES) if rng.random() < 0.2 else ""
        row = self.writer.add(model, {
            "learner_id": learner.id, "status": status, "private_note": note,
            "decided_by_id": confirmer if decided_at else None, "decided_at": decided_at,
            "return_comment": rng.choice(names.RETURN_COMMENTS) if status == "returned" else None,
            "created_at": created_at, "updated_at": created_at, "submitted_at": created_at,
            "corrects_id": corrects["id"] if corrects else None, **values})
        if status == "pending" and journey.status in ("active", "paused"):
            self.writer.add(Notification, {"user_id": confirmer, "kind": "logbook_submitted", "module_id": None,
                                           "submission_id": None, "actor_name": learner.name,
                                           "created_at": created_at, "read_at": None})
        return row
