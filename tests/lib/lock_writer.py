# SPDX-License-Identifier: MIT
# lock_writer.py DIR DBF MODE OUT: a careful program writing DBF under an advisory lock (MODE
# lockf or flock) while a forkomp --in-place run rewrites it: it waits for the run's temporary
# file to appear, locks, and once locked checks that the path still names the file it holds
# (a rename may have replaced it while it waited: then it opens the new one and locks again);
# it then writes "ZZZZ" over record 0's ID and says on OUT whether the lock was granted at
# once while the rewrite was under way ("immediate 1": a lock forkomp should have held).
import fcntl
import os
import struct
import sys
import time

folder, path, mode, out = sys.argv[1:5]


def lock(f, blocking):
    flags = fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB)
    try:
        (fcntl.lockf if mode == "lockf" else fcntl.flock)(f, flags)
        return True
    except OSError:
        return False


deadline = time.time() + 60
while not any(".fk-tmp-" in n for n in os.listdir(folder)):
    if time.time() > deadline:
        open(out, "w").write("late\n")
        sys.exit(0)
    time.sleep(0.0005)
f = open(path, "r+b")
immediate = lock(f, False)
if not immediate:
    lock(f, True)
while os.fstat(f.fileno()).st_ino != os.stat(path).st_ino:
    f.close()
    f = open(path, "r+b")
    lock(f, True)
head = f.read(32)
hlen, = struct.unpack("<H", head[8:10])
f.seek(hlen + 1)  # record 0, after its deletion flag: ID is the first field
f.write(b"ZZZZ")
f.flush()
os.fsync(f.fileno())
f.close()
open(out, "w").write("immediate %d\n" % immediate)
