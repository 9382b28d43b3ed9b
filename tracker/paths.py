"""Where bundled data lives: reference data in the package, and the default job's inputs.

Everything is found through `importlib.resources`, never through the working directory, so
an installed package (wheel, no checkout) reads the same data from any folder.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

PACKAGE_DIR = Path(str(resources.files("tracker")))
PROJECT_DIR = PACKAGE_DIR.parent  # the checkout, when running from one

#: The default main job's inputs: the checkout's folder → its copy in the wheel (setup.py).
DEMO = {"seeds": "seeds", "fixtures/adsb": "adsb"}


def data(name: str) -> Path:
    """A reference-data file shipped in `tracker/data/` (places, types, airports, aircraft)."""
    return Path(str(resources.files("tracker") / "data" / name))


def asset(*parts: str) -> Path:
    """A vendored web asset in `tracker/assets/` (Leaflet, topojson-client, the basemap)."""
    return Path(str(resources.files("tracker").joinpath("assets", *parts)))


def bundled(name: str) -> Path:
    """`seeds` or `fixtures/adsb`, the default job's inputs, whatever the working directory.

    In a checkout (source or editable install) they are its own folders, named relative to
    the working directory when inside it, so reports and committed maps name
    `fixtures/adsb/…`, not this machine's paths. Installed from a wheel, they are the copies
    the build put in `tracker/data/demo/`. A folder of the same name in the working
    directory is never taken for them.
    """
    checkout = PROJECT_DIR / name
    if checkout.is_dir() and (PROJECT_DIR / "pyproject.toml").is_file():
        try:
            return checkout.relative_to(Path.cwd().resolve())
        except ValueError:
            return checkout
    return data(f"demo/{DEMO[name]}")
