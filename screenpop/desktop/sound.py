"""The ring sound: a WAV file played on its own audio thread, so the UI never waits for it.

Playback is miniaudio (pyminiaudio): one self-contained wheel per system (about 0.6 MB; WASAPI on
Windows, Core Audio on macOS, PulseAudio/ALSA on Linux) instead of QtMultimedia, which is only in
the large PySide6-Addons. The WAV is read with the standard library's `wave` module; a missing or
damaged file, or no audio device, means silence and one log line, never an error in the user's
face.
"""

from __future__ import annotations

import array
import logging
import sys
import threading
import time
import wave
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger(__name__)

MAX_SECONDS = 10  # a ring longer than this is not a ring: refuse rather than hold it in memory
# After an audio device failure (headset unplugged, no sound server yet at login), try again on a
# later ring, but not more often than this: opening a missing device can take a while.
RETRY_SECONDS = 60.0


class SoundError(Exception):
    """The sound file cannot be played (one line, for the log)."""


@dataclass(frozen=True)
class Pcm:
    """Signed 16-bit little-endian interleaved samples."""

    samples: bytes
    channels: int
    rate: int

    @property
    def frames(self) -> int:
        return len(self.samples) // (2 * self.channels)


def load_wav(path: Path) -> Pcm:
    """Read a 16-bit PCM WAV (mono or stereo), or raise SoundError saying what is wrong."""
    try:
        with wave.open(str(path), "rb") as w:
            channels, width, rate, n = (
                w.getnchannels(),
                w.getsampwidth(),
                w.getframerate(),
                w.getnframes(),
            )
            if width != 2 or channels not in (1, 2) or not 8000 <= rate <= 96000:
                raise SoundError(
                    f"{path.name}: need 16-bit mono or stereo PCM at 8-96 kHz, got "
                    f"{8 * width}-bit, {channels} channels, {rate} Hz"
                )
            if n > MAX_SECONDS * rate:
                raise SoundError(f"{path.name}: longer than {MAX_SECONDS} s")
            data = w.readframes(n)
    except FileNotFoundError as exc:
        raise SoundError(f"{path}: not found") from exc
    except (OSError, EOFError, wave.Error, RuntimeError, ValueError) as exc:
        # wave raises RuntimeError and ValueError, not only wave.Error, on damaged chunks
        raise SoundError(f"{path.name}: not a readable WAV file ({exc})") from exc
    if len(data) < 2 * channels or len(data) != n * 2 * channels:
        raise SoundError(f"{path.name}: truncated")
    if sys.byteorder == "big":  # WAV is little-endian; miniaudio wants native samples
        swapped = array.array("h", data)
        swapped.byteswap()
        data = swapped.tobytes()
    return Pcm(data, channels, rate)


class Backend(Protocol):
    def play(self, pcm: Pcm) -> None: ...

    def close(self) -> None: ...


class MiniaudioBackend:
    """Plays through miniaudio's own device thread. `backends` picks the audio system (the tests
    use miniaudio's null device, which consumes samples in real time without a sound card)."""

    def __init__(self, backends: Sequence[Any] | None = None) -> None:
        self._backends = list(backends) if backends is not None else None
        self._device: Any = None
        self._format: tuple[int, int] | None = None
        self._lock = threading.Lock()
        self._pending: Pcm | None = None
        self.frames_played = 0  # frames handed to the device (tests and diagnostics)

    def play(self, pcm: Pcm) -> None:
        import miniaudio

        with self._lock:
            self._pending = pcm
        if self._device is None or self._format != (pcm.channels, pcm.rate):
            self.close()
            self._device = miniaudio.PlaybackDevice(
                output_format=miniaudio.SampleFormat.SIGNED16,
                nchannels=pcm.channels,
                sample_rate=pcm.rate,
                buffersize_msec=100,
                backends=self._backends,
                app_name="screenpop",
            )
            self._format = (pcm.channels, pcm.rate)
            gen = self._frames(pcm.channels)
            next(gen)
            self._device.start(gen)

    def _frames(self, channels: int) -> Generator[bytes, int, None]:
        """Runs on miniaudio's thread: the current sound, then silence (a new play() restarts)."""
        current = b""
        pos = 0
        want = yield b""
        while True:
            with self._lock:
                if self._pending is not None:
                    current, pos, self._pending = self._pending.samples, 0, None
            size = want * 2 * channels
            chunk = current[pos : pos + size]
            pos += len(chunk)
            self.frames_played += len(chunk) // (2 * channels)
            want = yield chunk + b"\x00" * (size - len(chunk))

    def close(self) -> None:
        if self._device is not None:
            try:
                self._device.close()
            finally:
                self._device = None
                self._format = None


class RingPlayer:
    """Plays one sound file on request. Never raises.

    A bad sound file is logged once and stays silent (it will not mend itself). A missing audio
    device is logged once; a later ring tries again, at most once every RETRY_SECONDS, so the
    sound comes back when a device appears without restarting the app.
    """

    def __init__(
        self,
        path: Path,
        backend: Backend | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.path = path
        self._backend = backend
        self._clock = clock
        self._pcm: Pcm | None = None
        self._broken = False
        self._retry_at: float | None = None  # set while the audio device is failing

    def play(self) -> bool:
        """Start the sound (returns at once). False when it cannot be played (already logged)."""
        if self._broken:
            return False
        if self._retry_at is not None and self._clock() < self._retry_at:
            return False
        try:
            if self._pcm is None:
                self._pcm = load_wav(self.path)
        except SoundError as exc:
            log.warning("ring sound off: %s", exc)
            self._broken = True
            return False
        try:
            if self._backend is None:
                self._backend = MiniaudioBackend()
            self._backend.play(self._pcm)
        except Exception as exc:  # no audio device, no sound server, driver trouble
            if self._retry_at is None:
                log.warning(
                    "ring sound off: no audio output (%s); trying again on a later ring", exc
                )
            else:
                log.debug("ring sound still off: %s", exc)
            self._retry_at = self._clock() + RETRY_SECONDS
            return False
        if self._retry_at is not None:
            log.info("ring sound back: the audio output works again")
            self._retry_at = None
        return True

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()
