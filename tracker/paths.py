"""Where the bundled seeds, fixtures and maps live (the project checkout, or the cwd)."""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


def bundled(name: str) -> Path:
    """`seeds`, `fixtures/adsb`, `maps`: prefer the current directory, then the checkout."""
    here = Path.cwd() / name
    return here if here.exists() else PROJECT_DIR / name
