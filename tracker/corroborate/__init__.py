"""Stage 3 — claims × flights and stays → `Verdict` records with per-field `Check`s."""
