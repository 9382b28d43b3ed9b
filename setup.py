"""Build hook: the default job's inputs ride along in the wheel as package data.

`seeds/` and `fixtures/adsb/` stay where the tests, the README and the committed maps name
them (their one copy, in the checkout); building copies them into `tracker/data/demo/`, where
`tracker.paths.bundled` finds them when the package is installed without a checkout.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DEMO = {"seeds": "seeds", "fixtures/adsb": "adsb"}  # checkout folder → name under tracker/data/demo/


class BuildWithDemo(build_py):
    def run(self):
        super().run()
        here = Path(__file__).resolve().parent
        for source, name in DEMO.items():
            target = Path(self.build_lib) / "tracker" / "data" / "demo" / name
            shutil.copytree(here / source, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithDemo})
