"""One learner's life in the programme: enrolment (and a pause, a move or a withdrawal), attendance, modules read,
the declaration, and then their reflections (writing.py) and logbook (logbook.py). Returns the facts that
certification looks at, gathered as the app's services would (status.gather_facts)."""
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from ..certification.models import DeclarationAcceptance
from ..certification.status import Facts
from ..cohorts.models import Enrolment
from ..cohorts.schedule import AttendanceRate
from ..cohorts.schedule_models import Attendance, EnrolmentPause
from ..learning.models import ModuleProgress
from . import names
from .logbook import LogbookMaker
from .world import CohortPlan, Person
from .writing import ReflectionMaker


@dataclass
class Journey:
    """Where a learner is: their enrolment status, when their work stopped and how much of the track they did."""

    learner: Person
    cohort: CohortPlan
    status: str  # completed, active, paused or withdrawn
    stopped: datetime  # the last moment they worked (now for active learners)
    share: float  # of the track's modules reached, 0..1
    finished: bool  # every module approved (completed, or done early in a running cohort)
    pauses: list[tuple[datetime, datetime | None]]

    def paused_at(self, moment: datetime) -> bool:
        return any(start <= moment and (end is None or moment < end) for start, end in self.pauses)


def between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    if end <= start:
        return start
    return start + timedelta(seconds=rng.uniform(0, (end - start).total_seconds()))


class LearnerMaker:
    def __init__(self, rng: random.Random, writer, curriculum, requirements, now: datetime):
        self.rng, self.writer, self.curriculum, self.now = rng, writer, curriculum, now
        self.declaration_version = requirements.declaration_version
        self.reflections = ReflectionMaker(rng, writer, curriculum, now)
        self.logbook = LogbookMaker(rng, writer, now)
        self.track_modules = {t: [m.id for m in curriculum.modules_for_track(t)] for t in curriculum.tracks}

    # --- where the learner is ----------------------------------------------------------------------------

    def journey(self, learner: Person, cohort: CohortPlan, *, bench: bool = False, fast: bool = False) -> Journey:
        rng, now = self.rng, self.now
        if cohort.start >= now:
            return Journey(learner, cohort, "active", now, 0.0, False, [])
        done = cohort.end <= now
        length = (cohort.end - cohort.start).total_seconds()
        fraction = min(1.0, (now - cohort.start).total_seconds() / length)
        pace = 1.0 if bench else (1.5 if fast else rng.uniform(0.7, 1.25))
        draw = 1.0 if bench or fast else rng.random()
        pauses: list[tuple[datetime, datetime | None]] = []
        if draw < (0.05 if done else 0.02):
            stopped = between(rng, cohort.start + timedelta(days=7), min(now, cohort.end) - timedelta(days=1))
            share = pace * (stopped - cohort.start).total_seconds() / length
            return Journey(learner, cohort, "withdrawn", stopped, min(share, 0.9), False, pauses)
        if not done and draw < 0.06:
            stopped = between(rng, cohort.start + timedelta(days=10), now - timedelta(days=2))
            share = pace * (stopped - cohort.start).total_seconds() / length
            return Journey(learner, cohort, "paused", stopped, min(share, 0.95), False, [(stopped, None)])
        if done:
            if draw > 0.95:  # a pause of two to four weeks along the way
                start = between(rng, cohort.start + timedelta(days=20), cohort.start + timedelta(days=60))
                pauses.append((start, start + timedelta(days=rng.randint(14, 28))))
            return Journey(learner, cohort, "completed", cohort.end, 1.0, True, pauses)
        share = min(1.0, fraction * pace)
        return Journey(learner, cohort, "active", now, share, share >= 1.0, pauses)

    # --- the records -------------------------------------------------------------------------------------

    def make(self, journey: Journey, mates: list[Person], moved_from: CohortPlan | None = None) -> Facts:
        learner, cohort, rng = journey.learner, journey.cohort, self.rng
        enrolled_at = min(cohort.start - timedelta(days=rng.randint(10, 40)), self.now - timedelta(days=1))
        if moved_from is not None:
            left = moved_from.start + timedelta(days=rng.randint(5, 20))
            enrolled_at = max(enrolled_at, left)
            self.writer.add(Enrolment, {
                "cohort_id": moved_from.id, "learner_id": learner.id, "status": "moved",
                "enrolled_at": moved_from.start - timedelta(days=20), "ended_at": left, "withdrawal_reason": None})
        ended_at = {"completed": cohort.end, "withdrawn": journey.stopped + timedelta(hours=20)}.get(journey.status)
        enrolment = self.writer.add(Enrolment, {
            "cohort_id": cohort.id, "learner_id": learner.id, "status": journey.status, "enrolled_at": enrolled_at,
            "ended_at": ended_at if ended_at is None else min(ended_at, self.now),
            "withdrawal_reason": rng.choice(names.WITHDRAWAL_REASONS) if journey.status == "withdrawn" else None})
        for start, end in journey.pauses:
            self.writer.add(EnrolmentPause, {"enrolment_id": enrolment["id"], "started_at": start, "ended_at": end})
        attendance = self._attendance(journey)
        modules = self.track_modules.get(learner.track, [])
        reached = round(journey.share * len(modules))
        if journey.status == "active" and journey.share > 0.05:
            reached = max(1, reached)
        times = [self._module_time(journey, i, reached) for i in range(reached)]
        for module_id, read_at in zip(modules, times, strict=False):
            self.writer.add(ModuleProgress, {"user_id": learner.id, "module_id": module_id, "read_at": read_at},
                            with_id=False)
        declared_at = None
        if journey.finished or journey.share >= 0.3:
            declared_at = min(cohort.start + timedelta(days=rng.randint(7, 30)), journey.stopped)
            self.writer.add(DeclarationAcceptance, {"user_id": learner.id, "version": self.declaration_version,
                                                    "accepted_at": declared_at})
        approved = self.reflections.make(journey, modules[:reached], times, mates)
        hours, supervision = self.logbook.make(journey)
        return Facts(approved, attendance, Decimal(hours).quantize(Decimal("0.01")), len(supervision), declared_at,
                     tuple(supervision))

    def _module_time(self, journey: Journey, index: int, reached: int) -> datetime:
        span = journey.stopped - journey.cohort.start
        return journey.cohort.start + span * ((index + 0.5) / max(reached, 1)) - timedelta(days=1)

    def _attendance(self, journey: Journey) -> AttendanceRate:
        """Marks for past sessions while enrolled and not paused; the rate as attendance_rates counts it."""
        rng, cohort = self.rng, journey.cohort
        if journey.cohort.start >= self.now:
            return AttendanceRate(0, 0)
        steady = journey.finished or rng.random() < 0.85
        p_present = rng.uniform(0.86, 1.0) if steady else rng.uniform(0.55, 0.86)
        present = counted = 0
        for session_id, starts_at, ends_at in cohort.sessions:
            if starts_at > self.now or starts_at > journey.stopped or journey.paused_at(starts_at):
                continue
            status = "present" if rng.random() < p_present else ("excused" if rng.random() < 0.3 else "absent")
            self.writer.add(Attendance, {
                "session_id": session_id, "learner_id": journey.learner.id, "status": status,
                "recorded_by_id": cohort.instructor_ids[0],
                "recorded_at": min(ends_at + timedelta(hours=2), self.now)}, with_id=False)
            if status != "excused":
                counted += 1
                present += status == "present"
        return AttendanceRate(present, counted)
