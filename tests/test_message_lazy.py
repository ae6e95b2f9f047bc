"""A lazy event frame answers header reads by searching its text; the answers must be the
ones the line-by-line parser gives, odd lines and case variants included."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from screenpop.ami.codec import AmiDecoder, parse_frame
from screenpop.ami.message import Message

NAMES = ["Uniqueid", "UniqueID", "UNIQUEID", "Channel", "DestUniqueid", "Cause", "Linkedid"]
ASKED = ["Uniqueid", "uniqueid", "Channel", "DestUniqueid", "Cause", "Linkedid", "Event", "Nope"]

name_part = st.builds(
    lambda pre, name, post: pre + name + post,
    st.sampled_from(["", " ", "\t", "\u00a0", "\r"]),
    st.sampled_from([*NAMES, "Linꓘedid", "LinKedid", "Ünique"]),
    st.sampled_from(["", " ", "\t"]),
)
value = st.text(alphabet="ab1.:\r 张", max_size=6)
line = st.one_of(
    st.builds(
        lambda n, sep, v: f"{n}{sep}{v}", name_part, st.sampled_from([": ", ":", ":  "]), value
    ),
    st.text(alphabet="ab \t", max_size=5),  # a line without a colon
)


def _frame(lines: list[str]) -> str | None:
    text = "\r\n".join(["Event: Hangup", *lines])
    # What the decoder makes lazy: CRLF lines only, no empty line inside, no CR at the end.
    if "\r\n\r\n" in text or text.endswith("\r") or text.count("\n") != text.count("\r\n"):
        return None
    return text


@settings(max_examples=400, deadline=None)
@given(st.lists(line, max_size=8), st.lists(st.sampled_from(ASKED), min_size=1, max_size=6))
def test_lazy_reads_equal_the_general_parser(lines, asked):
    text = _frame(lines)
    if text is None:
        return
    (eager,) = parse_frame(text)
    lazy = Message.lazy(text, "Hangup")
    for name in asked:
        assert lazy.get(name) == eager.get(name), (text, name)
        assert (name in lazy) == (name in eager)
    assert lazy.headers == eager.headers


def test_decoder_in_one_go_equals_frame_by_frame():
    frames = [
        b"Event: Newchannel\r\nChannel: SIP/201-0001\r\nUniqueid: 1.1\r\n\r\n",
        "Event: Newstate\r\nCallerIDName: 张伟\r\nUniqueid: 1.2\r\n\r\n".encode(),
        b"Response: Success\r\nActionID: 3\r\n\r\n",
        b"Event: Hangup\r\nUniqueid: 1.1\r\r\n\r\n",  # a CR before the end is dropped
    ]
    stream = b"".join(frames)
    whole = AmiDecoder(expect_banner=False)
    whole.receive_data(stream)
    one_by_one = AmiDecoder(expect_banner=False)
    got = []
    for i in range(len(stream)):
        one_by_one.receive_data(stream[i : i + 1])
        got += one_by_one.messages()
    assert whole.messages() == got
    assert [m.get("Uniqueid") for m in got] == ["1.1", "1.2", None, "1.1"]


def test_gbk_read_falls_back_frame_by_frame():
    name = "张伟".encode("gb18030")
    stream = b"Event: Newchannel\r\nCallerIDName: " + name + b"\r\nUniqueid: 9.9\r\n\r\n"
    dec = AmiDecoder(expect_banner=False)
    dec.receive_data(stream)
    (msg,) = dec.messages()
    assert msg.get("CallerIDName") == "张伟"
    assert msg.get("uniqueid") == "9.9"
