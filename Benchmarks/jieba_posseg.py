#!/usr/bin/env python3
"""Part-of-speech tag a benchmark corpus with jieba's posseg, the Chinese tagging analysts
reach for, and report how long it took as JSON on stdout.

The files are decoded first (UTF-8/UTF-16 with BOM, else UTF-8, else GB18030; HTML reduced to
its text) and that decoding is timed apart, so `posseg_seconds` is jieba's own work only.

    Benchmarks/.venv/bin/python Benchmarks/jieba_posseg.py Benchmarks/corpora/100mb
"""
import argparse
import html.parser
import json
import os
import sys
import time


class TextOfHTML(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def decode(data: bytes, path: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8")
    elif data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("gb18030")
    if path.endswith((".html", ".htm", ".xhtml", ".xml")):
        parser = TextOfHTML()
        parser.feed(text)
        text = "\n".join(parser.parts)
    return text


def corpus_files(root):
    files = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files += [os.path.join(folder, n) for n in names if not n.startswith(".")]
    return sorted(files)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--limit-bytes", type=int, default=0,
                        help="stop after the files that reach this many bytes on disk (0: all)")
    args = parser.parse_args()

    import jieba
    import jieba.posseg as pseg
    jieba.setLogLevel(60)
    started = time.perf_counter()
    jieba.initialize()
    init_seconds = time.perf_counter() - started

    files = corpus_files(args.corpus)
    size_on_disk = 0
    decode_seconds = 0.0
    posseg_seconds = 0.0
    characters = 0
    tokens = 0
    used = 0
    for path in files:
        with open(path, "rb") as f:
            data = f.read()
        t0 = time.perf_counter()
        text = decode(data, path)
        t1 = time.perf_counter()
        for _ in pseg.cut(text):
            tokens += 1
        t2 = time.perf_counter()
        decode_seconds += t1 - t0
        posseg_seconds += t2 - t1
        characters += len(text)
        size_on_disk += len(data)
        used += 1
        if args.limit_bytes and size_on_disk >= args.limit_bytes:
            break
    json.dump({
        "corpus": args.corpus, "files": used, "bytes": size_on_disk, "characters": characters,
        "tokens": tokens, "init_seconds": init_seconds, "decode_seconds": decode_seconds,
        "posseg_seconds": posseg_seconds, "jieba_version": jieba.__version__,
        "python": sys.version.split()[0],
    }, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
