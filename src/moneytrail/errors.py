"""Errors a person reads: each says what went wrong and, where it can, what to do next."""

from __future__ import annotations


class MoneytrailError(Exception):
    """An error shown to the user as it is, with an optional hint on what to do next."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"


class NotInitialised(MoneytrailError):
    pass


class InputRejected(MoneytrailError):
    """A file or record that did not pass validation; ``problems`` lists every error found."""

    def __init__(self, message: str, problems: list[Problem], hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.problems = problems


class Problem:
    """One thing wrong with an input: where (file, line or XPath, field) and why."""

    __slots__ = ("field", "file", "line", "reason", "value")

    def __init__(
        self, file: str, line: int | str | None, field: str | None, reason: str, value: str | None = None
    ) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
        self.value = value

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.field:
            where += f" [{self.field}]"
        shown = "" if self.value is None else f" (value: {self.value[:60]!r})"
        return f"{where}: {self.reason}{shown}"

    def as_dict(self) -> dict[str, str | int | None]:
        return {
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "reason": self.reason,
            "value": self.value,
        }
