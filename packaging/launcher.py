"""Entry point of the PyInstaller build: the same `screenpop` command as the pip install."""

import sys

from screenpop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
