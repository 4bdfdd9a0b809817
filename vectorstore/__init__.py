"""The index: the embedding model (``embeddings``; its files' facts in ``model_files``, the
fast backends in ``onnx_export`` and ``fast_encoder``), the Chroma collection (``store``,
``clients``, ``remote``, ``compaction``, ``chroma_files``), the keyword index (``bm25``,
``keyword_state``, ``tokenize``) and the hybrid retriever (``retriever``) that returns
``types.Hit``.

May import: third-party libraries only. Never ``ingest`` or ``app``.
"""
