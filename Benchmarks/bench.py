#!/usr/bin/env python3
"""PolicyGraph's benchmark driver (run it through Benchmarks/run.sh, which builds the release
binary first). Every figure it prints is measured here, on this machine:

  * generates the deterministic corpora (10 MB, 100 MB, 1 GB by default) with
    `policygraph bench-corpus` unless they already exist;
  * end-to-end `policygraph build --full` on each corpus, RUNS times, under /usr/bin/time -v
    (wall time, peak RSS, output sizes), with all cores and with `--threads 1`;
  * per-stage timings with `policygraph bench-stages --threads 1`;
  * the side-by-side on the 100 MB corpus: `LC_ALL=C grep -c 。` over the files, PolicyGraph's
    build, and jieba posseg (Benchmarks/jieba_posseg.py in Benchmarks/.venv).

Results go to Benchmarks/results/<UTC time>.json and a Markdown summary beside it.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def log(message):
    print(f"[{datetime.datetime.utcnow():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def machine(binary):
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1))
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.strip().splitlines()
    # The commit the measured binary was built from: that of the checkout it sits in (a
    # `--binary` from another worktree is not this checkout's HEAD).
    def head(folder):
        return subprocess.run(["git", "-C", folder, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    commit = head(os.path.dirname(os.path.realpath(binary))) or head(ROOT)
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gib": round(mem_kb / 1024 / 1024, 1),
            "kernel": platform.release(), "swift": swift[0] if swift else "", "commit": commit,
            "binary": os.path.realpath(binary)}


def timed(command, env=None, stdout=subprocess.DEVNULL):
    """Runs `command` under /usr/bin/time -v; returns wall seconds, peak RSS (KiB) and stdout."""
    full = ["/usr/bin/time", "-v"] + command
    started = time.perf_counter()
    proc = subprocess.run(full, stdout=subprocess.PIPE if stdout is None else stdout,
                          stderr=subprocess.PIPE, text=True, env=env)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(command)}\n{proc.stderr[-2000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", proc.stderr).group(1))
    system = float(re.search(r"System time \(seconds\): ([\d.]+)", proc.stderr).group(1))
    return {"seconds": wall, "max_rss_kib": rss, "cpu_seconds": user + system, "stdout": proc.stdout}


def corpus_bytes(folder):
    total = 0
    files = 0
    for dirpath, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for n in names:
            if not n.startswith("."):
                total += os.path.getsize(os.path.join(dirpath, n))
                files += 1
    return total, files


def ensure_corpus(binary, folder, size_mb, seed):
    marker = os.path.join(folder, ".complete")
    if os.path.exists(marker):
        with open(marker) as f:
            return json.load(f)
    if os.path.exists(folder):
        shutil.rmtree(folder)
    log(f"generating {size_mb} MB corpus in {folder}")
    run = timed([binary, "bench-corpus", "--size-mb", str(size_mb), "--seed", str(seed), "--out", folder,
                 "--source", os.path.join(ROOT, "Corpus")])
    size, files = corpus_bytes(folder)
    info = {"size_mb_requested": size_mb, "seed": seed, "bytes": size, "files": files,
            "generation_seconds": run["seconds"], "generation_max_rss_kib": run["max_rss_kib"]}
    with open(marker, "w") as f:
        json.dump(info, f)
    return info


def median_runs(runs):
    return {
        "runs": [{k: v for k, v in r.items() if k != "stdout"} for r in runs],
        "median_seconds": statistics.median(r["seconds"] for r in runs),
        "median_cpu_seconds": statistics.median(r["cpu_seconds"] for r in runs),
        "max_rss_kib": max(r["max_rss_kib"] for r in runs),
        "median_max_rss_kib": statistics.median(r["max_rss_kib"] for r in runs),
    }


def build(binary, corpus, out, runs, threads=None):
    command = [binary, "build", corpus, "--out", out, "--full", "--quiet"]
    if threads:
        command += ["--threads", str(threads)]
    results = [timed(command) for _ in range(runs)]
    summary = median_runs(results)
    summary["command"] = " ".join(command)
    summary["output_bytes"] = {n: os.path.getsize(os.path.join(out, n)) for n in sorted(os.listdir(out))
                               if not n.startswith(".") and os.path.isfile(os.path.join(out, n))}
    with open(os.path.join(out, "build-report.json")) as f:
        report = json.load(f)
    summary["nodes"], summary["edges"] = report.get("nodes"), report.get("edges")
    summary["documents"], summary["failed"] = len(report.get("documentsRead", [])), len(report.get("failed", []))
    return summary


def stages(binary, corpus, runs, threads=1):
    command = [binary, "bench-stages", corpus, "--threads", str(threads)]
    results = [timed(command, stdout=None) for _ in range(runs)]
    parsed = [json.loads(r["stdout"]) for r in results]
    names = [s["name"] for s in parsed[0]["stages"]]
    mb = parsed[0]["bytes"] / 1e6
    table = []
    for i, name in enumerate(names):
        seconds = statistics.median(p["stages"][i]["seconds"] for p in parsed)
        table.append({"name": name, "median_seconds": seconds, "mb_per_second": mb / seconds if seconds else None})
    return {"command": " ".join(command), "stages": table, "max_rss_kib": max(r["max_rss_kib"] for r in results),
            "median_wall_seconds": statistics.median(p["wallSeconds"] for p in parsed),
            "mentions": parsed[0]["mentions"], "blocks": parsed[0]["blocks"], "nodes": parsed[0]["nodes"],
            "edges": parsed[0]["edges"], "output_bytes": parsed[0]["outputBytes"]}


def grep_floor(corpus, runs):
    # One pass over the bytes: count lines holding 。 in every file.
    command = ["sh", "-c", f"LC_ALL=C grep -rc 。 {corpus} > /dev/null"]
    results = [timed(command) for _ in range(runs)]
    summary = median_runs(results)
    summary["command"] = f"LC_ALL=C grep -rc 。 {corpus}"
    return summary


def jieba(corpus, limit_bytes=0):
    venv = os.path.join(HERE, ".venv")
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        log("creating Benchmarks/.venv with jieba")
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", "jieba==0.42.1"], check=True)
    command = [python, os.path.join(HERE, "jieba_posseg.py"), corpus]
    if limit_bytes:
        command += ["--limit-bytes", str(limit_bytes)]
    run = timed(command, stdout=None)
    result = json.loads(run["stdout"])
    result["wall_seconds"] = run["seconds"]
    result["max_rss_kib"] = run["max_rss_kib"]
    result["command"] = " ".join(command)
    return result


def main():
    parser = argparse.ArgumentParser(description="PolicyGraph benchmarks")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "policygraph"))
    parser.add_argument("--sizes", default="10,100,1000", help="corpus sizes in MB")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpora", default=os.path.join(HERE, "corpora"))
    parser.add_argument("--compare-size", type=int, default=100, help="corpus (MB) for grep / threads / jieba")
    parser.add_argument("--jieba", choices=["full", "10mb", "skip"], default="full",
                        help="jieba over the whole comparison corpus, over its first 10 MB, or not at all")
    parser.add_argument("--only", default="generate,build,threads,stages,compare",
                        help="comma-separated parts to run")
    args = parser.parse_args()
    parts = set(args.only.split(","))
    sizes = [int(s) for s in args.sizes.split(",")]

    results = {"machine": machine(args.binary), "started": datetime.datetime.utcnow().isoformat() + "Z", "runs": args.runs,
               "corpora": {}, "build": {}, "threads": {}, "stages": {}, "compare": {}}
    log(f"machine: {results['machine']}")
    scratch = os.path.join(args.corpora, "out")
    os.makedirs(scratch, exist_ok=True)
    stamp = datetime.datetime.utcnow().strftime("%Y%m%dT%H%M%SZ")
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    path = os.path.join(HERE, "results", f"{stamp}.json")

    def save():
        with open(path, "w") as f:
            json.dump(results, f, indent=2)

    for size in sizes:
        folder = os.path.join(args.corpora, f"{size}mb")
        results["corpora"][size] = ensure_corpus(args.binary, folder, size, args.seed)
        save()
    for size in sizes:
        folder = os.path.join(args.corpora, f"{size}mb")
        mb = results["corpora"][size]["bytes"] / 1e6
        out = os.path.join(scratch, f"{size}mb")
        if "build" in parts:
            log(f"build --full on {size} MB, {args.runs} runs (+1 warm-up)")
            timed([args.binary, "build", folder, "--out", out, "--full", "--quiet"])
            b = build(args.binary, folder, out, args.runs)
            b["mb_per_second"] = mb / b["median_seconds"]
            b["seconds_per_mb"] = b["median_seconds"] / mb
            results["build"][size] = b
            log(f"  {b['median_seconds']:.2f} s, {b['mb_per_second']:.1f} MB/s, peak RSS {b['max_rss_kib'] / 1024:.0f} MiB")
            save()
        if "threads" in parts and size == args.compare_size:
            log(f"build --full --threads 1 on {size} MB, {args.runs} runs")
            b = build(args.binary, folder, out, args.runs, threads=1)
            b["mb_per_second"] = mb / b["median_seconds"]
            results["threads"][size] = b
            if size in results["build"]:
                results["threads"]["speedup_2_over_1"] = b["median_seconds"] / results["build"][size]["median_seconds"]
            log(f"  {b['median_seconds']:.2f} s with 1 thread")
            save()
        if "stages" in parts:
            stage_runs = args.runs if size <= 100 else 1
            log(f"bench-stages --threads 1 on {size} MB, {stage_runs} runs")
            results["stages"][size] = stages(args.binary, folder, stage_runs)
            save()
        if "compare" in parts and size == args.compare_size:
            log(f"grep floor on {size} MB, {args.runs} runs")
            g = grep_floor(folder, args.runs)
            results["compare"]["grep"] = g
            if args.jieba != "skip":
                limit = 10_000_000 if args.jieba == "10mb" else 0
                log(f"jieba posseg on {size} MB corpus ({'first 10 MB' if limit else 'all of it'}), 1 run")
                results["compare"]["jieba"] = jieba(folder, limit)
            save()

    save()
    log(f"results in {path}")
    print(path)


if __name__ == "__main__":
    main()
