"""wasm_bytes.py: the pieces of the binary format that the tests writing
modules byte by byte share (tests/embed/names.py, tests/wasi/build_dist.py,
tests/memories/pagesize.py)."""


def uleb(n):
    """An unsigned LEB128 number."""
    out = bytearray()
    while True:
        b = n & 0x7f
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def sleb(n):
    """A signed LEB128 number."""
    out = bytearray()
    while True:
        b = n & 0x7f
        n >>= 7
        if (n == 0 and not b & 0x40) or (n == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)


def section(sid, body):
    return bytes([sid]) + uleb(len(body)) + body


def vec(items):
    return uleb(len(items)) + b''.join(items)


HEADER = b'\x00asm\x01\x00\x00\x00'
