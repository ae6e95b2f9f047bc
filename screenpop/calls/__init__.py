"""Pure call model: channel names, destination classification, the per-call state machine."""
