"""Codec tests: the vendor guide's frames, the recorded captures, and hostile input."""

from __future__ import annotations

import pytest
from conftest import CAPTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screenpop.ami import NEED_DATA, AmiDecoder, Banner, Message, ProtocolError
from screenpop.ami.codec import decode_text

RX_CAPTURES = sorted(p for p in CAPTURES.glob("*.bin") if not p.name.endswith(".tx.bin"))

GUIDE_DIAL = (
    b"Event: Dial\r\nPrivilege: call,all\r\nSubEvent: Begin\r\nChannel: SIP/470-000079dd\r\n"
    b"Destination: SIP/474-000079de\r\nCallerIDNum: 470\r\nCallerIDName: 470\r\n"
    b"UniqueID: 1372066112.31203\r\nDestUniqueID: 1372066112.31204\r\nDialstring: 474\r\n\r\n"
)
GUIDE_CDR = (
    b"Event: Cdr\r\nPrivilege: cdr,all\r\nSource: 503\r\nDestination: 13806012345\r\n"
    b"DestinationContext: DLPN_DialPlan503\r\nCallerID: 503\r\nChannel: SIP/503-00000000\r\n"
    b"DestinationChannel: SIP/trunk-sps-test1-00000001\r\nLastApplication: Dial\r\n"
    b"LastData: SIP/trunk-sps-test1/13806012345,,tTkKWwXx\r\nStartTime: 2013-06-24 01:27:52\r\n"
    b"EndTime: 2013-06-24 01:28:11\r\nDuration: 19\r\nBillableSeconds: 0\r\n"
    b"Disposition: NO ANSWER\r\nUniqueID: 1372066072.1\r\nUserField: Outbound\r\n\r\n"
)
# The guide's Command example: bare-LF CLI lines after a CRLF header.
GUIDE_FOLLOWS = (
    b"Response: Follows\r\n"
    b"Channel Location State Application(Data)\n"
    b"SIP/x7065551212b-1af (None) Ringing AppDial((Outgoing Line))\n"
    b"SIP/x7065551212c-2aa 29@default:2 Ring Dial(SIP/x7065551212b)\n"
    b"2 active channels\n"
    b"1 active call\r\n"
    b"--END COMMAND--\r\n\r\n"
)
BANNER = b"Asterisk Call Manager/1.1\r\n"


def decode_all(data: bytes, chunks: list[int] | None = None, **kw) -> list:
    dec = AmiDecoder(**kw)
    out = []
    if chunks is None:
        dec.receive_data(data)
        return dec.messages()
    pos = 0
    for size in chunks:
        dec.receive_data(data[pos : pos + size])
        pos += size
        out.extend(dec.messages())
    dec.receive_data(data[pos:])
    out.extend(dec.messages())
    return out


def test_guide_dial_frame_headers():
    (banner, msg) = decode_all(BANNER + GUIDE_DIAL)
    assert banner == Banner("Asterisk Call Manager/1.1")
    assert banner.version == "1.1" and not banner.modern
    assert msg.event == "Dial"
    assert msg["destination"] == "SIP/474-000079de"
    assert msg.get("UNIQUEID") == "1372066112.31203"
    assert msg.get("DestUniqueID") == "1372066112.31204"
    assert msg.get("Missing") is None


def test_guide_cdr_values_with_colons_and_spaces():
    (msg,) = decode_all(GUIDE_CDR, expect_banner=False)
    assert msg.get("StartTime") == "2013-06-24 01:27:52"
    assert msg.get("LastData") == "SIP/trunk-sps-test1/13806012345,,tTkKWwXx"
    assert msg.get("Disposition") == "NO ANSWER"


def test_guide_command_reply_with_bare_lf_body():
    (msg,) = decode_all(GUIDE_FOLLOWS, expect_banner=False)
    assert msg.response == "Follows"
    assert msg.command_output() == [
        "Channel Location State Application(Data)",
        "SIP/x7065551212b-1af (None) Ringing AppDial((Outgoing Line))",
        "SIP/x7065551212c-2aa 29@default:2 Ring Dial(SIP/x7065551212b)",
        "2 active channels",
        "1 active call",
    ]


def test_follows_body_with_blank_lines_and_header_lookalikes():
    body = b"Name: SIP/1-1\n\nState: Ringing (5)\n  Caller ID: 470\n"
    data = (
        b"Response: Follows\r\nPrivilege: Command\r\nActionID: 42\r\n"
        + body
        + b"--END COMMAND--\r\n\r\nEvent: Ping\r\n\r\n"
    )
    msgs = decode_all(data, expect_banner=False)
    assert [m.action_id for m in msgs] == ["42", None]
    assert msgs[0].command_output() == [
        "Name: SIP/1-1",
        "",
        "State: Ringing (5)",
        "  Caller ID: 470",
    ]
    assert msgs[0].get("Name") is None  # CLI text never becomes headers
    assert msgs[1].event == "Ping"


def test_follows_marker_glued_to_last_line():
    data = (
        b"Response: Follows\r\nPrivilege: Command\r\n"
        b"65 is not a known channel--END COMMAND--\r\n\r\n"
    )
    (msg,) = decode_all(data, expect_banner=False)
    assert msg.command_output() == ["65 is not a known channel"]


def test_modern_output_lines_kept_in_order():
    data = (
        b"Response: Success\r\nActionID: 5\r\nMessage: Command output follows\r\n"
        b"Output: line one\r\nOutput: \r\nOutput: Key: looks like a header\r\n\r\n"
    )
    (msg,) = decode_all(data, expect_banner=False)
    assert msg.command_output() == ["line one", "", "Key: looks like a header"]


def test_repeated_headers_and_key_without_space():
    data = b"Event: VarSet\r\nVariable: A=1\r\nVariable:B=2\r\nvariable: C=3\r\n\r\n"
    (msg,) = decode_all(data, expect_banner=False)
    assert msg.get_all("Variable") == ["A=1", "B=2", "C=3"]
    assert msg.get("variable") == "A=1"


def test_mixed_line_endings_in_one_stream():
    data = b"Event: A\r\nX: 1\r\n\r\nEvent: B\nX: 2\n\nEvent: C\nX: 3\r\n\r\nEvent: D\r\nX: 4\n\r\n"
    msgs = decode_all(data, expect_banner=False)
    assert [(m.event, m.get("X")) for m in msgs] == [("A", "1"), ("B", "2"), ("C", "3"), ("D", "4")]


def test_response_glued_to_event_is_split():
    # Asterisk 1.8's `Events` reply has no blank line before the next event.
    data = b"Response: Success\r\nEvents: On\r\nEvent: Newchannel\r\nChannel: SIP/1-1\r\n\r\n"
    msgs = decode_all(data, expect_banner=False)
    assert [m.response for m in msgs] == ["Success", None]
    assert msgs[1].event == "Newchannel"


def test_originate_response_is_an_event_not_a_reply():
    data = b"Event: OriginateResponse\r\nActionID: 9\r\nResponse: Success\r\nReason: 4\r\n\r\n"
    (msg,) = decode_all(data, expect_banner=False)
    assert msg.event == "OriginateResponse" and msg.response is None and msg.action_id == "9"


def test_utf8_name_split_inside_a_character():
    frame = "Event: Dial\r\nCallerIDName: 张伟 José\r\n\r\n".encode()
    cut = frame.index("伟".encode()) + 1
    dec = AmiDecoder(expect_banner=False)
    dec.receive_data(frame[:cut])
    assert dec.next_message() is NEED_DATA
    dec.receive_data(frame[cut:])
    assert dec.next_message().get("CallerIDName") == "张伟 José"


def test_gbk_name_falls_back_to_gb18030():
    frame = b"Event: Newchannel\r\nCallerIDName: " + "王芳".encode("gbk") + b"\r\n\r\n"
    (msg,) = decode_all(frame, expect_banner=False)
    assert msg.get("CallerIDName") == "王芳"


def test_bad_bytes_never_raise():
    assert isinstance(decode_text(b"\xff\xfe\x80\x81"), str)


def test_modern_banner():
    (banner,) = decode_all(b"Asterisk Call Manager/9.0.0\r\n")
    assert banner.modern and banner.version == "9.0.0"


def test_unended_frame_hits_the_bound():
    dec = AmiDecoder(expect_banner=False, max_frame=1024)
    dec.receive_data(b"Event: X\r\n")
    with pytest.raises(ProtocolError, match="without ending it"):
        for _ in range(200):
            dec.receive_data(b"Junk: " + b"a" * 20 + b"\r\n")
            dec.next_message()
    assert dec.buffered == 0


def test_unended_command_reply_hits_the_bound():
    dec = AmiDecoder(expect_banner=False, max_frame=2048)
    dec.receive_data(b"Response: Follows\r\nPrivilege: Command\r\n")
    with pytest.raises(ProtocolError, match="END COMMAND"):
        for _ in range(100):
            dec.receive_data(b"x" * 100 + b"\n")
            dec.next_message()


def test_no_banner_from_a_non_ami_port():
    dec = AmiDecoder()
    dec.receive_data(b"x" * 2000)
    with pytest.raises(ProtocolError, match="AMI greeting"):
        dec.next_message()


# -- recorded captures ----------------------------------------------------------------


@pytest.mark.parametrize("path", RX_CAPTURES, ids=lambda p: p.name)
def test_capture_byte_by_byte_equals_whole(path):
    data = path.read_bytes()
    whole = decode_all(data)
    assert isinstance(whole[0], Banner)
    assert all(isinstance(m, Message) for m in whole[1:])
    # Feeding one byte at a time makes every offset a read boundary.
    assert decode_all(data, chunks=[1] * len(data)) == whole
    # Line endings: the same messages from a bare-LF and a mixed stream.
    assert decode_all(data.replace(b"\r\n", b"\n")) == whole
    mixed = b"".join(
        part + (b"\r\n" if i % 2 else b"\n") for i, part in enumerate(data.split(b"\r\n")[:-1])
    )
    assert decode_all(mixed) == whole


@pytest.mark.parametrize(
    "name",
    ["old_01_login_ok.bin", "old_02_login_failed.bin", "old_05_command_core_show_channels.bin"],
)
def test_capture_split_in_two_at_every_offset(name):
    data = (CAPTURES / name).read_bytes()
    whole = decode_all(data)
    for cut in range(len(data) + 1):
        assert decode_all(data, chunks=[cut]) == whole, cut


def test_old_command_capture_bodies():
    msgs = decode_all((CAPTURES / "old_05_command_core_show_channels.bin").read_bytes())
    follows = [m for m in msgs[1:] if m.body is not None]
    by_id = {m.action_id: m.command_output() for m in follows}
    assert by_id["cmd-5"] == ["SIP/doesnotexist-00000000 is not a known channel"]
    assert by_id["cmd-6"][0].startswith("Asterisk 1.8.32.3")
    assert any("Caller ID" in line for line in by_id["cmd-3"])


def test_new_command_capture_output():
    msgs = decode_all((CAPTURES / "new_05_command_core_show_channels.bin").read_bytes())
    by_id = {m.action_id: m for m in msgs[1:]}
    assert by_id["cmd-5"].command_output() == ["SIP/doesnotexist-00000000 is not a known channel"]
    assert by_id["cmd-5"].body is None


def test_empty_command_body_capture():
    msgs = decode_all((CAPTURES / "old_07_call_answered_then_hangup.bin").read_bytes())
    (cleanup,) = [m for m in msgs[1:] if m.action_id == "list-ans-cleanup"]
    assert cleanup.command_output() == []


# -- properties -----------------------------------------------------------------------

SAMPLE = (CAPTURES / "old_03_call_redirect_calling_channel.bin").read_bytes()
SAMPLE_WHOLE = decode_all(SAMPLE)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=1, max_value=600), max_size=60))
def test_chunking_never_changes_the_result(chunks):
    assert decode_all(SAMPLE, chunks=chunks) == SAMPLE_WHOLE


@settings(max_examples=2000, deadline=None)
@given(st.binary(max_size=600), st.lists(st.integers(min_value=1, max_value=64), max_size=20))
def test_garbage_never_escapes_as_an_exception(data, chunks):
    dec = AmiDecoder(max_frame=256)
    pos = 0
    for size in [*chunks, len(data)]:
        dec.receive_data(data[pos : pos + size])
        pos += size
        try:
            for msg in dec.messages():
                assert isinstance(msg, Message | Banner)
        except ProtocolError:
            return


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=12
            ),
            st.text(
                st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
                max_size=30,
            ),
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from([b"\r\n", b"\n"]),
)
def test_any_header_list_round_trips(headers, eol):
    headers = [("Event", "Test"), *headers]
    frame = b"".join(f"{n}: {v}".encode() + eol for n, v in headers) + eol
    (msg,) = decode_all(frame, expect_banner=False)
    # Only a leading space after the colon is eaten; the rest of a value is kept.
    assert msg.headers == tuple((n, v) for n, v in headers)


def test_lf_line_then_two_crlf_empty_lines_decodes_the_same_in_any_chunking():
    # Found by fuzzing: a frame whose last line ends in a bare LF, followed by two CRLF empty
    # lines, was cut at the second one in a single read (keeping the LF, which changed how a
    # broken GB18030 byte decoded) and at the first when read byte by byte.
    data = b"Event: A\r\nV: \xb57]\n\r\n\r\nEvent: B\r\nX: 1\r\n\r\n"
    whole = decode_all(data, expect_banner=False)
    assert decode_all(data, chunks=[1] * len(data), expect_banner=False) == whole
    assert [m.event for m in whole] == ["A", "B"]
