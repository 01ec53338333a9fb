"""Process-wide upkeep, once per process.

After the first article a process has loaded everything it keeps for its whole life: the
modules, the gazetteer index, the model client's classes (openai's types alone are some
100,000 objects). Python's full garbage collections walk all of them again and again: on
the model path, four collections of 25-120 ms in 40 seed articles, about 7 ms an article,
more than the model client itself. `settle` moves them out of the collector's reach
(`gc.freeze`) once, after the first digest; what is created later is collected as usual.

It also raises the youngest generation's threshold from Python's 700 new objects (2000
from Python 3.13) to `YOUNG_THRESHOLD`: a digest creates tens of thousands of short-lived
objects, almost all freed by reference counting, and at 700 the collector ran about once
an article in gen0 and every tenth in gen1, walking objects that were about to go anyway
(0.5 ms of CPU an article in a one-process batch; 0.2-0.3 ms at 10,000). Only Python's
default is raised: an application that set its own threshold keeps it.

Set `SUMMARIZER_NO_GC_FREEZE=1` to leave the collector alone, both (an application that
creates reference cycles before its first digest and drops them later keeps them until exit).
"""

from __future__ import annotations

import gc
import os
import sys

_settled = False
#: The youngest generation's collection threshold once settled (see the module's docstring).
YOUNG_THRESHOLD = 10_000
#: Python's own, the only threshold `settle` changes (700 until 3.12, 2000 from 3.13).
_PYTHON_DEFAULT = 700 if sys.version_info < (3, 13) else 2000


def settle() -> None:
    """Freeze what the process holds after its first digest and raise the young threshold
    (once; see the module's docstring)."""
    global _settled
    if _settled:
        return
    _settled = True
    if os.environ.get("SUMMARIZER_NO_GC_FREEZE"):
        return
    gc.collect()  # garbage of the warm-up is freed, not frozen
    gc.freeze()
    young, *older = gc.get_threshold()
    if young == _PYTHON_DEFAULT:
        gc.set_threshold(YOUNG_THRESHOLD, *older)
