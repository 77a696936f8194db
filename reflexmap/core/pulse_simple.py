"""PulseAudio's "simple" API (libpulse-simple) through ctypes: the cue player writes to it,
the microphone reads from it. One loader, made once per process. The library is opened by
its soname with dlopen (as system_libs does: `ctypes.util.find_library` runs `ldconfig -p`
and ignores LD_LIBRARY_PATH)."""

from __future__ import annotations

import ctypes
from functools import cache

PA_SAMPLE_S16LE = 3
PA_STREAM_PLAYBACK = 1
PA_STREAM_RECORD = 2


class SampleSpec(ctypes.Structure):
    _fields_ = [("format", ctypes.c_int), ("rate", ctypes.c_uint32), ("channels", ctypes.c_uint8)]


class BufferAttr(ctypes.Structure):
    _fields_ = [
        ("maxlength", ctypes.c_uint32),
        ("tlength", ctypes.c_uint32),
        ("prebuf", ctypes.c_uint32),
        ("minreq", ctypes.c_uint32),
        ("fragsize", ctypes.c_uint32),
    ]


@cache
def library() -> ctypes.CDLL:
    """libpulse-simple with the signatures of what the app calls (OSError if it is not
    there: the callers say so and go on without sound)."""
    lib = ctypes.CDLL("libpulse-simple.so.0")
    lib.pa_simple_new.restype = ctypes.c_void_p
    lib.pa_simple_new.argtypes = [
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.POINTER(SampleSpec),
        ctypes.c_void_p,
        ctypes.POINTER(BufferAttr),  # None: the server's defaults
        ctypes.POINTER(ctypes.c_int),
    ]
    for fn in ("pa_simple_read", "pa_simple_write"):
        getattr(lib, fn).argtypes = [
            ctypes.c_void_p,
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.POINTER(ctypes.c_int),
        ]
    for fn in ("pa_simple_drain", "pa_simple_flush"):
        getattr(lib, fn).argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
    lib.pa_simple_free.argtypes = [ctypes.c_void_p]
    lib.pa_strerror.restype = ctypes.c_char_p
    lib.pa_strerror.argtypes = [ctypes.c_int]
    return lib
