"""Alembic migrations of the job store, shipped inside the package (`wiredesk db upgrade`)."""
