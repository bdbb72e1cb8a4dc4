"""The error raised when a file handed to an importer cannot be used at all."""

from __future__ import annotations

from envhelp.errors import EnvHelpError


class UnreadableInputError(EnvHelpError):
    """The whole file is refused (missing, wrong format, unsafe, damaged); nothing was written.

    Row-level problems are not this error: they are reported per row and the good rows go in.
    """


class BundleError(UnreadableInputError):
    """An exchange bundle that is refused as a whole."""


class BundleRefusedError(BundleError):
    """A well-formed bundle refused for who signed it or what happened to it after
    (CLI exit code 3, not 2: the file is readable, its content is not accepted)."""


class BundleAlteredError(BundleRefusedError):
    """The signature does not match the bundle: changed after it was signed."""


class BundleUntrustedError(BundleRefusedError):
    """Unsigned, or signed with a key this laptop has not trusted yet (``signer`` says whose)."""

    def __init__(self, message_zh: str, message_en: str, signer: object = None):
        super().__init__(message_zh, message_en)
        self.signer = signer


class BundleRevokedError(BundleRefusedError):
    """Signed with a key this laptop has revoked."""
