"""Benchmarks: synthetic programmes at three sizes on PostgreSQL, pages timed through gunicorn.
See bench/README.md and docs/performance.md."""
