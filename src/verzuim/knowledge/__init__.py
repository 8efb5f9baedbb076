"""The report's knowledge as typed, validated records.

Everything else reads the knowledge base through :func:`load`; nothing opens the data files.
"""

from verzuim.knowledge.load import KnowledgeBase, KnowledgeError, load

__all__ = ["KnowledgeBase", "KnowledgeError", "load"]
