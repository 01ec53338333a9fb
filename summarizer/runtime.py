"""Process-wide upkeep, once per process.

After the first article a process has loaded everything it keeps for its whole life: the
modules, the gazetteer index, the model client's classes (openai's types alone are some
100,000 objects). Python's full garbage collections walk all of them again and again: on
the model path, four collections of 25-120 ms in 40 seed articles, about 7 ms an article,
more than the model client itself. `settle` moves them out of the collector's reach
(`gc.freeze`) once, after the first digest; what is created later is collected as usual.
Set `SUMMARIZER_NO_GC_FREEZE=1` to leave the collector alone (an application that creates
reference cycles before its first digest and drops them later keeps them until exit).
"""

from __future__ import annotations

import gc
import os

_settled = False


def settle() -> None:
    """Freeze what the process holds after its first digest (once; see the module's docstring)."""
    global _settled
    if _settled:
        return
    _settled = True
    if os.environ.get("SUMMARIZER_NO_GC_FREEZE"):
        return
    gc.collect()  # garbage of the warm-up is freed, not frozen
    gc.freeze()
