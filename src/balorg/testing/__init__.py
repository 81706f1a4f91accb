"""Test support for host applications.

:mod:`balorg.testing.strategies` holds public Hypothesis strategies. It imports
Hypothesis, so it is not imported here: a host that needs only the other test
support (contract test cases for adapters) does not need Hypothesis installed.
"""

__all__: list[str] = []
