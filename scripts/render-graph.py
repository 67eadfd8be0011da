#!/usr/bin/env python3
"""Draws a built PolicyGraph graph as SVG (or PNG) from its graph.graphml.

    .venv/bin/python scripts/render-graph.py Output/graph.graphml docs/graph.svg
    .venv/bin/python scripts/render-graph.py OUT/graph.graphml docs/graph.png --min-mentions 3

Reads the GraphML with networkx, keeps the readable part of the graph (documents, entities
mentioned at least --min-mentions times, party_to and refers_to_year edges, co_occurs edges of
weight >= --min-cooccur, mentions edges from documents), writes Graphviz DOT and lays it out
with `sfdp` (Debian package `graphviz`; CJK labels want a CJK font such as
`fonts-wqy-microhei`). Colours and shapes follow the node type, as in the yEd flavour.
"""
import argparse
import subprocess
import sys

import networkx as nx

STYLE = {  # type: (shape, fill)
    "document": ("box", "#D9D9D9"),
    "organization": ("ellipse", "#4E79A7"),
    "agreement": ("hexagon", "#F28E2B"),
    "country": ("box", "#59A14F"),
    "year": ("diamond", "#EDC948"),
    "figure": ("parallelogram", "#B07AA1"),
    "publication": ("trapezium", "#9C755F"),
    "event": ("octagon", "#E15759"),
}
EDGE_COLOUR = {"mentions": "#BBBBBB", "co_occurs": "#8FB3D9", "party_to": "#D62728", "refers_to_year": "#C9A227"}


def quote(s):
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("graphml")
    ap.add_argument("output", help="file to write: .svg or .png")
    ap.add_argument("--min-mentions", type=int, default=2, help="smallest mention count of an entity drawn")
    ap.add_argument("--min-cooccur", type=int, default=2, help="smallest co_occurs weight drawn")
    ap.add_argument("--max-label", type=int, default=28, help="labels longer than this are cut")
    ap.add_argument("--dot", help="also keep the DOT source here")
    args = ap.parse_args()

    G = nx.read_graphml(args.graphml)
    keep = {n for n, d in G.nodes(data=True) if d.get("type") == "document" or d.get("mentions", 0) >= args.min_mentions}
    edges = []
    for u, v, d in G.edges(data=True):
        if u not in keep or v not in keep:
            continue
        rel = d.get("relation")
        if rel == "co_occurs" and d.get("weight", 0) < args.min_cooccur:
            continue
        edges.append((u, v, d))
    # Entities left without any drawn edge only add noise.
    touched = {u for u, _, _ in edges} | {v for _, v, _ in edges}
    keep = {n for n in keep if n in touched}

    lines = [
        "digraph policygraph {",
        '  graph [overlap=prism, splines=false, outputorder=edgesfirst, bgcolor="white", '
        'fontname="WenQuanYi Micro Hei", label="PolicyGraph: documents (grey), organisations (blue), agreements (orange), '
        'countries (green), years (yellow), figures (purple); red = party_to", labelloc=t, fontsize=20];',
        '  node [style=filled, fontname="WenQuanYi Micro Hei", fontsize=10, fontcolor="#111111", penwidth=0.5];',
        "  edge [arrowsize=0.4];",
    ]
    for n in sorted(keep):
        d = G.nodes[n]
        shape, fill = STYLE.get(d.get("type"), ("ellipse", "#CCCCCC"))
        label = d.get("label", n)
        if len(label) > args.max_label:
            label = label[: args.max_label - 1] + "…"
        size = 10 + min(14, d.get("mentions", 0) // 3) if d.get("type") != "document" else 14
        lines.append(f"  {quote(n)} [label={quote(label)}, shape={shape}, fillcolor={quote(fill)}, fontsize={size}];")
    for u, v, d in sorted(edges, key=lambda e: (e[0], e[1], e[2].get("relation", ""))):
        rel = d.get("relation")
        width = 0.3 + min(3.0, d.get("weight", 1.0) / 4)
        extra = ", dir=none" if d.get("symmetric") else ""
        lines.append(f"  {quote(u)} -> {quote(v)} [color={quote(EDGE_COLOUR.get(rel, '#999999'))}, penwidth={width:.2f}{extra}];")
    lines.append("}")
    dot = "\n".join(lines) + "\n"
    if args.dot:
        with open(args.dot, "w", encoding="utf-8") as fh:
            fh.write(dot)
    fmt = "png" if args.output.endswith(".png") else "svg"
    extra = ["-Gdpi=110"] if fmt == "png" else []
    result = subprocess.run(["sfdp", f"-T{fmt}", *extra, "-o", args.output], input=dot.encode("utf-8"))
    if result.returncode != 0:
        sys.exit(f"sfdp failed ({result.returncode}); is graphviz installed?")
    print(f"{args.output}: {len(keep)} nodes, {len(edges)} edges drawn of {G.number_of_nodes()} / {G.number_of_edges()}")


if __name__ == "__main__":
    main()
