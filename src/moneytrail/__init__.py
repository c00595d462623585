"""moneytrail: an open platform for financial intelligence units.

The package is one library with thin shells (CLI, HTTP API, web pages). Each capability lives in its
own subpackage: ``store`` (the one store), ``generate`` (the synthetic FIU world), ``ingest``
(transaction and report intake), and so on. See ``docs/architecture.md``.
"""

__version__ = "0.1.0"
