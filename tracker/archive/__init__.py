"""Archive scale: which rows a question needs (`selection`), and where they come from —
globe_history tars read in place (`tracker.adsb.globe`), a local Parquet archive queried
through DuckDB (`store`), or the same selection as an Ibis expression on DuckDB, Spark or
Trino (`engines`)."""
