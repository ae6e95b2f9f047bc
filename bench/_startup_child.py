"""Child process for the start-up benchmark: `screenpop` as a user starts it (no arguments:
autostart, the menu; with no PBX configured it runs the built-in simulator), with hooks.

It runs the real tray app (screenpop.app.run) and prints `SHOWN <epoch seconds>` the moment
TrayController.show() returns (the icon), then ends the process at once (the icon is shown
before the event loop runs, so a posted quit would come too early).

With SCREENPOP_BENCH_UNTIL=wired it goes on and prints `WIRED <epoch seconds>` when the
controller has wired the menu's actions (AppController._wire, after the bridge exists): from
then on a click on the menu does something. It ends there.
Kept free of other bench imports so the figure is the app's own start-up.
"""

import os
import sys
import time

from screenpop.ui import tray

_show = tray.TrayController.show
_UNTIL_WIRED = os.environ.get("SCREENPOP_BENCH_UNTIL") == "wired"


def _timed_show(self: tray.TrayController) -> None:
    _show(self)
    print(f"SHOWN {time.time():.6f}", flush=True)
    if not _UNTIL_WIRED:
        os._exit(0)


tray.TrayController.show = _timed_show  # type: ignore[method-assign]

if __name__ == "__main__":
    from screenpop import app

    _main = app._main

    async def _timed_main(*args, **kwargs):  # type: ignore[no-untyped-def]
        # Imported here, as app._main does first: not before the icon.
        from screenpop.controller import AppController

        wire = AppController._wire

        def _timed_wire(self: AppController) -> None:
            wire(self)
            print(f"WIRED {time.time():.6f}", flush=True)
            os._exit(0)

        AppController._wire = _timed_wire  # type: ignore[method-assign]
        return await _main(*args, **kwargs)

    app._main = _timed_main  # type: ignore[assignment]
    sys.exit(app.run([]))
