"""pydantic models of every portfolio file kind. No I/O here."""
