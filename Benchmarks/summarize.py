#!/usr/bin/env python3
"""Turns one or more Benchmarks/results/*.json files (later files override earlier ones per
section and size) into the Markdown tables BENCHMARKS.md quotes.

    python3 Benchmarks/summarize.py Benchmarks/results/A.json [B.json ...]
"""
import json
import sys


def merged(paths):
    result = {"build": {}, "threads": {}, "stages": {}, "compare": {}, "corpora": {}}
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        result["machine"] = data["machine"]
        result["runs"] = data["runs"]
        for section in ("build", "threads", "stages", "compare", "corpora"):
            result[section].update(data.get(section, {}))
    return result


def mib(kib):
    return f"{kib / 1024:.0f} MiB"


def main():
    r = merged(sys.argv[1:])
    m = r["machine"]
    print(f"Machine: {m['nproc']} cores ({m['cpu']}), {m['ram_gib']} GiB RAM, Linux {m['kernel']}, "
          f"{m['swift']}, commit {m['commit']}. Medians of {r['runs']} runs.\n")
    print("| corpus | files | MB | build --full (s) | MB/s | s per MB | peak RSS | nodes | edges | graph.jsonld | graph.graphml |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for size, b in sorted(r["build"].items(), key=lambda kv: int(kv[0])):
        c = r["corpora"][size]
        out = b["output_bytes"]
        print(f"| {size} MB | {c['files']} | {c['bytes'] / 1e6:.1f} | {b['median_seconds']:.2f} | {b['mb_per_second']:.1f} | "
              f"{b['seconds_per_mb'] * 1000:.1f} ms | {mib(b['max_rss_kib'])} | {b['nodes']} | {b['edges']} | "
              f"{out.get('graph.jsonld', 0) / 1e6:.1f} MB | {out.get('graph.graphml', 0) / 1e6:.1f} MB |")
    print()
    for size, t in r["threads"].items():
        if size == "speedup_2_over_1":
            continue
        both = r["build"].get(size)
        line = f"Threads on {size} MB: 1 thread {t['median_seconds']:.2f} s ({t['mb_per_second']:.1f} MB/s)"
        if both:
            line += f", 2 threads {both['median_seconds']:.2f} s; speed-up {t['median_seconds'] / both['median_seconds']:.2f}×"
        print(line + "\n")
    print("| corpus | stage | thread-seconds | MB/s (one core) |")
    print("|---|---|---|---|")
    for size, s in sorted(r["stages"].items(), key=lambda kv: int(kv[0])):
        for st in s["stages"]:
            rate = f"{st['mb_per_second']:.1f}" if st["mb_per_second"] else "–"
            print(f"| {size} MB | {st['name']} | {st['median_seconds']:.3f} | {rate} |")
    print()
    cmp = r["compare"]
    if "grep" in cmp:
        g = cmp["grep"]
        size = next((k for k in r["build"] if g["command"].endswith(f"/{k}mb")), None)
        b = r["build"].get(size)
        print(f"grep floor: {g['median_seconds']:.3f} s ({g['command']})")
        if b:
            print(f"PolicyGraph / grep: {b['median_seconds'] / g['median_seconds']:.1f}×")
        if "jieba" in cmp:
            j = cmp["jieba"]
            print(f"jieba posseg: {j['posseg_seconds']:.1f} s over {j['files']} files, {j['bytes'] / 1e6:.1f} MB "
                  f"({j['bytes'] / 1e6 / j['posseg_seconds']:.2f} MB/s; decode {j['decode_seconds']:.1f} s, "
                  f"dictionary load {j['init_seconds']:.1f} s apart)")
            if b:
                pg_rate = b["mb_per_second"]
                jieba_rate = j["bytes"] / 1e6 / j["posseg_seconds"]
                print(f"jieba / PolicyGraph (time per MB): {pg_rate / jieba_rate:.2f}×")


if __name__ == "__main__":
    main()
