"""The GovWatch dashboard: FastAPI with server-side Jinja2 templates over the same collections."""
