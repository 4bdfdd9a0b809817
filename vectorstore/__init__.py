"""The index: the embedding model (``embeddings``), the Chroma collection (``store``,
``clients``, ``remote``, ``compaction``), the keyword index (``bm25``, ``tokenize``) and the
hybrid retriever (``retriever``) that returns ``types.Hit``.

May import: third-party libraries only. Never ``ingest`` or ``app``.
"""
