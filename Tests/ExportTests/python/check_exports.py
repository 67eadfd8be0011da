"""Loads PolicyGraph's exports with the real clients users have and checks them against the
expectations the Swift test passes in (a JSON file, argv[1]):

    {"jsonld": path, "graphml": path, "yed": path,
     "expect": {"node_types": {...}, "edge_relations": {...}, "rdf_types": {...},
                "figure": {...}, "organization": {...}, "party_to": {...}}}

rdflib and pyld read graph.jsonld with every network access refused; networkx and igraph
read graph.graphml (networkx also the yEd flavour). Exits non-zero with a message on the
first failed check, prints "ok" otherwise.
"""
import json
import sys
import urllib.request
from collections import Counter

import igraph
import networkx as nx
from pyld import jsonld
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

SCHEMA = Namespace("https://schema.org/")
PG = Namespace("https://policygraph.dev/ns#")


def fail(message):
    print("FAILED: " + message, file=sys.stderr)
    sys.exit(1)


def expect_equal(what, actual, expected):
    if actual != expected:
        fail(f"{what}: expected {expected!r}, got {actual!r}")


def refuse_network(*args, **kwargs):
    raise RuntimeError(f"network access attempted: {args[0] if args else kwargs}")


def check_rdflib(path, exp):
    g = Graph()
    g.parse(path, format="json-ld")
    types = Counter(str(t) for _, t in g.subject_objects(RDF.type))
    expected_types = exp["rdf_types"]
    for t, n in expected_types.items():
        expect_equal(f"rdflib: nodes of type {t}", types.get(t, 0), n)
    rel = exp["edge_relations"]
    # Reified statements only for party_to and refers_to_year; mentions and co_occurs are plain
    # links, co_occurs written once (on the smaller id).
    expect_equal("rdflib: pg:edge count", len(list(g.triples((None, PG.edge, None)))),
                 rel["party_to"] + rel["refers_to_year"])
    statement_relations = Counter(str(g.value(e, PG.relation)) for e in g.objects(None, PG.edge))
    expect_equal("rdflib: pg:edge relations", dict(statement_relations),
                 {"party_to": rel["party_to"], "refers_to_year": rel["refers_to_year"]})
    expect_equal("rdflib: schema:mentions count", len(list(g.triples((None, SCHEMA.mentions, None)))), rel["mentions"])
    expect_equal("rdflib: pg:coOccursWith count", len(list(g.triples((None, PG.coOccursWith, None)))), rel["co_occurs"])
    for s in set(g.subjects(RDF.type, None)):
        if isinstance(s, URIRef) and not str(s).startswith("https://policygraph.dev/id/"):
            fail(f"rdflib: node IRI {s} is not under https://policygraph.dev/id/")
    for _, d in g.subject_objects(PG.document):
        if not str(d).startswith("https://policygraph.dev/id/document/"):
            fail(f"rdflib: mention document {d} is not a document IRI")

    f = exp["figure"]
    fig = URIRef(f["iri"])
    expect_equal("rdflib: figure type", (fig, RDF.type, SCHEMA.QuantitativeValue) in g, True)
    value = g.value(fig, SCHEMA.value)
    if not isinstance(value, Literal) or value.toPython() != f["value"]:
        fail(f"rdflib: figure value {value!r} != {f['value']}")
    expect_equal("rdflib: figure unit", str(g.value(fig, SCHEMA.unitText)), f["unit"])
    year = g.value(fig, PG.refersToYear)
    expect_equal("rdflib: figure year link", str(year), f["year_iri"])
    expect_equal("rdflib: year value", g.value(year, SCHEMA.value).toPython(), f["year"])
    sentences = [str(s) for s in g.objects(fig, PG.sentence)]
    expect_equal("rdflib: figure sentence", sentences, [f["sentence"]])

    o = exp["organization"]
    org = URIRef(o["iri"])
    expect_equal("rdflib: organisation name", str(g.value(org, SCHEMA.name)), o["name"])
    expect_equal("rdflib: organisation aliases", sorted(str(a) for a in g.objects(org, SCHEMA.alternateName)), o["aliases"])
    expect_equal("rdflib: organisation sameAs", str(g.value(org, SCHEMA.sameAs)), o["wikidata"])
    mentions = list(g.objects(org, PG.mention))
    expect_equal("rdflib: organisation mentions", len(mentions), o["mentions"])
    for m in mentions:
        for prop in (PG.blockIndex, PG.start, PG.end):
            v = g.value(m, prop)
            if v is None or not isinstance(v.toPython(), int):
                fail(f"rdflib: mention {prop} is not an integer: {v!r}")
        if g.value(m, PG.document) is None or g.value(m, PG.blockKind) is None:
            fail("rdflib: mention without document or block kind")

    p = exp["party_to"]
    expect_equal("rdflib: party_to link", (URIRef(p["source_iri"]), PG.partyTo, URIRef(p["target_iri"])) in g, True)


def check_pyld(path, exp):
    with open(path, encoding="utf-8") as fh:
        doc = json.load(fh)
    if not isinstance(doc.get("@context"), dict):
        fail("pyld: @context is not an inline object")
    expanded = jsonld.expand(doc, {"documentLoader": refuse_network})
    types = Counter(t for node in expanded for t in node.get("@type", []))
    for t, n in exp["rdf_types"].items():
        expect_equal(f"pyld: nodes of type {t}", types.get(t, 0), n)
    by_id = {node["@id"]: node for node in expanded}
    if not all(i.startswith("https://policygraph.dev/id/") for i in by_id):
        fail("pyld: a node id did not expand to an absolute IRI under https://policygraph.dev/id/")
    fig = by_id[exp["figure"]["iri"]]
    expect_equal("pyld: figure value", fig["https://schema.org/value"][0]["@value"], exp["figure"]["value"])
    expect_equal("pyld: figure unit", fig["https://schema.org/unitText"][0]["@value"], exp["figure"]["unit"])
    # pyld's RDF and rdflib's must be the same graph: both readers see the same triples.
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": refuse_network})
    from_pyld = Graph().parse(data=nquads, format="nt")
    from_rdflib = Graph().parse(path, format="json-ld")
    expect_equal("pyld vs rdflib: triple count", len(from_pyld), len(from_rdflib))
    if not isomorphic(from_pyld, from_rdflib):
        fail("pyld and rdflib read different graphs")


def check_networkx(path, exp, flavour):
    G = nx.read_graphml(path)
    expect_equal(f"networkx ({flavour}): directed", G.is_directed(), True)
    expect_equal(f"networkx ({flavour}): node types", dict(Counter(d["type"] for _, d in G.nodes(data=True))), exp["node_types"])
    expect_equal(f"networkx ({flavour}): edge relations",
                 dict(Counter(d["relation"] for *_, d in G.edges(data=True))), exp["edge_relations"])
    for n, d in G.nodes(data=True):
        if not isinstance(d["mentions"], int):
            fail(f"networkx: mentions of {n} is {type(d['mentions'])}")
        if d["name"] != d["label"]:
            fail(f"networkx: name and label differ on {n}")
    for *_, d in G.edges(data=True):
        if not isinstance(d["weight"], float):
            fail("networkx: weight is not a float")
        if d["interaction"] != d["relation"]:
            fail("networkx: interaction and relation differ")
    f = exp["figure"]
    node = G.nodes[f["id"]]
    if not isinstance(node["value"], float) or node["value"] != f["value"]:
        fail(f"networkx: figure value {node['value']!r}")
    expect_equal("networkx: figure unit", node["unit"], f["unit"])
    expect_equal("networkx: figure year", node["year"], f["year"])
    o = exp["organization"]
    expect_equal("networkx: organisation aliases", G.nodes[o["id"]]["aliases"], " | ".join(o["aliases"]))
    p = exp["party_to"]
    relations = [d["relation"] for d in G.get_edge_data(p["source"], p["target"]).values()] \
        if G.is_multigraph() else [G.get_edge_data(p["source"], p["target"])["relation"]]
    expect_equal("networkx: party_to edge", "party_to" in relations, True)


def check_igraph(path, exp, flavour):
    g = igraph.Graph.Read_GraphML(path)
    expect_equal(f"igraph ({flavour}): directed", g.is_directed(), True)
    expect_equal("igraph: node types", dict(Counter(g.vs["type"])), exp["node_types"])
    expect_equal("igraph: edge relations", dict(Counter(g.es["relation"])), exp["edge_relations"])
    f = exp["figure"]
    v = g.vs.find(id=f["id"])
    expect_equal("igraph: figure value", v["value"], float(f["value"]))
    expect_equal("igraph: figure unit", v["unit"], f["unit"])
    src, dst = g.vs.find(id=exp["party_to"]["source"]).index, g.vs.find(id=exp["party_to"]["target"]).index
    relations = [g.es[e]["relation"] for e in g.get_eids([(src, dst)], error=False) if e >= 0]
    relations += [e["relation"] for e in g.es.select(_source=src, _target=dst)]
    expect_equal("igraph: party_to edge", "party_to" in relations, True)


def main():
    with open(sys.argv[1], encoding="utf-8") as fh:
        args = json.load(fh)
    # Any attempt to reach the network fails loudly rather than hanging a CI job.
    urllib.request.urlopen = refuse_network
    exp = args["expect"]
    check_rdflib(args["jsonld"], exp)
    check_pyld(args["jsonld"], exp)
    check_networkx(args["graphml"], exp, "plain")
    check_networkx(args["yed"], exp, "yed")
    check_igraph(args["graphml"], exp, "plain")
    check_igraph(args["yed"], exp, "yed")
    print("ok")


if __name__ == "__main__":
    main()
