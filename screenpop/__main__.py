"""`screenpop` / `python -m screenpop`: the tray app, or a command-line command."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ("monitor", "dial", "transfer", "colleagues"):
        from screenpop.cli import run

        return run(args)
    if args and args[0] == "desktop-entry":
        from screenpop.desktop.desktop_entry import run as run_desktop_entry

        return run_desktop_entry(args[1:])
    # Imported late so the command line works without loading Qt.
    from screenpop.app import run as run_app

    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())
