"""Stand-ins for the pack check's child process (`pack_process.load_in_child(child=...)`):
module-level, so that a spawned child can import them."""

from __future__ import annotations

import time
from typing import Any


def hold_memory(folder: str, conn: Any, limit: int) -> None:
    """Takes 300 MB, then works on for a minute without answering: as the errbomb did."""
    from reflexmap.core.pack_process import _cap_memory

    _cap_memory(limit)
    ballast = bytearray(300 * 1024**2)
    for i in range(0, len(ballast), 4096):  # touched: really resident
        ballast[i] = 1
    time.sleep(60)
    conn.send(("error", "not cancelled"))


def want_too_much(folder: str, conn: Any, limit: int) -> None:
    """Asks for 2 GB under the cap: MemoryError, told as such."""
    from reflexmap.core.pack_process import _child

    def grab(*args: Any, **kwargs: Any) -> Any:
        return bytearray(2 * 1024**3)

    import reflexmap.core.content as content

    content.load_with_pack = grab
    _child(folder, conn, limit)
