"""tracker: corroborate news claims about flights against recorded ADS-B tracks.

Stages (folders; each usable alone from Python):
  tracker.claims        articles → Claim records
  tracker.adsb          ADS-B files → canonical track table (+ aircraft database)
  tracker.flights       track table → Flight, GroundStay
  tracker.corroborate   claims × flights → Verdict records
  tracker.output        verdicts → terminal, Markdown, JSON, CSV, Folium maps, GeoJSON/KML
"""
__version__ = "0.1.0"
