"""Errors a user can act on. Each message is one line: what failed, and what to check."""

from __future__ import annotations

from screenpop.ami.errors import AmiError, ProtocolError

AMI_HINT = "enable AMI in MyPBX: System > Preferences > AMI settings, and allow this PC's IP"

__all__ = [
    "AMI_HINT",
    "ActionFailed",
    "ActionTimeout",
    "AmiError",
    "AuthenticationFailed",
    "ConnectFailed",
    "ConnectRefused",
    "ConnectTimeout",
    "ConnectionLost",
    "ProtocolError",
    "TlsError",
]


class ConnectFailed(AmiError):
    """The PBX could not be reached."""


class ConnectRefused(ConnectFailed):
    def __init__(self, host: str, port: int, detail: str = ""):
        extra = f" ({detail})" if detail else ""
        super().__init__(f"connection to {host}:{port} was refused{extra}; {AMI_HINT}")


class ConnectTimeout(ConnectFailed):
    def __init__(self, host: str, port: int, seconds: float):
        super().__init__(
            f"no answer from {host}:{port} within {seconds:g} s; check the PBX address and"
            f" that this PC can reach it; {AMI_HINT}"
        )


class TlsError(ConnectFailed):
    """The TLS handshake failed or the certificate did not match."""


class AuthenticationFailed(AmiError):
    def __init__(self, username: str, detail: str = "Authentication failed"):
        super().__init__(
            f"the PBX refused the login for AMI user '{username}' ({detail}); check the"
            " username and secret in MyPBX's AMI settings"
        )


class ConnectionLost(AmiError):
    """The link dropped; an action in flight was not answered and is not re-sent."""


class ActionFailed(AmiError):
    """The PBX answered `Response: Error`; the text is the PBX's own Message."""

    def __init__(self, action: str, message: str):
        self.action = action
        self.pbx_message = message
        super().__init__(f"{action} failed: {message}")


class ActionTimeout(AmiError):
    def __init__(self, action: str, seconds: float):
        self.action = action
        super().__init__(f"the PBX did not answer {action} within {seconds:g} s")
