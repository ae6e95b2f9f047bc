"""Pure AMI protocol layer: codec, messages and action builders. Standard library only."""

from .codec import NEED_DATA, AmiDecoder, NeedData
from .errors import ActionEncodeError, AmiError, ProtocolError
from .message import Banner, Message

__all__ = [
    "NEED_DATA",
    "ActionEncodeError",
    "AmiDecoder",
    "AmiError",
    "Banner",
    "Message",
    "NeedData",
    "ProtocolError",
]
