"""One router per resource: batches, glossaries, health."""
