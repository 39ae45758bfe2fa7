"""Synthetic but realistic SMP data in smpgraph's vocabulary, for benchmarks (issue 2, item 6).

Every term comes from ``docs/design/vocabulary.md``. Each partnership gets an instrument, 2-3 countries
(EU authority IRIs), 5-15 memberships drawn from a shared pool of stakeholders (the pool grows with the
number of partnerships and is drawn with a Zipf-like skew, so hubs emerge), training programmes,
qualifications with an EQF level, recognition arrangements for some ISCO unit groups, a mobility scheme,
participant counts by sex, cost shares and provisions. About 100 triples per partnership: 100, 1,000 and
10,000 partnerships give about 10k, 100k and 1M triples. The output is the same for the same seed.

Usage::

    python -m benchmarks.generate --partnerships 1000 --seed 7 -o /tmp/smp-100k.nt
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, XSD
from rdflib.term import Node

SMP = Namespace("https://w3id.org/smpgraph/ontology#")
ID = Namespace("https://w3id.org/smpgraph/id/")
COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
ISCO = Namespace("http://data.europa.eu/esco/isco/C")
EQF = Namespace("http://data.europa.eu/snb/eqf/")
SDG = Namespace("http://metadata.un.org/sdg/")

Triple = tuple[URIRef, URIRef, Node]

ORIGINS = [
    "MAR",
    "TUN",
    "EGY",
    "NGA",
    "SEN",
    "GHA",
    "GMB",
    "CIV",
    "KEN",
    "ETH",
    "PHL",
    "IND",
    "PAK",
    "BGD",
    "NPL",
    "LKA",
    "VNM",
    "IDN",
    "GEO",
    "MDA",
    "UKR",
    "KGZ",
    "UZB",
    "JOR",
    "ARM",
    "ALB",
]
DESTINATIONS = [
    "DEU",
    "BEL",
    "FRA",
    "ITA",
    "ESP",
    "NLD",
    "SWE",
    "FIN",
    "AUT",
    "IRL",
    "PRT",
    "POL",
    "CZE",
    "LTU",
    "EST",
    "GBR",
    "NOR",
    "CHE",
    "CAN",
    "AUS",
    "NZL",
    "JPN",
    "KOR",
    "SAU",
    "ARE",
    "QAT",
]
#: ISCO-08 unit groups common in SMPs: nurses, care, construction, mechanics, drivers, hospitality, ICT, farming
OCCUPATIONS = [
    "2221",
    "3221",
    "5321",
    "5322",
    "7126",
    "7411",
    "7412",
    "7231",
    "7212",
    "8332",
    "5120",
    "5131",
    "2512",
    "3113",
    "7115",
    "7112",
    "7233",
    "6111",
    "9211",
    "5311",
    "3256",
    "7522",
    "7127",
    "8342",
]
SECTORS = ["health care", "construction", "ICT", "hospitality", "agriculture", "logistics", "manufacturing"]
INSTRUMENTS = [
    SMP.MemorandumOfUnderstanding,
    SMP.BilateralLabourMigrationAgreement,
    SMP.PlacementAgreement,
    SMP.Regulation,
    SMP.MemorandumOfCooperation,
]
STATUSES = [SMP.Signed, SMP.InForce, SMP.InForce, SMP.Ended, SMP.Draft]
#: stakeholder class, slug part, role it usually plays
KINDS: list[tuple[URIRef, str, URIRef]] = [
    (SMP.TVETCentre, "tvet", SMP.TrainingProviderRole),
    (SMP.Employer, "employer", SMP.EmployerRole),
    (SMP.EmployerOrganization, "employers", SMP.EmployerRepresentativeRole),
    (SMP.TradeUnion, "union", SMP.WorkerRepresentativeRole),
    (SMP.RecruitmentAgency, "recruiter", SMP.RecruiterRole),
    (SMP.University, "university", SMP.TrainingProviderRole),
    (SMP.LanguageSchool, "language-school", SMP.TrainingProviderRole),
    (SMP.ChamberOfCommerce, "chamber", SMP.EmployerRepresentativeRole),
    (SMP.RecognitionAuthority, "recognition", SMP.RecognitionAuthorityRole),
    (SMP.NonGovernmentalOrganization, "ngo", SMP.ImplementerRole),
    (SMP.DiasporaOrganization, "diaspora", SMP.DiasporaRole),
    (SMP.LocalAuthority, "local", SMP.LocalAuthorityRole),
    (SMP.MigrationAgency, "migration", SMP.MigrationAuthorityRole),
]
AGENCIES = [
    ("enabel", SMP.DevelopmentAgency),
    ("giz", SMP.DevelopmentAgency),
    ("iom", SMP.InternationalOrganization),
    ("ilo", SMP.InternationalOrganization),
    ("icmpd", SMP.InternationalOrganization),
]
RECOGNITION = [
    SMP.MutualRecognition,
    SMP.EquivalenceWithCompensation,
    SMP.SkillsTesting,
    SMP.DestinationQualificationAtOrigin,
    SMP.NoRecognitionRequired,
]
COMPENSATION = [SMP.AdaptationPeriod, SMP.AptitudeTest, SMP.KnowledgeTest, SMP.LanguageRequirement]
PROVISIONS = [
    SMP.GenderProvision,
    SMP.ReturnAndReintegration,
    SMP.SocialSecurityPortability,
    SMP.RecruitmentFeeBan,
    SMP.EqualTreatment,
    SMP.LocalEmploymentMeasure,
    SMP.WageProtection,
    SMP.ComplaintMechanism,
    SMP.FamilyProvision,
    SMP.InformationToMigrants,
]
COST_ITEMS = [
    SMP.TrainingCost,
    SMP.LanguageTrainingCost,
    SMP.TravelCost,
    SMP.VisaCost,
    SMP.RecognitionCost,
    SMP.RelocationCost,
    SMP.AccommodationCost,
]
COUNT_TYPES = [SMP.Trained, SMP.Placed, SMP.Migrated, SMP.Target, SMP.Applicants, SMP.StayedAtOrigin]
SDGS = ["4", "4.4", "5", "8", "8.8", "10", "10.7", "17"]


def _zipf_pick(rng: random.Random, pool: list[URIRef]) -> URIRef:
    # rank r is chosen with weight 1/r: a few stakeholders take part in many partnerships
    weights = [1.0 / rank for rank in range(1, len(pool) + 1)]
    return rng.choices(pool, weights=weights)[0]


class _Generator:
    def __init__(self, partnerships: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.partnerships = partnerships
        self.per_country = 8 + partnerships // 25  # the pool grows with N
        self.pools: dict[str, list[URIRef]] = {}
        self.declared: set[URIRef] = set()

    def _declare(self, node: URIRef, cls: URIRef, label: str) -> Iterator[Triple]:
        if node not in self.declared:
            self.declared.add(node)
            yield node, RDF.type, cls
            yield node, RDFS.label, Literal(label, lang="en")

    def _country(self, code: str) -> Iterator[Triple]:
        yield from self._declare(COUNTRY[code], SMP.Country, code)

    def _ministry(self, code: str) -> Iterator[Triple]:
        node = ID[f"org/{code.lower()}-ministry-labour"]
        if node not in self.declared:
            yield from self._declare(node, SMP.Ministry, f"Ministry of Labour ({code})")
            yield node, SMP.portfolio, SMP.LabourPortfolio
        for slug, cls in (("pes", SMP.PublicEmploymentService),):
            yield from self._declare(ID[f"org/{code.lower()}-{slug}"], cls, f"Public employment service ({code})")

    def _pool(self, code: str) -> list[URIRef]:
        if code not in self.pools:
            self.pools[code] = [
                ID[f"org/{code.lower()}-{KINDS[i % len(KINDS)][1]}-{i}"] for i in range(self.per_country)
            ]
        return self.pools[code]

    def _stakeholder(self, code: str) -> tuple[URIRef, URIRef, list[Triple]]:
        node = _zipf_pick(self.rng, self._pool(code))
        index = int(str(node).rsplit("-", 1)[1])
        cls, slug, role = KINDS[index % len(KINDS)]
        return node, role, list(self._declare(node, cls, f"{slug} {index} ({code})"))

    def triples(self) -> Iterator[Triple]:
        for number in range(1, self.partnerships + 1):
            yield from self._partnership(number)

    def _partnership(self, number: int) -> Iterator[Triple]:
        rng = self.rng
        slug = f"gen-{number:05d}"
        p = ID[f"partnership/{slug}"]
        origins = rng.sample(ORIGINS, 2 if rng.random() < 0.2 else 1)
        destination = rng.choice(DESTINATIONS)
        countries = [*origins, destination]
        smp = rng.random() < 0.6
        occupations = [ISCO[code] for code in rng.sample(OCCUPATIONS, rng.randint(1, 3))]
        start = date(2010, 1, 1) + timedelta(days=rng.randrange(5000))
        for code in countries:
            yield from self._country(code)
            yield from self._ministry(code)

        yield p, RDF.type, SMP.SkillsMobilityPartnership if smp else SMP.LabourMobilityPathway
        yield p, RDFS.label, Literal(f"Partnership {number} {'-'.join(origins)} to {destination}", lang="en")
        yield p, SMP.status, rng.choice(STATUSES)
        yield p, SMP.scope, SMP.Multilateral if len(countries) > 2 else SMP.Bilateral
        yield p, SMP.startDate, Literal(start)
        if rng.random() < 0.5:
            yield p, SMP.endDate, Literal(start + timedelta(days=365 * rng.randint(2, 6)))
        yield p, SMP.planningHorizonYears, Literal(rng.randint(2, 10))
        for code in origins:
            yield p, SMP.originCountry, COUNTRY[code]
        yield p, SMP.destinationCountry, COUNTRY[destination]
        for occupation in occupations:
            yield p, SMP.coversOccupation, occupation
        yield p, SMP.sector, Literal(rng.choice(SECTORS), lang="en")
        yield p, SMP.recruitmentFeesChargedToWorkers, Literal(rng.random() < 0.1)
        yield p, SMP.alignedWithSDG, SDG[rng.choice(SDGS)]
        yield p, PROV.wasDerivedFrom, URIRef(f"https://example.org/sources/{slug}")
        yield p, SMP.certainty, SMP.Verified if rng.random() < 0.8 else SMP.Uncertain

        instrument = ID[f"instrument/{slug}"]
        yield p, SMP.hasInstrument, instrument
        yield instrument, RDF.type, rng.choice(INSTRUMENTS)
        yield instrument, DCTERMS.title, Literal(f"Agreement {number} on labour mobility", lang="en")
        for code in countries:
            yield instrument, SMP.party, COUNTRY[code]
        yield instrument, SMP.dateSigned, Literal(start - timedelta(days=rng.randrange(30, 400)))
        yield instrument, SMP.legallyBinding, Literal(rng.random() < 0.4)

        members: list[tuple[URIRef, URIRef]] = [(COUNTRY[code], SMP.OriginStateRole) for code in origins]
        members.append((COUNTRY[destination], SMP.DestinationStateRole))
        members.extend((ID[f"org/{code.lower()}-ministry-labour"], SMP.ImplementerRole) for code in countries)
        members.append((ID[f"org/{rng.choice(countries).lower()}-pes"], SMP.PlacementRole))
        if rng.random() < 0.5:
            name, cls = rng.choice(AGENCIES)
            yield from self._declare(ID[f"org/{name}"], cls, name.upper())
            members.append((ID[f"org/{name}"], SMP.FunderRole))
        available = len(members) + sum(len(self._pool(code)) for code in set(countries))
        wanted = min(round(rng.triangular(5, 15, 6)), available)
        for _ in range(wanted * 50):  # Zipf picks repeat; bounded so that a small pool cannot loop forever
            if len(members) >= wanted:
                break
            node, role, declared = self._stakeholder(rng.choice(countries))
            yield from declared
            if all(node != member for member, _ in members):
                members.append((node, role))
        for index, (member, role) in enumerate(members[:15], start=1):
            membership = ID[f"partnership/{slug}/membership/{index}"]
            yield p, SMP.hasMembership, membership
            yield membership, RDF.type, ORG.Membership
            yield membership, ORG.member, member
            yield membership, ORG.role, role

        providers = [member for member, role in members if role == SMP.TrainingProviderRole] or [members[-1][0]]
        for index in range(1, (2 if rng.random() < 0.15 else 1) + 1):
            training = ID[f"partnership/{slug}/training/{index}"]
            qualification = ID[f"partnership/{slug}/qualification/{index}"]
            occupation = rng.choice(occupations)
            at_origin = rng.random() < 0.7
            yield p, SMP.hasTraining, training
            yield training, RDF.type, SMP.TrainingProgramme if index == 1 else SMP.LanguageTraining
            yield training, SMP.trainingLocation, SMP.AtOrigin if at_origin else SMP.AtDestination
            yield training, SMP.trainingCountry, COUNTRY[origins[0] if at_origin else destination]
            yield training, SMP.providedBy, rng.choice(providers)
            yield training, SMP.track, SMP.AwayTrack if rng.random() < 0.6 else SMP.HomeTrack
            yield training, SMP.targetsOccupation, occupation
            yield training, SMP.durationMonths, Literal(rng.choice([3, 6, 9, 12, 18, 24]))
            yield training, SMP.leadsToQualification, qualification
            yield qualification, RDF.type, SMP.Qualification
            yield qualification, SMP.eqfLevel, EQF[str(rng.randint(3, 6))]
            yield qualification, SMP.jurisdiction, COUNTRY[origins[0] if at_origin else destination]
            yield qualification, SMP.qualifiesFor, occupation

            if rng.random() < 0.4:
                arrangement = ID[f"partnership/{slug}/recognition/{index}"]
                yield p, SMP.hasRecognitionArrangement, arrangement
                yield arrangement, RDF.type, rng.choice(RECOGNITION)
                yield arrangement, SMP.sourceQualification, qualification
                yield arrangement, SMP.sourceJurisdiction, COUNTRY[origins[0]]
                yield arrangement, SMP.targetJurisdiction, COUNTRY[destination]
                yield arrangement, SMP.forOccupation, occupation
                yield arrangement, SMP.competentAuthority, ID[f"org/{destination.lower()}-ministry-labour"]
                yield arrangement, SMP.compensatoryMeasure, rng.choice(COMPENSATION)

        scheme = ID[f"partnership/{slug}/scheme/1"]
        yield p, SMP.hasMobilityScheme, scheme
        yield scheme, RDF.type, SMP.MobilityScheme
        yield scheme, SMP.originCountry, COUNTRY[origins[0]]
        yield scheme, SMP.destinationCountry, COUNTRY[destination]
        yield scheme, SMP.permitType, Literal("skilled worker visa", lang="en")
        yield scheme, SMP.stayDurationMonths, Literal(rng.choice([12, 24, 36, 48]))
        yield scheme, SMP.annualQuota, Literal(rng.randrange(20, 2000, 10))

        year = Literal(str(min(start.year + 2, 2025)), datatype=XSD.gYear)
        index = 0
        for count_type in rng.sample(COUNT_TYPES, 1 if rng.random() < 0.7 else 2):
            female = rng.randint(0, 300)
            male = rng.randint(0, 300)
            by_sex = [(SMP.Female, female), (SMP.Male, male)] if rng.random() < 0.5 else []
            for sex, value in [*by_sex, (SMP.AllSexes, female + male)]:
                index += 1
                count = ID[f"partnership/{slug}/count/{index}"]
                yield p, SMP.hasParticipantCount, count
                yield count, RDF.type, SMP.ParticipantCount
                yield count, SMP.countType, count_type
                yield count, SMP.sex, sex
                yield count, SMP["count"], Literal(value)
                yield count, SMP.referenceDate, year

        payers = [COUNTRY[destination], ID[f"org/{destination.lower()}-ministry-labour"], members[-1][0]]
        for index in range(1, (2 if rng.random() < 0.3 else 1) + 1):
            share = ID[f"partnership/{slug}/cost/{index}"]
            yield p, SMP.hasCostShare, share
            yield share, RDF.type, SMP.CostShare
            yield share, SMP.payer, rng.choice(payers)
            yield share, SMP.costItem, rng.choice(COST_ITEMS)
            yield share, SMP.share, Literal(f"{rng.choice([0.25, 0.5, 0.75, 1.0]):.2f}", datatype=XSD.decimal)

        for index, provision_class in enumerate(rng.sample(PROVISIONS, rng.randint(1, 2)), start=1):
            provision = ID[f"partnership/{slug}/provision/{index}"]
            yield p, SMP.hasProvision, provision
            yield provision, RDF.type, provision_class
            yield provision, DCTERMS.description, Literal(f"Provision {index} of partnership {number}", lang="en")


def generate(partnerships: int, seed: int = 0) -> Iterator[Triple]:
    """Generate the triples of ``partnerships`` synthetic partnerships.

    Args:
        partnerships: how many partnerships (about 100 triples each).
        seed: the random seed; the same seed gives the same triples in the same order.

    Returns:
        An iterator of ``(subject, predicate, object)`` rdflib terms.
    """
    return _Generator(partnerships, seed).triples()


def write(path: Path, partnerships: int, seed: int = 0, *, fmt: str = "nt") -> int:
    """Write the generated data to ``path`` as N-Triples (``nt``) or Turtle (``ttl``); return the triple count."""
    if fmt == "ttl":
        from rdflib import Graph

        graph = Graph()
        graph.bind("smp", SMP)
        graph.bind("id", ID)
        for triple in generate(partnerships, seed):
            graph.add(triple)
        graph.serialize(path, format="turtle")
        return len(graph)
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for subject, predicate, obj in generate(partnerships, seed):
            out.write(f"{subject.n3()} {predicate.n3()} {obj.n3()} .\n")
            count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m benchmarks.generate --partnerships N [--seed S] [-o PATH]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--partnerships", type=int, required=True, help="number of partnerships")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--format", choices=["nt", "ttl"], default=None, help="default: from the file name, else nt")
    parser.add_argument("-o", "--output", type=Path, default=None, help="file to write (default: stdout, N-Triples)")
    args = parser.parse_args(argv)
    if args.output is None:
        count = 0
        for subject, predicate, obj in generate(args.partnerships, args.seed):
            sys.stdout.write(f"{subject.n3()} {predicate.n3()} {obj.n3()} .\n")
            count += 1  # noqa: SIM113  (a generator has no len)
    else:
        fmt = args.format or ("ttl" if args.output.suffix == ".ttl" else "nt")
        count = write(args.output, args.partnerships, args.seed, fmt=fmt)
    print(f"{count} triples for {args.partnerships} partnerships (seed {args.seed})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
