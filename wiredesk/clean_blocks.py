"""A block of text and the cleaner's verdict on it, shared by the cleaning rules.

`clean` judges each block on its own words and by its neighbours; `clean_bounds` finds the
article's boundaries on a whole page. Both work on these blocks, their classes and the
thresholds they share.
"""

from __future__ import annotations

import dataclasses
import enum
import re

# --- thresholds both rule sets use (lengths in characters, as jusText measures them) --------

GOOD_LENGTH = 200  # a block this long with prose-like stopword density is good on its own
GOOD_STOPWORDS = 0.30  # stopword density of ordinary prose (about 0.35-0.5 in German news)
PROSE_STOPWORDS = 0.2  # below this, a "sentence" is more likely a slogan or a list of terms
HEADING_MAX_LENGTH = 150  # a heading, a section title or a menu entry is at most this long
MAX_CAPTION_LENGTH = 400  # a caption, or a line that may start the trailer, at most this
MAX_DATE_LENGTH = 80  # a date line, with its time and place
ALNUM = re.compile(r"[^\W_]")  # a letter or a digit
TERMINAL = re.compile(r"[.!?…][\"'“”„‚‘’«»)\]]*$")  # a sentence's end, quotes and brackets closed

# Reasons for blocks that sit inside an article (media widgets, credits, chrome, and the page
# furniture around it: dates, share rows, post meta, rights lines): they are
# transparent to the context rules, so a sub-head next to a photo caption is judged by the
# paragraphs around it, not by the caption. Teasers are not: link lists follow them.
INLINE_REASONS = frozenset(
    {
        "lone_symbol",
        "ui_chrome",
        "photo_credit",
        "byline",
        "caption_repeat",
        "repeat",
        "navigation",
        "date",
        "reading_time",
        "share",
        "comment_form",
        "post_navigation",
        "page_tool",
        "post_meta",
        "copyright",
    }
)


class Class(enum.Enum):
    """jusText's block classes, plus SOFT: commercial wording kept only between good blocks."""

    GOOD = "good"
    NEAR_GOOD = "near_good"
    SHORT = "short"
    SOFT = "soft"
    BAD = "bad"


@dataclasses.dataclass(slots=True)
class Block:
    """One block of text and what the classifier made of it."""

    text: str
    length: int
    words: int
    stopword_density: float
    heading: bool
    bullet: bool
    prose: bool
    cls: Class = Class.SHORT
    reason: str | None = None
    menu: bool = False  # one of a run of menu-like lines (set on whole pages)
    navigation: bool = False  # one of a long run of them
    boxed: bool = False  # a line of a box of related links between the article's paragraphs

    def copy(self) -> Block:
        """A copy whose class can be revised independently (faster than dataclasses.replace)."""
        return Block(
            self.text,
            self.length,
            self.words,
            self.stopword_density,
            self.heading,
            self.bullet,
            self.prose,
            self.cls,
            self.reason,
            self.menu,
            self.navigation,
            self.boxed,
        )

    @property
    def inline(self) -> bool:
        """Whether this block is an inline widget the context rules look through."""
        return self.cls is Class.BAD and self.reason in INLINE_REASONS


def mark(block: Block, reason: str) -> None:
    """Remove `block`, saying why (its `Removed.reason`)."""
    block.cls, block.reason = Class.BAD, reason
