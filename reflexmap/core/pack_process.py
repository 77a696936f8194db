"""A content pack validated in a child process: Cancel ends it, its memory is capped.

Validating a hostile pack in the window's own process held the GIL (pydantic-core
validating millions of items), so the window stopped answering although the work was on
a thread, and Cancel could only ask the loader to stop between files: the "errbomb" kept
the app blocked 25 s and 4.3 GB. Here the validation runs in a fresh process (spawned:
no fork of a Qt process), under an address-space limit on Linux (MEMORY_CAP), and
Cancel kills it: control is back at once and every byte it held is returned to the
system. The child answers with the records as JSON (decoded and checked here exactly as
a snapshot is: `record_json.decode` and `record_check`) or with the problems.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reflexmap.core import record_check, record_json, records
from reflexmap.core.atlas import Atlas
from reflexmap.core.pack_reader import LoadCancelled
from reflexmap.core.problems import ContentError, Problem

MEMORY_CAP = 1536 * 1024**2  # the child's address space (the bundle validates within 400 MB)
POLL_S = 0.05  # how often Cancel is looked at while the child works


def _cap_memory(limit: int) -> None:
    if sys.platform.startswith("linux"):
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _child(folder: str, conn: Any, limit: int) -> None:
    """In the child: validate (or take the snapshot), answer once, exit."""
    try:
        _cap_memory(limit)
        from reflexmap.core.content import load_with_pack

        atlas = load_with_pack(Path(folder))
        payload = json.dumps(record_json.encode(atlas.content), separators=(",", ":"))
        conn.send(("ok", payload))
    except ContentError as exc:
        conn.send(("problems", [(p.file, p.location, p.message) for p in exc.problems]))
    except MemoryError:
        conn.send(("memory", ""))
    except BaseException as exc:  # noqa: BLE001 - told to the parent, which raises it
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _out_of_memory(folder: Path, limit: int) -> ContentError:
    return ContentError(
        [
            Problem(
                str(folder),
                "pack",
                f"checking the pack needed more than {limit // 1024**2} MB of memory "
                "(or was stopped from outside); nothing was loaded",
            )
        ]
    )


def load_in_child(
    folder: Path,
    *,
    cancelled: Callable[[], bool],
    memory_cap: int | None = None,
    child: Callable[[str, Any, int], None] = _child,
) -> Atlas:
    """The pack at `folder` validated in a child process (as `content.load_with_pack`:
    from its snapshot when one matches, else in full, writing one). `cancelled()` True
    kills the child: LoadCancelled. ContentError for its problems, or when it ran out of
    its memory or died; RuntimeError for a bug in the child. `child` is what the child
    runs (a module-level function, as `_child`: tests give a stand-in). A pack whose
    snapshot matches is read here, as the window's start reads one (bounded, no
    validation): no child is spawned only to decode it and send it back."""
    from reflexmap.core.content import snapshot_of

    found = snapshot_of(folder)
    if found is not None:
        return found
    limit = MEMORY_CAP if memory_cap is None else memory_cap
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(
        target=child,
        args=(str(folder), send, limit),
        name=f"reflexmap-pack-check:{folder.name}",
        daemon=True,
    )
    process.start()
    send.close()  # the child's end: when it exits, recv sees EOF
    try:
        while not receive.poll(POLL_S):
            if cancelled():
                raise LoadCancelled(
                    [Problem(str(folder), "pack", "opening the pack was cancelled")]
                )
            if not process.is_alive() and not receive.poll(0):
                raise _out_of_memory(folder, limit)  # killed: by the kernel, or out of memory
        try:
            kind, data = receive.recv()
        except (EOFError, OSError):
            raise _out_of_memory(folder, limit) from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(2)
        receive.close()
    if kind == "ok":
        content = record_json.decode(records.Content, json.loads(data))
        record_check.check(content)
        return Atlas(content)
    if kind == "problems":
        raise ContentError([Problem(*p) for p in data])
    if kind == "memory":
        raise _out_of_memory(folder, limit)
    raise RuntimeError(f"checking the pack {folder} failed: {data}")
