"""Qt widgets. They emit intents as signals and never do network I/O."""
