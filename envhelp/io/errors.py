"""The error raised when a file handed to an importer cannot be used at all."""

from __future__ import annotations

from envhelp.errors import EnvHelpError


class UnreadableInputError(EnvHelpError):
    """The whole file is refused (missing, wrong format, unsafe, damaged); nothing was written.

    Row-level problems are not this error: they are reported per row and the good rows go in.
    """


class BundleError(UnreadableInputError):
    """An exchange bundle that is refused as a whole."""
