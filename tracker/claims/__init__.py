"""Stage 1 — articles (txt, html, URL) → `Claim` records.

`articles` reads and cleans pages, `extractor` finds claims sentence by sentence, with
`timeexpr` (times), `places` (gazetteer), `identity` (callsigns, registrations, types),
`morph` (lemmas) and per-language data in `lang/`.
"""
