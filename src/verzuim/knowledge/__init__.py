"""The report's knowledge as typed, validated records.

Everything else reads the knowledge base through :func:`load`; nothing opens the data files.
The names load on first use (PEP 562), so the CLI's ``--help`` does not load pydantic and
the data files.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from verzuim.knowledge.load import KnowledgeBase, KnowledgeError, load

__all__ = ["KnowledgeBase", "KnowledgeError", "load"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'verzuim.knowledge' has no attribute {name!r}")
    return getattr(importlib.import_module("verzuim.knowledge.load"), name)


class _Package(types.ModuleType):
    """``verzuim.knowledge.load`` is the function, as it always was, never the submodule.

    Importing the submodule makes Python bind it as the package's ``load`` attribute; this
    keeps the function there instead (the submodule stays in ``sys.modules``)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "load" and isinstance(value, types.ModuleType):
            value = value.load
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
