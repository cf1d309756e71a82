"""avoplan's own caches under .avoplan-cache: per-file entries and the rules'
findings, the warm manifest, rendered documents, federation copies and similarity indexes."""
