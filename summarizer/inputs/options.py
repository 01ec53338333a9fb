"""`FetchOptions`: the limits of one fetch, importable without the HTTP stack (the CLI declares
its fetch options from these defaults)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from summarizer import __version__

if TYPE_CHECKING:
    from summarizer.inputs.netguard import NetPolicy

DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 5_000_000
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_DEADLINE = 60.0


USER_AGENT = f"summarizer/{__version__} (conflict-news digest tool; +https://pypi.org/project/summarizer/)"


@dataclass(frozen=True)
class FetchOptions:
    """Limits of one fetch. `timeout` applies to connecting and to each read; `deadline` to the whole."""

    timeout: float = DEFAULT_TIMEOUT
    deadline: float = DEFAULT_DEADLINE
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    allow_private_hosts: bool = False
    user_agent: str = USER_AGENT

    def policy(self) -> NetPolicy:
        from summarizer.inputs.netguard import NetPolicy

        return NetPolicy(allow_private_hosts=self.allow_private_hosts)
