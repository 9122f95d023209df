"""The HTTP API of the batch service: `uvicorn api.main:app` (or `wiredesk serve`).

It validates, stores and enqueues; it never imports torch or transformers.
"""
