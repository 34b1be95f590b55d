"""Writes a git fast-import stream: main with 100,000 files, `big` changing 10,000 of them, `small` changing one."""
import sys

out = sys.stdout.buffer
mark = 0


def blob(text):
    global mark
    mark += 1
    data = text.encode()
    out.write(b"blob\nmark :%d\ndata %d\n%s\n" % (mark, len(data), data))
    return mark


def commit(branch, message, parent, changes):
    data = message.encode()
    out.write(b"commit refs/heads/%s\n" % branch.encode())
    out.write(b"author Bench <bench@example.invalid> 1700000000 +0000\n")
    out.write(b"committer Bench <bench@example.invalid> 1700000000 +0000\n")
    out.write(b"data %d\n%s\n" % (len(data), data))
    if parent:
        out.write(b"from %s\n" % parent.encode())
    for path, blob_mark in changes:
        out.write(b"M 100644 :%d %s\n" % (blob_mark, path.encode()))
    out.write(b"\n")


def path(d, s, f):
    return f"src/d{d:03}/s{s:02}/f{f:03}.txt"


files = [(path(d, s, f), blob(f"file {d} {s} {f}\n")) for d in range(100) for s in range(10) for f in range(100)]
commit("main", "100k files", None, files)
big = [(path(d, s, f), blob(f"changed {d} {s} {f}\n")) for d in range(10) for s in range(10) for f in range(100)]
commit("big", "change 10k files", "refs/heads/main", big)
commit("small", "change one file", "refs/heads/main", [(path(50, 5, 50), blob("changed one\n"))])
