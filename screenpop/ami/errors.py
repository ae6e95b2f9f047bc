"""Error types of the AMI layer.

Remote errors (the PBX sent something we cannot use) and local ones (our code built a bad
action) are different types, so the user is shown the first and a developer the second.
"""


class AmiError(Exception):
    """Base class for every screenpop AMI error."""


class ProtocolError(AmiError):
    """The PBX sent bytes that are not AMI, or a frame larger than we accept."""


class ActionEncodeError(AmiError, ValueError):
    """An action could not be encoded (a field holds CR/LF or is too long): local input."""
