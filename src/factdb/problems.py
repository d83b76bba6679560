"""Problems found in a fact repository, and their stable codes.

A problem names a file and either a position (for YAML-level errors, which come with a
mark) or a path into the document (for model and cross-file errors). Paths are turned
into line and column only when a problem is reported, so files that pass pay nothing
for positions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# code -> what it means. The codes are a stable interface: the JSON output, CI
# annotations and CONTRIBUTING.md use them. Add new ones; never rename one.
CODES: dict[str, str] = {
    # reading files
    "file-too-large": "The file is larger than the limit; split it into several files.",
    "encoding": "The file is not valid UTF-8.",
    "empty-file": "The file holds no document.",
    "symlink-outside": "A symbolic link leads outside the project.",
    "unreadable": "The file or directory could not be read.",
    # YAML
    "yaml-syntax": "The YAML cannot be parsed.",
    "yaml-tab": "A tab is used for indentation; YAML needs spaces.",
    "yaml-duplicate-key": "The same key appears twice in one mapping.",
    "yaml-alias": "Anchors and aliases (&a / *a) are not allowed in fact files.",
    "yaml-tag": "An explicit YAML tag (e.g. !!python/object) is not allowed.",
    "yaml-value": "A value cannot be read as the type its tag names (!!int '', !!bool maybe).",
    "yaml-multiple-documents": "The file holds more than one YAML document.",
    "top-level": "The document is not a mapping of sections (sources, people, claims, ...).",
    # the model
    "unknown-field": "A field the schema does not define (often a typo).",
    "missing-field": "A required field is missing.",
    "wrong-type": "A value has the wrong type (text for a number, a list for a mapping ...).",
    "invalid-value": "A value is not one of those allowed, or breaks a rule of its field.",
    "invalid-date": "A date is malformed or impossible (2025-02-30).",
    "unknown-claim-type": "A claim's 'type' is not a known claim type.",
    "date-order": "A window or bound ends before it starts.",
    # across files
    "duplicate-id": "Two records share one id.",
    "duplicate-key": "Two items of one list share what identifies them (two weapons of one kind and model, two roles of one title on one day): their published ids would collide.",
    "unresolved-reference": "An id refers to nothing, or to a record of the wrong kind.",
    "missing-archive": "A source's archived text is missing or unreadable.",
    "quote-not-found": "A quote does not appear verbatim in its source's archived text.",
    "figure-not-in-quote": "A figure is bound to no words of its claim's quotes that state it "
    "(or its words already back another figure); quote them, or mark it derived.",
    "figure-ambiguous": "Several figures of a claim state the same number, and validation cannot "
    "tell which words state which: name them with `words:`.",
    "arithmetic": "Figures contradict each other (parts exceed their whole).",
    "event-after-publication": "An event is dated after the source that reports it was published.",
    "too-many-problems": "More problems in one file than are shown; fix these and run again.",
    # warnings: reported, never failing validation
    "event-suggested": "Claims of one type, with overlapping dates and the same parties, name no event: if they are about one occurrence, group them into an event.",
}

SEVERITIES = ("error", "warning")
"""An error fails validation (and the build); a warning is advice: it is reported and counted
apart, and changes no exit code."""


@dataclass(frozen=True)
class Problem:
    file: str
    code: str
    message: str
    line: int | None = None
    column: int | None = None
    path: tuple = field(default=(), compare=False)
    severity: str = "error"

    def __post_init__(self):
        assert self.code in CODES, self.code
        assert self.severity in SEVERITIES, self.severity

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def format_text(self) -> str:
        # Errors keep the form compilers use (path:line:col: code: message); a warning says so
        # where gcc and clang do, before the code.
        where = f"{self.file}:{self.line or 1}:{self.column or 1}:"
        if self.is_error:
            return f"{where} {self.code}: {self.message}"
        return f"{where} warning: {self.code}: {self.message}"

    def format_github(self) -> str:
        return (
            f"::{self.severity} file={_property(self.file)},line={self.line or 1},col={self.column or 1},"
            f"title=factdb {self.code}::{_data(self.message)}"
        )

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line or 1,
            "column": self.column or 1,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


def _data(text: str) -> str:
    # Workflow-command escaping (as @actions/core does): % first, then line breaks.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    # A property value also ends at ',' and its name at ':' (a file named "a,b.yaml").
    return _data(text).replace(":", "%3A").replace(",", "%2C")
