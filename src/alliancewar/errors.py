"""Exceptions raised by alliancewar, each naming the file, column or config key at fault."""

from __future__ import annotations


class AllianceWarError(Exception):
    """Base class for every error alliancewar raises on purpose."""


class ConfigError(AllianceWarError, ValueError):
    """A configuration value or the source registry is invalid."""


class ChecksumError(AllianceWarError):
    """A raw file does not match the checksum pinned in the source registry."""

    def __init__(self, source: str, file: str, expected: list[str], actual: str, path: str,
                 hint: str = "The file was not written to data/raw/.") -> None:
        self.source, self.file, self.expected, self.actual, self.path = source, file, expected, actual, path
        super().__init__(
            f"checksum mismatch for file '{file}' of source '{source}' ({path}): "
            f"expected sha256 {' or '.join(expected)} (as published or with LF line endings), "
            f"got {actual}. {hint}"
        )


class FetchError(AllianceWarError):
    """A raw file could not be obtained (missing in the mirror, HTTP error, missing zip member)."""


class DataFormatError(AllianceWarError, ValueError):
    """A raw file cannot be parsed into its clean table (missing column, wrong type, truncated)."""
