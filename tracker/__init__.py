"""tracker: corroborate news claims about flights against recorded ADS-B tracks.

Stages (each usable alone from Python):
  tracker.articles / tracker.claims   articles → Claim records
  tracker.adsb / tracker.flights      ADS-B files → canonical track table → Flight, GroundStay
  tracker.corroborate                 claims × flights → Verdict records
  tracker.report / tracker.mapping    verdicts → terminal, Markdown, JSON, CSV, Folium maps
"""
__version__ = "0.1.0"
