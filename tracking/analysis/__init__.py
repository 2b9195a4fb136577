"""The analysis pages: aggregated data (data.py), server-side SVG charts (svg.py), the world
map (worldmap.py), Council membership against citations (council.py) and the cautions next to
every trend (caution.py)."""
