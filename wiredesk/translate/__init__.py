"""Translation: a `Translator` interface with a transformers (MarianMT) backend.

The data flow is the Hugging Face pipeline's: segment + mask glossary terms (`wiredesk.enforce`)
-> generate (a backend here) -> unmask + check (`wiredesk.enforce`, `wiredesk.checks`).
"""

from wiredesk.translate.base import Translator

__all__ = ["Translator"]
