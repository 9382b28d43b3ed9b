"""Where the bundled seeds, fixtures and maps live (the project checkout, or the cwd)."""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


def bundled(name: str) -> Path:
    """`seeds`, `fixtures/adsb`: prefer the current directory, then the checkout.

    Relative when found here, so reports and maps name `fixtures/adsb/…`, not this machine's paths.
    """
    here = Path(name)
    return here if here.exists() else PROJECT_DIR / name
