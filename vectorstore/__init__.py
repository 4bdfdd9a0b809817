"""Vector store adapters: the embedding model and the Chroma collection."""
