"""Problems found in facts, as data: one line each, with where, what and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field

# A message quotes the offending value; a value can be megabytes long, and one problem must
# stay one readable line.
MAX_MESSAGE = 300


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int = 0
    column: int = 0
    entry: str = ""
    message: str = ""
    fix: str = ""
    severity: str = "error"  # "error" or "warning"

    def __post_init__(self) -> None:
        for name in ("entry", "message", "fix"):
            text = getattr(self, name)
            if len(text) > MAX_MESSAGE:
                keep = MAX_MESSAGE // 2
                object.__setattr__(self, name, f"{text[:keep]} … {text[-keep:]}")

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}"
        who = f" {self.entry}:" if self.entry else ""
        level = "" if self.severity == "error" else " warning:"
        return f"{where}{who}{level} {self.message} — {self.fix}"


class LoadFailure(Exception):
    """The facts could not be loaded at all (exit code 2): no folder, no files, no ontology."""


@dataclass
class Report:
    """What checking found. ``conforms`` is true when there are no errors."""

    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def conforms(self) -> bool:
        return not self.errors

    def text(self) -> str:
        return "\n".join(str(p) for p in sorted(self.problems))


class BuildFailed(Exception):
    """The facts have errors; nothing was built from them."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{len(report.errors)} problem(s) in the facts")
        self.report = report
