"""Give freed memory back to the system after start-up and after popups close.

The app is resident all day, so its resident size is what the desk pays. Two things keep memory
that nobody uses any more:

* PySide6's import hook reads the source of every module imported after it, to see whether the
  module uses PySide6's `__feature__` switches; `linecache` keeps all of that text (about 5 MB).
  It is only a cache (tracebacks read the files again when they need them).
* glibc's malloc keeps freed heap memory for reuse instead of returning it; `malloc_trim(0)`
  returns the free pages. Other C libraries (musl) and systems (Windows, macOS, whose
  allocators return memory on their own) have no such call: there this does nothing more.

Stdlib only, no Qt.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import linecache
import logging
import sys
from collections.abc import Callable

log = logging.getLogger(__name__)

_trim: Callable[[int], int] | None = None
_looked_up = False


def _malloc_trim() -> Callable[[int], int] | None:
    global _trim, _looked_up
    if not _looked_up:
        _looked_up = True
        if sys.platform.startswith("linux"):
            try:
                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
                trim = libc.malloc_trim  # glibc only: AttributeError elsewhere (musl)
                trim.argtypes = [ctypes.c_size_t]
                trim.restype = ctypes.c_int
                _trim = trim
            except (OSError, AttributeError) as exc:
                log.debug("malloc_trim not available: %s", exc)
    return _trim


def release_free_memory(*, collect: bool = True) -> bool:
    """Drop the source-line cache, collect garbage (unless `collect` is false) and return free
    heap pages to the system where the C library can. True if the heap was trimmed."""
    linecache.clearcache()
    if collect:
        gc.collect()
    trim = _malloc_trim()
    if trim is None:
        return False
    try:
        trim(0)
    except Exception as exc:  # a failed trim costs only memory, never the app
        log.debug("malloc_trim failed: %s", exc)
        return False
    return True
