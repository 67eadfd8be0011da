#!/usr/bin/env python3
"""How much of a build (or of one stage) ran on one thread only, and what that thread did.

Reads `perf script -F tid,time,ip,sym` output of a `perf record -g` run, cuts the time span
of the samples whose stacks match PATTERN into slices (20 ms by default), and reports the
share of slices in which at most one thread was sampled, with the PolicyGraph frames nearest
to the leaf of the samples taken in those slices (demangled with swift-demangle).

    perf record -F 999 -g -o p.data .build/release/policygraph build Benchmarks/corpora/100mb \\
        --out /tmp/p --full --quiet --threads 2
    perf script -i p.data -F tid,time,ip,sym > p.txt
    python3 Benchmarks/serial-slices.py p.txt 'ResolverV7resolve_7threads'   # the resolve stage
    python3 Benchmarks/serial-slices.py p.txt PolicyGraph                     # the whole build
"""
import argparse
import collections
import re
import subprocess


def samples(path):
    """(thread id, time, frames leaf first) per sample."""
    current = None
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if current:
                    yield current
                current = None
            elif not line[0].isspace():
                m = re.match(r"\s*(\d+)\s+([\d.]+):", line)
                current = (int(m.group(1)), float(m.group(2)), []) if m else None
            elif current is not None:
                parts = line.strip().split(" ", 1)
                if len(parts) == 2:
                    current[2].append(re.sub(r"\+0x[0-9a-f]+$", "", parts[1]))
    if current:
        yield current


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("script", help="output of perf script -F tid,time,ip,sym")
    parser.add_argument("pattern", help="regular expression a frame of the stage's samples matches")
    parser.add_argument("--slice", type=float, default=0.02, help="slice length in seconds")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()

    every = list(samples(args.script))
    times = [t for _, t, frames in every if any(re.search(args.pattern, f) for f in frames)]
    if not times:
        raise SystemExit(f"no sample matches {args.pattern!r}")
    low, high = min(times), max(times)
    inside = [s for s in every if low <= s[1] <= high]
    threads = collections.defaultdict(set)
    for tid, t, _ in inside:
        threads[int((t - low) / args.slice)].add(tid)
    count = int((high - low) / args.slice) + 1
    alone = {k for k in range(count) if len(threads.get(k, ())) <= 1}
    print(f"span {high - low:.2f} s, {count} slices of {args.slice * 1000:.0f} ms, "
          f"at most one thread sampled in {len(alone)} ({100 * len(alone) / count:.0f} %)")
    doing = collections.Counter()
    for tid, t, frames in inside:
        if int((t - low) / args.slice) in alone:
            ours = [f for f in frames if "PolicyGraph" in f and "ConcurrentMap" not in f]
            doing[ours[0] if ours else (frames[0] if frames else "?")] += 1
    top = doing.most_common(args.top)
    total = sum(doing.values()) or 1
    names = subprocess.run(["swift-demangle", "--simplified", "--compact"], input="\n".join(k for k, _ in top),
                           capture_output=True, text=True).stdout.split("\n")
    for (_, n), name in zip(top, names):
        print(f"{100 * n / total:5.1f} %  {name[:150]}")


if __name__ == "__main__":
    main()
