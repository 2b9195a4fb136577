"""Full-text search over cases: SQLite FTS5 or PostgreSQL tsvector, one interface.

`index` keeps the denormalised search columns current; `query` filters, ranks and highlights.
"""
