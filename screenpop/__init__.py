"""screenpop: screen-pop, one-click transfer and click-to-dial for Yeastar MyPBX and Asterisk."""

__version__ = "0.1.0"
