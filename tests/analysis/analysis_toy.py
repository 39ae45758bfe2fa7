"""Small hand-made partnership networks whose answers are known by construction (issue 6, item 4).

Tests build them as Turtle, run the package's own ``.rq`` queries over them with rdflib (no store
needed), and analyse the views.
"""

from __future__ import annotations

from rdflib import Graph

from smpgraph.analysis.rows import QUERY_NAMES, ViewRows
from smpgraph.analysis.views import GraphViews, views_from_rows
from smpgraph.resources import query_text

PREFIXES = """
@prefix smp: <https://w3id.org/smpgraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix country: <http://publications.europa.eu/resource/authority/country/> .
@prefix isco: <http://data.europa.eu/esco/isco/C> .
@prefix id: <https://w3id.org/smpgraph/id/> .
"""

#: Two partnerships from MAR to BEL and from BEL to MAR.
#: - p1 has an employer body, a training provider, a certification body and a diaspora organisation,
#:   but no trade union; it trains at origin on a home track; BEL recognises MAR's ICT qualification
#:   (ISCO 25, covering 2512); costs are shared between BEL and employers, workers pay nothing.
#: - p2 (BEL -> MAR) moves people without training or benefit at origin; nobody recognises BEL's
#:   qualification in MAR (asymmetry); its costs fall on the workers.
#: - hub (org/broker) is in both partnerships: the only bridge between them.
#: - org/lonely is the only member of p3: isolated.
TOY = (
    PREFIXES
    + """
id:partnership\\/p1 a smp:SkillsMobilityPartnership ; rdfs:label "P1"@en ;
    smp:originCountry country:MAR ; smp:destinationCountry country:BEL ;
    smp:coversOccupation isco:2512 ;
    smp:hasMembership [ org:member id:org\\/employer ; org:role smp:EmployerRepresentativeRole ] ,
        [ org:member id:org\\/school ] , [ org:member id:org\\/certifier ] , [ org:member id:org\\/diaspora ] ,
        [ org:member id:org\\/broker ] , [ org:member country:MAR ; org:role smp:OriginStateRole ] ;
    smp:hasTraining id:partnership\\/p1\\/training\\/1 ;
    smp:hasRecognitionArrangement id:partnership\\/p1\\/recognition\\/1 ;
    smp:hasCostShare [ smp:payer country:BEL ; smp:share 0.5 ] , [ smp:payer id:org\\/employer ; smp:share 0.5 ] ;
    smp:hasProvision [ a smp:GenderProvision ] , [ a smp:ReturnAndReintegration ] .
id:partnership\\/p1\\/training\\/1 smp:trainingLocation smp:AtOrigin ; smp:track smp:HomeTrack ;
    smp:providedBy id:org\\/school ; smp:targetsOccupation isco:2512 .
id:partnership\\/p1\\/recognition\\/1 a smp:MutualRecognition ; smp:forOccupation isco:25 ;
    smp:sourceJurisdiction country:MAR ; smp:targetJurisdiction country:BEL .
id:org\\/employer a smp:EmployerOrganization ; rdfs:label "Employers"@en .
id:org\\/school a smp:TVETCentre ; rdfs:label "School"@en .
id:org\\/certifier a smp:CertificationBody .
id:org\\/diaspora a smp:DiasporaOrganization .
id:org\\/broker a smp:DevelopmentAgency ; rdfs:label "Broker"@en .

id:partnership\\/p2 a smp:LabourMobilityPathway ; rdfs:label "P2"@en ;
    smp:originCountry country:BEL ; smp:destinationCountry country:MAR ;
    smp:coversOccupation isco:7112 ;
    smp:hasStakeholder id:org\\/broker , id:org\\/union , id:org\\/agency ;
    smp:hasCostShare [ smp:payer smp:MigrantWorkers ; smp:costItem smp:RecruitmentFee ] .
id:org\\/union a smp:TradeUnion .
id:org\\/agency a smp:RecruitmentAgency .

id:partnership\\/p3 a smp:Partnership ; smp:hasStakeholder id:org\\/lonely .
id:org\\/lonely a smp:NonGovernmentalOrganization .
"""
)

#: A chain of separate recognition decisions: BEL recognises MAR's, NLD recognises BEL's; NLD has none for MAR.
CHAIN = (
    PREFIXES
    + """
id:partnership\\/c a smp:Partnership ; smp:hasStakeholder id:org\\/x .
id:r\\/1 a smp:RecognitionDecision ; smp:outcome smp:FullRecognition ;
    smp:sourceJurisdiction country:MAR ; smp:targetJurisdiction country:BEL .
id:r\\/2 a smp:RecognitionDecision ; smp:outcome smp:PartialRecognition ;
    smp:sourceJurisdiction country:BEL ; smp:targetJurisdiction country:NLD .
id:r\\/3 a smp:RecognitionDecision ; smp:outcome smp:NoRecognition ;
    smp:sourceJurisdiction country:NLD ; smp:targetJurisdiction country:MAR .
"""
)

SMP = "https://w3id.org/smpgraph/ontology#"
ID = "https://w3id.org/smpgraph/id/"
COUNTRY = "http://publications.europa.eu/resource/authority/country/"


def rows_of(turtle: str) -> ViewRows:
    """Run the analysis queries over a Turtle text with rdflib."""
    graph = Graph().parse(data=turtle, format="turtle")
    results = {}
    for name in QUERY_NAMES:
        result = graph.query(query_text(f"analysis/{name}.rq"))
        names = [str(v) for v in result.vars or ()]
        results[name] = [
            {n: value for n, value in zip(names, row, strict=True) if value is not None}  # type: ignore[arg-type]
            for row in result
        ]
    return ViewRows(**results)


def views_of(turtle: str) -> GraphViews:
    """The graph views of a Turtle text."""
    return views_from_rows(rows_of(turtle))
