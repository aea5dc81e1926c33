"""The people and the programme's structure: organisations, staff, learners, cohorts with their instructors,
enrolments, pauses and class sessions. Records of each learner's work are made in records.py."""
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from ..auth.models import Organisation, User, UserRole
from ..cohorts.models import Cohort, CohortInstructor
from ..cohorts.schedule import local_to_utc
from ..cohorts.schedule_models import ClassSession, ClassSessionModule
from ..workplace.models import OrganisationContact
from . import names
from .writer import Writer

DOMAIN = "scale.peer-lms.dk"
BENCH_PASSWORD = "peer-bench-2026"
BENCH_TOTP_SECRET = "PEERBENCHPEERBENCHPEERBENCHPEERB"
BENCH = {"learner": f"bench-learner@{DOMAIN}", "instructor": f"bench-instructor@{DOMAIN}",
         "contact": f"bench-contact@{DOMAIN}", "coordinator": f"bench-coordinator@{DOMAIN}"}
COHORT_DAYS = 112  # 16 weeks
SESSIONS_PER_COHORT = 12
TRACK_SHARES = (("paid", 0.55), ("volunteer", 0.30), ("colleague", 0.15))


@dataclass(frozen=True)
class Scale:
    learners: int
    cohorts: int
    organisations: int
    big_organisation: int  # learners in the one large organisation (the workplace benchmark's)
    certificates: int
    history_days: int  # the first cohort started this long before today
    future_days: int = 60  # the last cohorts start within this many days from today
    fast_learners: int = 0  # per cohort: learners who finish early (so a single running cohort has holders)


SCALES = {
    "small": Scale(learners=16, cohorts=1, organisations=3, big_organisation=8, certificates=3, history_days=84,
                   future_days=0, fast_learners=5),
    "national": Scale(learners=10_000, cohorts=700, organisations=100, big_organisation=1_000,
                      certificates=5_000, history_days=1_280),
}


@dataclass
class CohortPlan:
    id: int
    name: str
    starts_on: date
    ends_on: date
    instructor_ids: list[int]
    sessions: list[tuple[int, datetime, datetime]] = field(default_factory=list)  # (id, starts_at, ends_at)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.starts_on, time(8), tzinfo=UTC)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.ends_on, time(16), tzinfo=UTC)


@dataclass
class Person:
    id: int
    email: str
    name: str
    track: str | None = None
    organisation_id: int | None = None


@dataclass
class World:
    now: datetime
    organisations: list[int]
    big_organisation_id: int
    coordinators: list[Person]
    instructors: list[Person]
    contacts: list[Person]
    learners: list[Person]
    cohorts: list[CohortPlan]
    bench_learner_id: int
    bench_cohort_ids: set[int]


class Builder:
    def __init__(self, rng: random.Random, writer: Writer, scale: Scale, today: date, password_hash: str,
                 module_ids: list[str]):
        self.rng, self.writer, self.scale, self.today = rng, writer, scale, today
        self.password_hash, self.module_ids = password_hash, module_ids
        self.now = datetime.combine(today, time(0), tzinfo=UTC)  # everything generated lies before this moment
        self._used_names: set[str] = set()

    # --- people ------------------------------------------------------------------------------------------

    def _name(self) -> str:
        first, last = self.rng.choice(names.FIRST_NAMES), self.rng.choice(names.LAST_NAMES)
        return f"{first} {last}"

    def person(self, role: str, *, email: str | None = None, name: str | None = None, track: str | None = None,
               organisation_id: int | None = None, created_at: datetime | None = None,
               totp_secret: str | None = None) -> Person:
        name = name or self._name()
        user_id = self.writer.next_id(User)
        email = email or f"{names.email_part(name).replace('-', '.')}.{user_id}@{DOMAIN}"
        self.writer.add(User, {
            "id": user_id, "email": email, "name": name, "password_hash": self.password_hash, "locale": "da",
            "track": track, "organisation_id": organisation_id, "active": True, "session_epoch": 0,
            "totp_secret": totp_secret, "totp_last_step": None,
            "created_at": created_at or self.now - timedelta(days=self.scale.history_days + 30)})
        self.writer.add(UserRole, {"user_id": user_id, "role": role}, with_id=False)
        return Person(user_id, email, name, track, organisation_id)

    def _totp_secret(self) -> str:
        return "".join(self.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(32))

    def organisations(self) -> tuple[list[int], list[str]]:
        count, created = self.scale.organisations, self.now - timedelta(days=self.scale.history_days + 60)
        municipalities = list(names.MUNICIPALITIES)
        self.rng.shuffle(municipalities)
        plan = [("Københavns Kommune, Socialforvaltningen", "municipality")]
        regions = min(len(names.REGIONS), max(1, count // 20))
        plan += [(f"{region}, Psykiatrien", "region") for region in names.REGIONS[:regions]]
        centres = max(1, (count - len(plan)) // 6)
        plan += [(f"Frivilligcenter {m}", "volunteer_centre") for m in municipalities[:centres]]
        rest = municipalities[centres:] * 2
        departments = [d for d in names.DEPARTMENTS for _ in range(2)]
        while len(plan) < count:
            i = len(plan)
            plan.append((f"{rest[i % len(rest)]} Kommune, {departments[i % len(departments)]}", "municipality"))
        ids, kinds = [], []
        for name, kind in plan[:count]:
            ids.append(self.writer.add(Organisation, {"name": name, "kind": kind, "created_at": created})["id"])
            kinds.append(kind)
        return ids, kinds

    # --- cohorts -----------------------------------------------------------------------------------------

    def cohort_dates(self) -> list[date]:
        scale, first = self.scale, self.today - timedelta(days=self.scale.history_days)
        span = scale.history_days + scale.future_days
        step = span / max(1, scale.cohorts - 1) if scale.cohorts > 1 else 0
        return [first + timedelta(days=round(i * step)) for i in range(scale.cohorts)]

    def cohorts(self, instructors: list[Person]) -> list[CohortPlan]:
        plans, per_name = [], {}
        for starts_on in self.cohort_dates():
            place = self.rng.choice(names.MUNICIPALITIES)
            key = (starts_on.year, place)
            per_name[key] = per_name.get(key, 0) + 1
            name = f"Hold {starts_on.year}-{per_name[key]} {place}"
            teachers = self.rng.sample(instructors, 2) if len(instructors) > 2 else instructors
            cohort_id = self.writer.add(Cohort, {
                "name": name, "starts_on": starts_on, "ends_on": starts_on + timedelta(days=COHORT_DAYS),
                "created_at": datetime.combine(starts_on - timedelta(days=60), time(9), tzinfo=UTC)})["id"]
            plans.append(CohortPlan(cohort_id, name, starts_on, starts_on + timedelta(days=COHORT_DAYS),
                                    [t.id for t in teachers]))
        return plans

    def instruct(self, cohorts: list[CohortPlan]) -> None:
        for cohort in cohorts:
            for user_id in dict.fromkeys(cohort.instructor_ids):
                self.writer.add(CohortInstructor, {"cohort_id": cohort.id, "user_id": user_id}, with_id=False)

    def sessions(self, cohort: CohortPlan) -> None:
        gap = COHORT_DAYS // SESSIONS_PER_COHORT
        per_session = max(1, -(-len(self.module_ids) // SESSIONS_PER_COHORT))
        place = self.rng.choice(names.PLACES)
        for i in range(SESSIONS_PER_COHORT):
            day = cohort.starts_on + timedelta(days=2 + i * gap)
            starts_at, ends_at = local_to_utc(day, time(9, 30)), local_to_utc(day, time(12, 30))
            session_id = self.writer.add(ClassSession, {"cohort_id": cohort.id, "starts_at": starts_at,
                                                        "ends_at": ends_at, "place": place})["id"]
            for module_id in self.module_ids[i * per_session:(i + 1) * per_session]:
                self.writer.add(ClassSessionModule, {"session_id": session_id, "module_id": module_id},
                                with_id=False)
            cohort.sessions.append((session_id, starts_at, ends_at))

    # --- the whole structure -----------------------------------------------------------------------------

    def build(self) -> World:
        scale, rng = self.scale, self.rng
        coordinators = [self.person("coordinator", email=BENCH["coordinator"], name="Karen Koordinator (måling)",
                                    totp_secret=BENCH_TOTP_SECRET)]
        coordinators += [self.person("coordinator", totp_secret=self._totp_secret()) for _ in range(2)]
        instructor_count = max(2, scale.cohorts * 2 // 10)
        instructors = [self.person("instructor", email=BENCH["instructor"], name="Ida Underviser (måling)")]
        instructors += [self.person("instructor") for _ in range(instructor_count - 1)]
        organisation_ids, kinds = self.organisations()
        contacts = []
        for index, organisation_id in enumerate(organisation_ids):
            bench = index == 0
            for n in range(1 if bench else rng.choice((1, 2))):
                email, name = (BENCH["contact"], "Birgit Arbejdsplads (måling)") if bench and n == 0 else (None, None)
                contact = self.person("workplace_contact", email=email, name=name, organisation_id=organisation_id)
                self.writer.add(OrganisationContact, {"user_id": contact.id, "organisation_id": organisation_id,
                                                      "created_at": self.now - timedelta(days=30)}, with_id=False)
                contacts.append(contact)
        cohorts = self.cohorts(instructors)
        bench_cohorts = self._bench_cohorts(cohorts, instructors[0].id)
        self.instruct(cohorts)
        for cohort in cohorts:
            self.sessions(cohort)
        learners = self._learners(organisation_ids, kinds)
        return World(self.now, organisation_ids, organisation_ids[0], coordinators, instructors, contacts,
                     learners, cohorts, learners[0].id, {c.id for c in bench_cohorts})

    def _bench_cohorts(self, cohorts: list[CohortPlan], instructor_id: int) -> list[CohortPlan]:
        """The bench instructor teaches the three running cohorts furthest along and four finished ones."""
        running = [c for c in cohorts if c.starts_on <= self.today < c.ends_on]
        running.sort(key=lambda c: c.starts_on)
        finished = [c for c in cohorts if c.ends_on <= self.today]
        chosen = running[:3] + finished[-4:]
        for cohort in chosen:
            if instructor_id not in cohort.instructor_ids:
                cohort.instructor_ids[0] = instructor_id
        return chosen

    def _learners(self, organisation_ids: list[int], kinds: list[str]) -> list[Person]:
        scale, rng = self.scale, self.rng
        big, others = organisation_ids[0], organisation_ids[1:]
        centres = [o for o, k in zip(organisation_ids, kinds, strict=True) if k == "volunteer_centre"] or others
        employers = [o for o, k in zip(organisation_ids[1:], kinds[1:], strict=True) if k != "volunteer_centre"]
        employers = employers or [big]
        learners = []
        for i in range(scale.learners):
            if i < scale.big_organisation:
                track = "paid" if i == 0 or rng.random() < 0.75 else "colleague"
                organisation_id = big
            else:
                track = rng.choices([t for t, _ in TRACK_SHARES], [w for _, w in TRACK_SHARES])[0]
                organisation_id = rng.choice(centres if track == "volunteer" else employers)
            bench = i == 0
            learners.append(self.person(
                "learner", email=BENCH["learner"] if bench else None, name="Bente Bænk (måling)" if bench else None,
                track=track, organisation_id=organisation_id))
        return learners
