"""Child process for the start-up benchmark: `python -m screenpop --demo` with one hook.

It runs the real tray app (screenpop.app.run) and prints `SHOWN <epoch seconds>` the moment
TrayController.show() returns, then ends the process at once (the icon is shown before the
event loop runs, so a posted quit would come too early; what follows the icon is not measured).
Kept free of other bench imports so the figure is the app's own start-up.
"""

import os
import sys
import time

from screenpop.ui import tray

_show = tray.TrayController.show


def _timed_show(self: tray.TrayController) -> None:
    _show(self)
    print(f"SHOWN {time.time():.6f}", flush=True)
    os._exit(0)


tray.TrayController.show = _timed_show  # type: ignore[method-assign]

if __name__ == "__main__":
    from screenpop.app import run

    sys.exit(run(["--demo"]))
