"""Ingestion in small steps: extract_text → clean → segment → extract → link (pure, see
pipeline.py), then jobs (storage, the worker) and review (curators' decisions)."""
