"""Benchmark of the generator and the dbt build: `python -m bench` writes bench/results.md."""
