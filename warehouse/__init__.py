"""The safe way to build and swap in the DuckDB warehouse (`make build`), and its status."""
