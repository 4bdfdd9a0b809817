"""Benchmarks for Alliance Assistant: ``python -m bench [--quick] [--sizes ...] [--json]``.

Everything runs in temporary folders with corpora generated at run time; the repository's
``.alliance/`` data dir is never touched. Results are Markdown tables on stdout (or one JSON
object with ``--json``); progress and logging go to stderr. Benchmarks measure, they never
assert: a failing section is reported in its table row and the other sections still run.
"""
