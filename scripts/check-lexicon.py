#!/usr/bin/env python3
"""Checks PolicyGraph lexicon TSV files before they ship or before `policygraph build --lexicon FILE`.

Usage: scripts/check-lexicon.py [FILE.tsv ...]   (default: Sources/PolicyGraph/Resources/Lexicon/*.tsv)

Checks every non-comment line: at least two TAB columns, a known type, a non-empty canonical
name, a well-formed Wikidata id; and across all files given: no two entries of one type with the
same key (type + slug of canonical), no alias (compared case-insensitively) claimed by two
entries, no repeated Wikidata id, and no alias that is a lone Han character or a bare one- or
two-letter Latin string (both match inside unrelated text). Prints counts per type; exits 1 on
any problem.
"""
import glob, os, re, sys, unicodedata

TYPES = {"organization", "agreement", "country", "publication", "event"}

def slug(name):
    out, pending = [], False
    for ch in name:
        if ch.isalpha() or unicodedata.numeric(ch, None) is not None:
            if pending and out:
                out.append("-")
            pending = False
            out.append(ch.lower())
        else:
            pending = True
    return "".join(out)

def is_han(ch):
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"

def main(paths):
    problems, counts = [], {}
    keys, alias_owner, wd_owner = {}, {}, {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f.read().split("\n"), 1):
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                where = f"{path}:{n}"
                cols = [c.strip() for c in raw.split("\t")]
                if len(cols) < 2:
                    problems.append(f"{where}: fewer than 2 TAB-separated columns"); continue
                if len(cols) > 4:
                    problems.append(f"{where}: more than 4 columns")
                typ, canon = cols[0], cols[1]
                if typ not in TYPES:
                    problems.append(f"{where}: unknown type {typ!r}"); continue
                if not canon:
                    problems.append(f"{where}: empty canonical"); continue
                counts[typ] = counts.get(typ, 0) + 1
                key = f"{typ}:{slug(canon)}"
                if key in keys:
                    problems.append(f"{where}: key {key} already used at {keys[key]}")
                keys[key] = where
                aliases = [a.strip() for a in cols[2].split("|")] if len(cols) > 2 and cols[2] else []
                seen_here, seen_exact = set(), set()
                for a in [canon] + aliases:
                    if not a:
                        problems.append(f"{where}: empty alias"); continue
                    if len(a) == 1 and is_han(a):
                        problems.append(f"{where}: single Han character alias {a!r}")
                    if re.fullmatch(r"[A-Za-z]{1,2}", a) and a not in ("EU", "UN", "US", "UK", "G7", "G8"):
                        problems.append(f"{where}: very short Latin alias {a!r}")
                    if a != a.strip() or "\t" in a:
                        problems.append(f"{where}: stray whitespace in {a!r}")
                    if a in seen_exact:
                        problems.append(f"{where}: alias {a!r} repeated in one entry")
                    seen_exact.add(a)
                    # Full-width and half-width spellings (刚果（金）/刚果(金)) may both be listed.
                    fold = unicodedata.normalize("NFKC", a).casefold()
                    if fold in seen_here:
                        continue
                    seen_here.add(fold)
                    owner = alias_owner.get(fold)
                    if owner and owner[0] != key:
                        problems.append(f"{where}: alias {a!r} also belongs to {owner[0]} ({owner[1]})")
                    else:
                        alias_owner[fold] = (key, where)
                if len(cols) > 3 and cols[3]:
                    wd = cols[3]
                    if not re.fullmatch(r"Q[1-9][0-9]*", wd):
                        problems.append(f"{where}: malformed wikidata id {wd!r}")
                    elif wd in wd_owner:
                        problems.append(f"{where}: wikidata {wd} also used at {wd_owner[wd]}")
                    else:
                        wd_owner[wd] = where
    for p in problems:
        print(p)
    for t in sorted(counts):
        print(f"{t}: {counts[t]}")
    print(f"wikidata ids: {len(wd_owner)}; problems: {len(problems)}")
    return 1 if problems else 0

if __name__ == "__main__":
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    files = sys.argv[1:] or sorted(glob.glob(os.path.join(root, "Sources/PolicyGraph/Resources/Lexicon/*.tsv")))
    sys.exit(main(files))
