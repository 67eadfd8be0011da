#!/usr/bin/env bash
# Measures incremental rebuilds against a clean build with a release binary:
#   clean build, rebuild after changing one document, rebuild with nothing changed,
# and prints the ratios (targets: one change <= 5 % of clean, no change <= 2 %).
#
#   scripts/bench-incremental.sh [DOCUMENTS]        (default 2000)
#
# Environment: POLICYGRAPH_BIN (skip the release build and use this binary),
# BENCH_ROUNDS (rebuilds measured per kind, default 5), BENCH_CLEAN_ROUNDS (default 2),
# BENCH_THREADS (default: all cores).
# The corpus is generated once, deterministically (seed 20261124), under
# Benchmarks/corpora/incremental-<N>/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
DOCS="${1:-2000}"
if [[ -z "${POLICYGRAPH_BIN:-}" ]]; then
    swift build -c release --product policygraph --scratch-path .build-release >&2
    POLICYGRAPH_BIN="$(swift build -c release --scratch-path .build-release --show-bin-path)/policygraph"
fi
export POLICYGRAPH_BIN DOCS
exec python3 - <<'PY'
import os, random, resource, shutil, statistics, subprocess, sys, time

bin_path = os.environ["POLICYGRAPH_BIN"]
docs = int(os.environ["DOCS"])
rounds = int(os.environ.get("BENCH_ROUNDS", "5"))
clean_rounds = int(os.environ.get("BENCH_CLEAN_ROUNDS", "2"))
threads = os.environ.get("BENCH_THREADS")
root = os.path.join("Benchmarks", "corpora", f"incremental-{docs}")
corpus = os.path.join(root, "corpus")
out = os.path.join(root, "out")

ORGS = [("世界贸易组织", "WTO"), ("国际货币基金组织", "IMF"), ("亚洲开发银行", "ADB"), ("东南亚国家联盟", "ASEAN"),
        ("经济合作与发展组织", "OECD"), ("联合国贸易和发展会议", "UNCTAD"), ("亚太经济合作组织", "APEC")]
EN_ORGS = [("World Trade Organization", "WTO"), ("World Bank", "WB"), ("International Monetary Fund", "IMF"),
           ("Asian Infrastructure Investment Bank", "AIIB"), ("United Nations Development Programme", "UNDP")]
AGREEMENTS = ["《区域全面经济伙伴关系协定》", "《全面与进步跨太平洋伙伴关系协定》", "《巴黎协定》", "《中国—东盟自由贸易协定》",
              "the Paris Agreement", "the Trade Facilitation Agreement", "the Information Technology Agreement"]
COUNTRIES = ["中国", "日本", "韩国", "越南", "新加坡", "印度尼西亚", "马来西亚", "澳大利亚", "Germany", "Brazil", "India", "Chile"]
TOPICS = ["数字贸易", "跨境电商", "服务贸易", "供应链安全", "绿色低碳转型", "知识产权保护", "原产地规则", "投资便利化",
          "digital trade", "services liberalisation", "customs cooperation", "sustainable development"]

def paragraph(rng):
    year = rng.randint(1995, 2030); amount = rng.randint(1, 999)
    org, abbr = rng.choice(ORGS); eorg, eabbr = rng.choice(EN_ORGS)
    agr = rng.choice(AGREEMENTS); c = rng.choice(COUNTRIES); t = rng.choice(TOPICS)
    k = rng.randrange(6)
    if k == 0:
        return f"{year}年，{org}（{abbr}）发布报告指出，{c}在{t}领域的贸易总额达到{amount}.{amount % 10}万亿美元，同比增长{amount % 30}%。报告认为，相关成员应进一步加强政策协调，推动规则衔接。"
    if k == 1:
        return f"In {year}, the {eorg} ({eabbr}) reported that {c} had signed {agr}, committing about US${amount} billion to {t} over the following {amount % 9 + 1} years."
    if k == 2:
        return f"{c}于{year}年{amount % 12 + 1}月签署{agr}，{abbr}成员在{t}方面的关税减让涉及约{amount}亿元人民币，覆盖{amount % 90 + 10}%的税目。"
    if k == 3:
        return f"据{org}统计，{year}年全球{t}规模约为{amount}亿美元；{eabbr} estimates growth of {amount % 9}.{amount % 7} per cent in {year + 1}."
    if k == 4:
        return f"第{amount % 30 + 1}条 各缔约方应当在{t}方面开展合作，并于{year}年底前向{org}通报有关措施。"
    return f"Article {amount % 40 + 1}. Each Party shall endeavour to promote {t} and shall notify the {eorg} of any measure adopted after {year}."

def document(rng):
    target = rng.randint(20_000, 60_000)
    parts = [f"第{rng.randint(1, 12)}章 {rng.choice(TOPICS)}与区域合作\n"]
    size = len(parts[0].encode())
    while size < target:
        p = paragraph(rng) + "\n\n"
        parts.append(p); size += len(p.encode())
    return "".join(parts)

def generate():
    marker = os.path.join(root, "complete")
    if os.path.exists(marker):
        return
    shutil.rmtree(root, ignore_errors=True)
    rng = random.Random(20261124)
    for i in range(docs):
        folder = os.path.join(corpus, f"batch{i // 250:02d}")
        os.makedirs(folder, exist_ok=True)
        ext = "md" if i % 10 == 0 else "txt"
        with open(os.path.join(folder, f"policy{i:05d}.{ext}"), "w", encoding="utf-8") as f:
            f.write(document(rng))
    # As on a real folder, the files are not being written while the analyst builds.
    old = time.time() - 3600
    for d, _, files in os.walk(corpus):
        for name in files:
            os.utime(os.path.join(d, name), (old, old))
    open(marker, "w").close()

def build(*extra):
    cmd = [bin_path, "build", corpus, "--out", out, "--quiet", *extra]
    if threads:
        cmd += ["--threads", threads]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return (wall, cpu)

generate()
total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(corpus) for f in fs)
print(f"corpus: {docs} documents, {total / 1e6:.1f} MB in {corpus}", file=sys.stderr)

clean = []
for _ in range(clean_rounds):
    shutil.rmtree(out, ignore_errors=True)
    clean.append(build())
# Settle: files hashed within the racy window of the clean build are re-verified once.
build()
one_change, no_change = [], []
rng = random.Random(7)
originals = {}
try:
    for r in range(rounds):
        i = rng.randrange(docs)
        path = os.path.join(corpus, f"batch{i // 250:02d}", f"policy{i:05d}.{'md' if i % 10 == 0 else 'txt'}")
        if path not in originals:
            st = os.stat(path)
            originals[path] = (open(path, "rb").read(), st.st_mtime)
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"\n{2000 + r}年，世界贸易组织（WTO）补充说明第{r + 1}号。\n")
        one_change.append(build())
        no_change.append(build())
finally:
    # Leave the generated corpus as generated, for the next run's clean build.
    for path, (data, mtime) in originals.items():
        with open(path, "wb") as f:
            f.write(data)
        os.utime(path, (mtime, mtime))

def line(label, runs, reference=None, target=None):
    wall = statistics.median(r[0] for r in runs); cpu = statistics.median(r[1] for r in runs)
    text = f"{label:<17} wall median {wall:8.3f} s, CPU median {cpu:8.3f} s  (wall runs: {', '.join(f'{r[0]:.3f}' for r in runs)})"
    if reference:
        text += f"\n{'':<17} = {100 * wall / reference[0]:.2f} % of clean by wall time, {100 * cpu / reference[1]:.2f} % by CPU time (target <= {target} %)"
    print(text)
    return (wall, cpu)

ref = line("clean build:", clean)
line("one-change build:", one_change, ref, 5)
line("no-change build:", no_change, ref, 2)
PY
