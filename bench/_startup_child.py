"""Child process for the start-up benchmark: `python -m screenpop --demo` with one hook.

It runs the real tray app (screenpop.app.run) and prints `SHOWN <epoch seconds>` the moment
TrayController.show() returns, then quits the app. Kept free of other bench imports so the
figure is the app's own start-up.
"""

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from screenpop.ui import tray

_show = tray.TrayController.show


def _timed_show(self: tray.TrayController) -> None:
    _show(self)
    print(f"SHOWN {time.time():.6f}", flush=True)
    QTimer.singleShot(0, QApplication.quit)


tray.TrayController.show = _timed_show  # type: ignore[method-assign]

if __name__ == "__main__":
    from screenpop.app import run

    sys.exit(run(["--demo"]))
