"""Every question of the self-assessment and the course evaluation, as data, in one place.

The self-assessment asks how confident the learner feels in each competence theme of the curriculum
(curriculum/themes.yaml, so a new theme is asked about without a code change) and how they see their own recovery
journey through the five CHIME areas (connectedness, hope, identity, meaning, empowerment) that the partnership
used to evaluate its trials. Every question uses the same 1-5 scale; "no answer" is always possible and is stored
as missing (NULL), never as a number.
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..curriculum import Curriculum, pick

SCALE = (1, 2, 3, 4, 5)
MAX_TEXT = 2000

CONFIDENCE = {1: _l("Not at all confident"), 2: _l("A little confident"), 3: _l("Somewhat confident"),
              4: _l("Quite confident"), 5: _l("Very confident")}
AGREEMENT = {1: _l("Strongly disagree"), 2: _l("Disagree"), 3: _l("Neither agree nor disagree"), 4: _l("Agree"),
             5: _l("Strongly agree")}

# (id, area name, statement about one's own recovery journey)
CHIME = (
    ("connectedness", _l("Connectedness"), _l("I have people in my life whom I feel connected to and can turn to.")),
    ("hope", _l("Hope and optimism"), _l("I feel hopeful about my future.")),
    ("identity", _l("Identity"), _l("I see myself as much more than my mental-health difficulties.")),
    ("meaning", _l("Meaning in life"), _l("What I do in my life feels meaningful to me.")),
    ("empowerment", _l("Empowerment"), _l("I feel that I am in charge of the decisions in my own life.")),
)

# The course evaluation: a few statements on the same scale, then two open questions.
COURSE = (
    ("relevance", _l("Relevance"), _l("The course gave me what I need for my work as a peer or with peers.")),
    ("experience", _l("Own experience"), _l("The teaching built on our own experience and resources.")),
    ("safety", _l("Safety"), _l("I felt safe in the group.")),
    ("balance", _l("Balance"), _l("The balance between teaching, practice and supervision was right.")),
)
COURSE_TEXTS = (
    ("worked_well", _l("What worked well?")),
    ("to_change", _l("What should we change?")),
)

KIND_LABELS = {"start": _l("Start of the course"), "end": _l("End of the course"), "renewal": _l("Renewal")}
CONFIDENCE_QUESTION = _l("How confident do you feel in each competence theme of the education?")
AREA_LABELS = {"theme": _l("Confidence in the competence themes"),
               "chime": _l("Your own recovery journey (CHIME)"),
               "course": _l("The course")}


@dataclass(frozen=True)
class Question:
    id: str  # stored with every answer: "theme.<theme id>", "chime.<area>" or "course.<id>"
    area: str
    name: object  # short name for tables and charts: a lazy string, or the theme's names by language
    legend: object  # what the question asks, as the legend of its radio buttons
    hint: object | None
    labels: dict

    @property
    def field(self) -> str:
        return self.id.replace(".", "_")

    def title(self, locale: str) -> str:
        return _text(self.name, locale)

    def question(self, locale: str) -> str:
        return _text(self.legend, locale)

    def hint_text(self, locale: str) -> str | None:
        return _text(self.hint, locale) if self.hint is not None else None


def _text(value, locale: str) -> str:
    return pick(value, locale) if isinstance(value, dict) else str(value)


def self_assessment_questions(curriculum: Curriculum) -> list[Question]:
    """The six themes (the legend is the theme's name, its purpose the hint), then the five CHIME statements."""
    themes = [Question(f"theme.{t.id}", "theme", dict(t.name), dict(t.name), dict(t.purpose), CONFIDENCE)
              for t in curriculum.themes]
    chime = [Question(f"chime.{key}", "chime", name, statement, name, AGREEMENT) for key, name, statement in CHIME]
    return themes + chime


def course_questions() -> list[Question]:
    return [Question(f"course.{key}", "course", name, statement, None, AGREEMENT) for key, name, statement in COURSE]
