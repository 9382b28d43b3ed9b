"""Kept for imports written before the split: the stage is `tracker.corroborate`
(`match` finds the flight or stay, `checks` compares each field)."""
from tracker.corroborate import *  # noqa: F401,F403
from tracker.corroborate import __all__  # noqa: F401
