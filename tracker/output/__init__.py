"""What a person reads: terminal/Markdown/JSON/CSV reports (`report`), offline HTML maps
(`maps`: grouping and drawing; `page`: escaping, elements, the render guard; `tracks`: the
geometry drawn) and GeoJSON/KML exports that need no folium (`export`)."""
