"""Child process for the start-up benchmark: `python -m screenpop --demo` with two hooks.

It runs the real tray app (screenpop.app.run) and prints `SHOWN <epoch seconds>` the moment
TrayController.show() returns (the icon), then `MENU <epoch seconds>` when the menu has its
texts in the user's language (TrayController.retranslate() after the icon), and ends the
process at once (what follows is not measured; the menu's actions are wired later by the
controller, as before). An app without that second step ends at the icon.
Kept free of other bench imports so the figure is the app's own start-up.
"""

import os
import sys
import time

from screenpop.ui import tray

_show = tray.TrayController.show
_retranslate = getattr(tray.TrayController, "retranslate", None)
_shown = False


def _timed_show(self: tray.TrayController) -> None:
    global _shown
    _show(self)
    print(f"SHOWN {time.time():.6f}", flush=True)
    _shown = True
    if _retranslate is None:
        os._exit(0)


def _timed_retranslate(self: tray.TrayController) -> None:
    _retranslate(self)  # type: ignore[misc]
    if _shown:  # the constructor's own call comes before the icon
        print(f"MENU {time.time():.6f}", flush=True)
        os._exit(0)


tray.TrayController.show = _timed_show  # type: ignore[method-assign]
if _retranslate is not None:
    tray.TrayController.retranslate = _timed_retranslate  # type: ignore[method-assign]

if __name__ == "__main__":
    from screenpop.app import run

    sys.exit(run(["--demo"]))
