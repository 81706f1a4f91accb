"""Names of a package imported on first use (PEP 562), so that importing one module of a
layer does not import every other (start-up time of the command line)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(
    namespace: dict[str, Any], where: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The module ``__getattr__`` and ``__dir__`` of the package whose globals are
    ``namespace``: a name of ``where`` is imported from its module on first use."""

    def __getattr__(name: str) -> Any:  # noqa: N807 - PEP 562 module hook
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:  # noqa: N807 - PEP 562 module hook
        return sorted([*namespace, *where])

    return __getattr__, __dir__
