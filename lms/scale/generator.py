"""Fill an empty database with a reproducible, realistic programme: `generate("national", seed=...)`.

The same scale, seed and day give the same rows (only the one password hash is salted at random)."""
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from .. import models
from ..auth.services import hash_password
from ..certification.status import get_requirements
from ..curriculum import get_curriculum
from ..timeutil import utcnow
from .certificates import CertificateMaker
from .learners import LearnerMaker
from .world import BENCH, BENCH_PASSWORD, BENCH_TOTP_SECRET, SCALES, Builder, CohortPlan, Person, World
from .writer import Writer

DEFAULT_SEED = 2026
WRITTEN = (models.Organisation, models.User, models.UserRole, models.OrganisationContact, models.Cohort,
           models.CohortInstructor, models.ClassSession, models.ClassSessionModule, models.Enrolment,
           models.EnrolmentPause, models.Attendance, models.ModuleProgress, models.DeclarationAcceptance,
           models.Submission, models.SubmissionVersion, models.Feedback, models.CriterionMark, models.ShareComment,
           models.PracticeEntry, models.SupervisionEntry, models.Notification, models.Certificate)
MOVED_SHARE = 0.02  # learners who started in an earlier cohort and moved to this one


@dataclass
class Result:
    counts: dict[str, int]
    seconds: float
    world: World

    @property
    def logins(self) -> list[tuple[str, str]]:
        return [(BENCH["learner"], "learner (paid), in a running cohort, in the large organisation"),
                (BENCH["instructor"], "instructor of three running cohorts with reflections waiting"),
                (BENCH["contact"], f"workplace contact of organisation {self.world.big_organisation_id} "
                                   f"(the large one)"),
                (BENCH["coordinator"], f"coordinator; two-step key {BENCH_TOTP_SECRET}")]


def steps(scale_name: str) -> int:
    """How many times generate() calls `progress` (for a progress bar)."""
    return SCALES[scale_name].learners + 2


def generate(scale_name: str, *, seed: int = DEFAULT_SEED, today: date | None = None,
             progress: Callable[[int], None] | None = None) -> Result:
    """Write the scale's data into the (empty) database of the current app. Run inside an app context."""
    started = time.perf_counter()
    scale, progress = SCALES[scale_name], progress or (lambda n: None)
    today = today or utcnow().date()
    rng = random.Random(f"{scale_name}:{seed}")
    curriculum, requirements = get_curriculum(), get_requirements()
    writer = Writer()
    world = Builder(rng, writer, scale, today, hash_password(BENCH_PASSWORD), list(curriculum.modules)).build()
    writer.flush()
    progress(1)
    maker = LearnerMaker(rng, writer, curriculum, requirements, world.now)
    certificates = CertificateMaker(rng, writer, curriculum, requirements, world.now, maker.logbook,
                                    [c.id for c in world.coordinators])
    members, moves = _assign(rng, world, scale.fast_learners)
    for cohort in world.cohorts:
        for learner, fast in members[cohort.id]:
            journey = maker.journey(learner, cohort, bench=learner.id == world.bench_learner_id, fast=fast)
            facts = maker.make(journey, [p for p, _ in members[cohort.id]], moves.get(learner.id))
            certificates.consider(journey, facts)
            writer.maybe_flush()
            progress(1)
    certificates.write(scale.certificates)
    counts = writer.finish()
    progress(1)
    return Result(counts, time.perf_counter() - started, world)


def _assign(rng: random.Random, world: World, fast_learners: int):
    """Learners spread evenly over the cohorts (the bench learner in the bench instructor's running cohort
    furthest along), and a few who moved here from an earlier cohort."""
    cohorts = world.cohorts
    bench_learner = next(p for p in world.learners if p.id == world.bench_learner_id)
    running = [c for c in cohorts if c.id in world.bench_cohort_ids and c.start <= world.now < c.end]
    bench_cohort = min(running, key=lambda c: c.starts_on) if running else cohorts[-1]
    others = [p for p in world.learners if p.id != bench_learner.id]
    rng.shuffle(others)
    base, extra = divmod(len(world.learners), len(cohorts))
    members: dict[int, list[tuple[Person, bool]]] = {}
    queue = iter(others)
    for index, cohort in enumerate(cohorts):
        size = base + (index < extra)
        chosen = [bench_learner] if cohort is bench_cohort else []
        while len(chosen) < size:
            chosen.append(next(queue))
        members[cohort.id] = [(p, 0 < i <= fast_learners) for i, p in enumerate(chosen)]
    moves: dict[int, CohortPlan] = {}
    for index, cohort in enumerate(cohorts):
        earlier = [c for c in cohorts[:index]
                   if cohort.starts_on - timedelta(days=200) <= c.starts_on <= cohort.starts_on - timedelta(days=30)]
        if not earlier:
            continue
        for learner, _ in members[cohort.id]:
            if learner.id != bench_learner.id and rng.random() < MOVED_SHARE:
                moves[learner.id] = rng.choice(earlier)
    return members, moves
