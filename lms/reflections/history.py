"""A submission's versions for reading: newest first, with what changed and the feedback the reader may see."""
from ..markup import render_markdown
from .diff import word_diff
from .models import Submission


def version_history(submission: Submission | None, show_drafts: bool) -> list[dict]:
    """Versions newest first, each with its diff to the one before and the feedback the reader may see."""
    if submission is None:
        return []
    items, previous = [], None
    for version in submission.versions:
        feedback = version.feedback if version.feedback and (show_drafts or version.feedback.released) else None
        items.append({"version": version, "html": render_markdown(version.text), "feedback": feedback,
                      "diff": word_diff(previous.text, version.text) if previous else None})
        previous = version
    return list(reversed(items))
