"""The ring sound: WAV loading, fallback to silence, real playback on miniaudio's null device,
and the app asking for it when a popup appears (not under Do Not Disturb, not when turned off)."""

from __future__ import annotations

import logging
import sys
import time

import pytest
from appkit import make_controller
from conftest import run_async

from screenpop.desktop.resources import resource_path
from screenpop.desktop.sound import MiniaudioBackend, Pcm, RingPlayer, SoundError, load_wav

RING = resource_path("sounds", "ring.wav")

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


class RecordingBackend:
    def __init__(self) -> None:
        self.played: list[Pcm] = []

    def play(self, pcm: Pcm) -> None:
        self.played.append(pcm)

    def close(self) -> None:
        pass


def test_bundled_ring_loads():
    pcm = load_wav(RING)
    assert (pcm.channels, pcm.rate) == (1, 22050)
    assert 1.0 < pcm.frames / pcm.rate < 3.0


@pytest.mark.parametrize(
    "content, why",
    [(b"", "not a readable WAV"), (b"RIFF\x10\x00\x00\x00WAVEjunkjunk", "not a readable WAV")],
)
def test_corrupt_file_is_refused(tmp_path, content, why):
    bad = tmp_path / "ring.wav"
    bad.write_bytes(content)
    with pytest.raises(SoundError, match=why):
        load_wav(bad)


def test_truncated_file_is_refused(tmp_path):
    cut = tmp_path / "ring.wav"
    cut.write_bytes(RING.read_bytes()[:3000])
    with pytest.raises(SoundError):
        load_wav(cut)


def test_missing_or_corrupt_file_means_silence_and_one_log_line(tmp_path, caplog):
    backend = RecordingBackend()
    player = RingPlayer(tmp_path / "nothing.wav", backend)
    with caplog.at_level(logging.WARNING):
        assert player.play() is False
        assert player.play() is False
    assert backend.played == []
    assert len([r for r in caplog.records if "ring sound off" in r.getMessage()]) == 1


def test_real_playback_on_the_null_device_does_not_block():
    import miniaudio

    backend = MiniaudioBackend(backends=[miniaudio.Backend.NULL])
    player = RingPlayer(RING, backend)
    try:
        started = time.monotonic()
        assert player.play() is True
        assert time.monotonic() - started < 0.5  # returns at once; the device thread plays
        frames = load_wav(RING).frames
        deadline = time.monotonic() + 10
        while backend.frames_played < frames and time.monotonic() < deadline:
            time.sleep(0.05)
        # The whole sound went to the device, and then only silence (frames stop counting).
        assert backend.frames_played == frames
    finally:
        player.close()


@pytest.mark.parametrize(
    "sound_on, dnd, rings", [(True, False, 1), (True, True, 0), (False, False, 0)]
)
def test_app_rings_the_bundled_sound_when_a_popup_appears(
    sim, qtbot, tmp_path, sound_on, dnd, rings
):
    app = make_controller(tmp_path, sim, sound_on_ring=sound_on, do_not_disturb=dnd)
    backend = RecordingBackend()
    app.desktop.ring_player = RingPlayer(RING, backend)
    run_async(qtbot, app.start())
    try:
        qtbot.waitUntil(lambda: app.bridge.state[0] == "connected", timeout=5000)
        with qtbot.waitSignal(app.bridge.ringing, timeout=5000):
            run_async(qtbot, sim.incoming_call("13800138000", "张伟", ["201"]))
        qtbot.wait(50)
        assert len(app.popups.open_popups()) == (0 if dnd else 1)
        assert len(backend.played) == rings
        if rings:
            assert backend.played[0] == load_wav(RING)
    finally:
        run_async(qtbot, app.stop())


class FlakyDevice(RecordingBackend):
    """An audio output that is missing for the first `missing` plays (no sound card yet)."""

    def __init__(self, missing: int) -> None:
        super().__init__()
        self.missing = missing
        self.attempts = 0

    def play(self, pcm: Pcm) -> None:
        self.attempts += 1
        if self.attempts <= self.missing:
            raise RuntimeError("failed to initialize playback device")
        super().play(pcm)


def test_no_audio_device_retries_on_a_later_ring_at_most_once_a_minute(caplog):
    now = [1000.0]
    device = FlakyDevice(missing=2)
    player = RingPlayer(RING, device, clock=lambda: now[0])
    with caplog.at_level(logging.DEBUG, logger="screenpop.desktop.sound"):
        assert player.play() is False  # attempt 1 fails
        now[0] += 30
        assert player.play() is False  # too soon: the device is not even asked
        assert device.attempts == 1
        now[0] += 30
        assert player.play() is False  # a minute later: attempt 2, still missing
        assert device.attempts == 2
        now[0] += 59.9
        assert player.play() is False
        assert device.attempts == 2
        now[0] += 0.1
        assert player.play() is True  # attempt 3: the device is back, the ring plays
        assert player.play() is True  # and from now on every ring plays
    assert device.attempts == 4
    assert len(device.played) == 2
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "no audio output" in warnings[0].getMessage()
    assert any("ring sound back" in r.getMessage() for r in caplog.records)


def test_real_device_failure_then_recovery_with_miniaudio(caplog):
    """A real miniaudio failure: a backend this system lacks cannot open a device; once a
    working backend is there (the null device), the next ring after the wait plays."""
    import miniaudio

    missing = miniaudio.Backend.WASAPI if sys.platform != "win32" else miniaudio.Backend.ALSA
    backend = MiniaudioBackend(backends=[missing])
    now = [0.0]
    player = RingPlayer(RING, backend, clock=lambda: now[0])
    try:
        with caplog.at_level(logging.WARNING):
            assert player.play() is False
        backend._backends = [miniaudio.Backend.NULL]  # the sound card appears
        assert player.play() is False  # within the minute: not retried yet
        now[0] += 60
        assert player.play() is True
        deadline = time.monotonic() + 5
        while backend.frames_played == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert backend.frames_played > 0
    finally:
        player.close()
