"""The product under load (gunicorn + PostgreSQL): `python -m benchmarks.load --help`."""
