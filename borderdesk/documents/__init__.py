"""Reading and writing the documents of a crossing: declarations, manifests, reference data."""
