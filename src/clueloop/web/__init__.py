"""The web application for prosecutors: FastAPI + Jinja2 + htmx, Simplified Chinese, no CDN.

Routes are thin: they call the same service functions as the CLI (``clueloop.workflow``,
``clueloop.ingest``, ``clueloop.engine``) and render templates or JSON.
"""
