"""Hand-over after a capture has committed: scoring and assignment will start here (a later issue).

Called through `transaction.on_commit`, so it never sees a capture that was rolled back, and a failure here
cannot undo the lead. Replays are not handed over again.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .shapes import CaptureResult


def after_capture(result: "CaptureResult") -> None:
    """Nothing yet."""
