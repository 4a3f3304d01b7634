#!/usr/bin/env python3
"""Issue 2: --shuffle plays every entry once per round, reshuffles each
round, and never starts a round with the item that ended the previous one."""
# ctest-timeout: 180
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
import vtmedia as m  # noqa: E402
import vtplayer  # noqa: E402

N = 5
ROUNDS = 4


def main():
    tmp = tempfile.mkdtemp(prefix="vt-shuffle-")
    media = os.path.join(tmp, "media")
    names = []
    for i in range(N):
        names.append("%d.mp4" % i)
        m.place(m.clip("shuffle-%d.mp4" % i, seconds=0.6, freq=300 + 100 * i), media, names[-1])
    m.settled(media)
    with vtplayer.Player(media, extra_args=["--shuffle"], tmp=os.path.join(tmp, "p")) as p:
        start = 0
        for _ in range(N * ROUNDS):
            ev = p.wait_event("end-file", timeout=20, start=start)
            start = p.events.index(ev) + 1
        code, _ = p.stop()
        assert code == 0
        log = p.log()
    # the log has every start from the very first (the event log may miss the first ones)
    played = [line.split(": ", 2)[2].split(" (")[0] for line in log.splitlines() if " core: playing " in line]
    assert len(played) >= N * ROUNDS, played
    rounds = [played[i * N:(i + 1) * N] for i in range(ROUNDS)]
    for r in rounds:
        assert sorted(r) == sorted(names), "a round is not a permutation: %s" % rounds
    orders = set()
    for i, r in enumerate(rounds):
        orders.add(tuple(r))
        if i > 0:
            assert r[0] != rounds[i - 1][-1], "round %d starts with the item that ended round %d: %s" % (i, i - 1,
                                                                                                           rounds)
    assert len(orders) > 1, "the order never changed across %d rounds: %s" % (len(rounds), rounds)
    print("ok: %d rounds, %d distinct orders: %s" % (len(rounds), len(orders), rounds))


if __name__ == "__main__":
    main()
