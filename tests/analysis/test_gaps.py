"""Gap analyses on hand-made networks whose answers are known by construction."""

from __future__ import annotations

import networkx as nx
import pytest
from analysis_toy import CHAIN, COUNTRY, ID, SMP, TOY, rows_of, views_of

from smpgraph.analysis.centrality import (
    brokers,
    burt_constraint,
    communities,
    missing_bridges,
    structural_holes,
    weak_ties,
)
from smpgraph.analysis.coverage import coverage, topic_coverage
from smpgraph.analysis.gaps import (
    CostImbalanceKind,
    CostSide,
    OneSidedReason,
    cost_imbalances,
    missing_stakeholders,
    one_sided_schemes,
)
from smpgraph.analysis.model import StakeholderCategory, paragraph
from smpgraph.analysis.recognition import recognition_asymmetries, recognition_chains, unrecognised_corridors
from smpgraph.analysis.report import report_from_views
from smpgraph.analysis.views import ViewRows, views_from_rows
from smpgraph.errors import AnalysisError

P1, P2, P3 = (f"{ID}partnership/p{n}" for n in (1, 2, 3))
MAR, BEL, NLD = (f"{COUNTRY}{c}" for c in ("MAR", "BEL", "NLD"))


@pytest.fixture(scope="module")
def views():
    return views_of(TOY)


def test_views_are_keyed_by_iri_with_label_and_type(views):
    assert views.bipartite.nodes[P1] == {
        "label": "P1",
        "type": "partnership",
        "kind": "SkillsMobilityPartnership",
        "bipartite": 0,
    }
    assert views.bipartite.nodes[f"{ID}org/school"]["type"] == "stakeholder"
    assert views.cooperation[f"{ID}org/broker"][f"{ID}org/school"] == {"weight": 1, "distance": 1.0}
    assert views.corridors[MAR][BEL]["partnerships"] == (P1,)
    assert views.recognition.has_edge(MAR, BEL)
    assert not views.recognition.has_edge(BEL, MAR)


def test_cooperation_weight_counts_shared_partnerships():
    extra = TOY + "\nid:partnership\\/p4 a smp:Partnership ; smp:hasStakeholder id:org\\/broker , id:org\\/union .\n"
    graph = views_of(extra).cooperation
    assert graph[f"{ID}org/broker"][f"{ID}org/union"] == {"weight": 2, "distance": 0.5}


def test_missing_union_is_found(views):
    found = {m.partnership: m for m in missing_stakeholders(views)}
    assert found[P1].missing == (StakeholderCategory.TRADE_UNION,)
    assert StakeholderCategory.TRADE_UNION not in found[P2].missing
    assert StakeholderCategory.EMPLOYER_BODY in found[P2].missing
    assert set(found[P3].missing) == {
        StakeholderCategory.EMPLOYER_BODY,
        StakeholderCategory.TRADE_UNION,
        StakeholderCategory.TRAINING_PROVIDER,
        StakeholderCategory.CERTIFICATION_BODY,
        StakeholderCategory.MIGRANT_OR_DIASPORA,
    }
    assert paragraph(24) in missing_stakeholders(views).sources


def test_one_sided_scheme_is_found(views):
    found = {s.partnership: s for s in one_sided_schemes(views)}
    assert set(found) == {P2}
    assert found[P2].reasons == (OneSidedReason.MOBILITY_WITHOUT_TRAINING, OneSidedReason.NO_BENEFIT_AT_ORIGIN)
    assert one_sided_schemes(views).sources == tuple(paragraph(n) for n in (3, 12, 26))


def test_corridor_without_recognition_for_the_moving_occupation(views):
    found = unrecognised_corridors(views)
    assert [(c.origin, c.destination) for c in found] == [(BEL, MAR)]
    assert found.items[0].occupations == ("http://data.europa.eu/esco/isco/C7112",)
    assert paragraph(27) in found.sources


def test_arrangement_for_a_major_group_covers_its_unit_groups(views):
    assert (MAR, BEL) not in {(c.origin, c.destination) for c in unrecognised_corridors(views)}


def test_asymmetric_recognition_is_found(views):
    found = recognition_asymmetries(views)
    assert [(a.qualification_country, a.recognising_country) for a in found] == [(MAR, BEL)]
    assert found.items[0].reverse_mobility is True
    assert found.items[0].records == (f"{ID}partnership/p1/recognition/1",)


def test_recognition_chain_is_separate_decisions_not_a_transitive_right():
    chain_views = views_of(CHAIN)
    chains = recognition_chains(chain_views)
    assert [c.countries for c in chains] == [(MAR, BEL, NLD)]
    chain = chains.items[0]
    assert chain.steps == ((f"{ID}r/1",), (f"{ID}r/2",))
    assert chain.transitive is False and chain.direct is False
    # MAR refused NLD's qualification: a refusal is not recognition, so NLD -> MAR is not a link
    asym = {(a.qualification_country, a.recognising_country): a for a in recognition_asymmetries(chain_views)}
    assert set(asym) == {(MAR, BEL), (BEL, NLD)}
    assert chain_views.recognition[NLD][MAR]["recognised"] is False


def test_imbalanced_costs_are_found(views):
    found = {c.partnership: c for c in cost_imbalances(views)}
    assert set(found) == {P2}
    assert found[P2].kinds == (CostImbalanceKind.ON_WORKERS, CostImbalanceKind.ON_ONE_SIDE)
    assert found[P2].dominant is CostSide.WORKERS


def test_costs_on_one_side_with_unattributed_rest():
    text = TOY.replace("smp:payer country:BEL ; smp:share 0.5", "smp:payer country:BEL ; smp:share 0.85")
    text = text.replace("smp:share 0.5 ]", "smp:share 0.05 ]")
    assert text.count("0.85") == 1 and text.count("0.05 ]") == 1
    found = {c.partnership: c for c in cost_imbalances(views_of(text))}
    assert found[P1].kinds == (CostImbalanceKind.ON_ONE_SIDE,)
    assert found[P1].dominant is CostSide.DESTINATION
    assert dict(found[P1].shares)[CostSide.UNKNOWN] == pytest.approx(0.1)
    assert P1 not in {c.partnership for c in cost_imbalances(views_of(text), dominant_share=0.9)}


def test_cost_threshold_is_checked(views):
    with pytest.raises(AnalysisError):
        cost_imbalances(views, dominant_share=0.3)


def test_gender_and_return_coverage(views):
    found = {c.partnership: c for c in coverage(views)}
    assert found[P1].gender and found[P1].return_reintegration
    assert not found[P2].gender and not found[P2].return_reintegration
    topics = {t.topic: t for t in topic_coverage(views)}
    assert (topics["trade union"].covered, topics["trade union"].total) == (1, 3)
    assert topics["gender"].covered == 1


def test_broker_and_isolated_stakeholder(views):
    top = brokers(views)
    assert top.items[0].stakeholder == f"{ID}org/broker"
    assert not top.approximate
    ties = {t.stakeholder: t.strength.value for t in weak_ties(views)}
    assert ties[f"{ID}org/lonely"] == "isolated"
    assert ties[f"{ID}org/school"] == "weakly tied"
    assert f"{ID}org/broker" not in ties


def test_sampled_betweenness_is_flagged_and_reproducible(views):
    first = brokers(views, exact=False, k=3, seed=7)
    assert first.approximate
    assert first == brokers(views, exact=False, k=3, seed=7)


def test_burt_constraint_matches_networkx():
    graph = nx.les_miserables_graph()
    ours, theirs = burt_constraint(graph), nx.constraint(graph, weight="weight")
    assert all(ours[n] == pytest.approx(theirs[n]) for n in graph)


def test_broker_spans_the_structural_hole(views):
    holes = structural_holes(views)
    assert holes.items[0].stakeholder == f"{ID}org/broker"


def test_communities_show_missing_education_employer_bridge():
    text = (
        TOY
        + """
id:partnership\\/p5 a smp:Partnership ; smp:hasStakeholder id:org\\/uni , id:org\\/tvet .
id:org\\/uni a smp:University . id:org\\/tvet a smp:TVETCentre .
"""
    )
    found = communities(views_of(text), seed=1)
    gaps = missing_bridges(found)
    assert [set(c.members) for c in gaps] == [{f"{ID}org/uni", f"{ID}org/tvet"}]
    assert "no tie to any employer" in (gaps.items[0].missing_bridge or "")


def test_report_aggregates_and_serialises(views):
    report = report_from_views(views)
    data = report.to_dict()
    assert data["summary"]["partnerships"] == 3
    assert data["sections"]["recognition_asymmetries"]["count"] == 1
    assert data["sections"]["missing_stakeholders"]["sources"][0].endswith("#para-8")
    import json

    json.dumps(data)


def test_every_section_converts_to_a_frame(views):
    pytest.importorskip("pandas")
    report = report_from_views(views)
    for section in report.sections():
        frame = section.to_frame()
        assert len(frame) == len(section)
    frame = report.missing_stakeholders.to_frame()
    assert list(frame.columns) == ["partnership", "label", "missing", "present"]
    assert frame.attrs["sources"][0].endswith("#para-8")


def test_empty_input_raises_analysis_error():
    with pytest.raises(AnalysisError, match="no partnership"):
        views_from_rows(ViewRows())
    with pytest.raises(AnalysisError, match="no partnership"):
        views_of("@prefix smp: <https://w3id.org/smpgraph/ontology#> . smp:x smp:y smp:z .")


def test_no_stakeholder_raises_for_network_measures():
    lone = views_of("@prefix smp: <https://w3id.org/smpgraph/ontology#> . <urn:p> a smp:Partnership .")
    with pytest.raises(AnalysisError, match="no stakeholder"):
        brokers(lone)


def test_rows_are_plain_values_too():
    rows = rows_of(TOY)
    plain = ViewRows(
        **{
            name: [{k: str(v) for k, v in row.items()} for row in getattr(rows, name)]
            for name in rows.__dataclass_fields__
        }
    )
    assert views_from_rows(plain).cooperation.number_of_edges() == views_of(TOY).cooperation.number_of_edges()
    assert SMP  # the namespace helper stays importable
