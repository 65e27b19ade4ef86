"""The dashboard over the built warehouse (Streamlit): `make dashboard`, or
`python -m warehouse dashboard --db data/wealth.duckdb`. Every figure is read from a mart or a
report model, read-only; dashboard/README.md explains the design."""
