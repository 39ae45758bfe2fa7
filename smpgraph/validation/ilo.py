"""The ILO standard: the 34 best-practice provisions of bilateral labour agreements, checked on a draft.

Chilton and Woda coded 570 bilateral labour agreements on the ILO's best-practice topics for such agreements,
numbered (1) to (20c) in their codebook (``data/mappings/bla-provisions.tsv`` lists them with the labels of
the dataset). This module says, for each of them, whether a draft provides it and which YAML keys state it.
The rule for each item reads the draft's graph (with the ontology's class hierarchy), e.g. item (16),
complaint mechanisms, is provided by a provision of class ``smp:ComplaintMechanism``; item (7a), a role for
unions at origin, by a trade union whose jurisdiction is a country of origin. How common each provision is
among real agreements is :mod:`smpgraph.validation.peers`. See docs/decisions/0016-ilo-standard.md.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, RDF
from rdflib.term import IdentifiedNode, Node

from smpgraph.bla.provisions import read_provision_table
from smpgraph.namespaces import SMP
from smpgraph.validation.shapes import superclasses

__all__ = ["ILO_RULES", "DraftProfile", "IloProvision", "ilo_provisions", "profile"]

#: roles that make their holder a State party, and the properties by which a body reaches its State
_STATE_ROLES: Final = {SMP.OriginStateRole, SMP.DestinationStateRole, SMP.StatePartyRole}


@dataclass(frozen=True, slots=True)
class DraftProfile:
    """What the ILO rules read from one agreement of a draft.

    Attributes:
        provisions: the classes (and superclasses) of its provisions and coordination bodies.
        roles: the roles of its memberships.
        members: per member, its classes (and superclasses) and its jurisdictions.
        origins: its countries of origin (``smp:originCountry`` and the members in the origin State role).
        destinations: its countries of destination (likewise).
        training: True when it has a training programme.
        recognition: True when it has a recognition arrangement that recognises something.
        data_sharing: True when it has a data-sharing arrangement.
        no_fees: True when it states that workers are charged no recruitment fees.
    """

    provisions: frozenset[Node]
    roles: frozenset[Node]
    members: tuple[tuple[frozenset[Node], frozenset[Node]], ...]
    origins: frozenset[Node]
    destinations: frozenset[Node]
    training: bool
    recognition: bool
    data_sharing: bool
    no_fees: bool

    def has(self, *classes: URIRef) -> bool:
        """True when a provision or coordination body is of one of ``classes`` (or a subclass)."""
        return any(cls in self.provisions for cls in classes)

    def member(self, *classes: URIRef, within: frozenset[Node] | None = None) -> bool:
        """True when a member is of one of ``classes`` (and, with ``within``, has a jurisdiction in it)."""
        return any(
            any(cls in kinds for cls in classes) and (within is None or bool(places & within))
            for kinds, places in self.members
        )


def _classes(graph: Graph, node: Node) -> frozenset[Node]:
    return frozenset(superclasses(graph.objects(node, RDF.type)))


def _state_of(graph: Graph, member: Node) -> set[Node]:
    """The countries a member is or acts for (``smp:organOf``, also through ``org:subOrganizationOf``)."""
    found: set[Node] = set()
    todo, seen = [member], {member}
    while todo:
        node = todo.pop()
        if SMP.Country in _classes(graph, node) or str(node).startswith(
            ("http://publications.europa.eu/resource/authority/country/", "https://w3id.org/smpgraph/id/country/")
        ):
            found.add(node)
        for nxt in (*graph.objects(node, SMP.organOf), *graph.objects(node, ORG.subOrganizationOf)):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return found


def profile(graph: Graph, agreement: IdentifiedNode) -> DraftProfile:
    """The profile of one agreement of ``graph`` (classes get their superclasses from the ontology closure)."""
    provisions: set[Node] = set()
    for predicate in (SMP.hasProvision, SMP.hasCoordinationBody):
        for node in graph.objects(agreement, predicate):
            provisions |= _classes(graph, node)
    roles: set[Node] = set()
    members = []
    origins = set(graph.objects(agreement, SMP.originCountry))
    destinations = set(graph.objects(agreement, SMP.destinationCountry))
    for membership in graph.objects(agreement, SMP.hasMembership):
        own_roles = set(graph.objects(membership, ORG.role))
        roles |= own_roles
        for member in graph.objects(membership, ORG.member):
            members.append((_classes(graph, member), frozenset(graph.objects(member, SMP.jurisdiction))))
            if own_roles & _STATE_ROLES:
                states = _state_of(graph, member)
                if SMP.OriginStateRole in own_roles:
                    origins |= states
                if SMP.DestinationStateRole in own_roles:
                    destinations |= states
    recognises = any(
        SMP.NoRecognitionRequired not in _classes(graph, node)
        for node in graph.objects(agreement, SMP.hasRecognitionArrangement)
    )
    fees = graph.value(agreement, SMP.recruitmentFeesChargedToWorkers)
    return DraftProfile(
        provisions=frozenset(provisions),
        roles=frozenset(roles),
        members=tuple(members),
        origins=frozenset(origins),
        destinations=frozenset(destinations),
        training=(agreement, SMP.hasTraining, None) in graph,
        recognition=recognises,
        data_sharing=(agreement, SMP.hasDataSharing, None) in graph,
        no_fees=isinstance(fees, Literal) and fees.toPython() is False,
    )


Rule = Callable[[DraftProfile], bool]

#: per codebook variable: the rule that says whether a draft provides it, and the YAML keys that state it
ILO_RULES: Final[dict[str, tuple[Rule, str]]] = {
    "intl_instr": (lambda p: p.has(SMP.InternationalInstrumentsReference),
                   "`provisions` → `kind: internationalInstruments`"),
    "info_exch": (lambda p: p.has(SMP.InformationExchange) or p.data_sharing,
                  "`provisions` → `kind: informationExchange`"),
    "info_dissem": (lambda p: p.has(SMP.AgreementPublicity), "`provisions` → `kind: agreementPublicity`"),
    "govt_agencies": (lambda p: p.member(SMP.GovernmentBody),
                      "`stakeholders` → `organisation` → `type`: ministry / publicEmploymentService / migrationAgency, "
                      "with its `role`"),
    "joint_commit": (lambda p: p.has(SMP.JointCommittee), "`jointCommittee` → `name`, `members`"),
    "recruit_cost_mig": (lambda p: p.has(SMP.RecruitmentFeeBan) or p.no_fees,
                         "`provisions` → `kind: recruitmentFeeBan`; `recruitmentFeesChargedToWorkers: false`"),
    "recruit_auth": (lambda p: SMP.RecruiterRole in p.roles or p.member(SMP.RecruitmentAgency),
                     "`stakeholders` → `role: recruiter`; `organisation` → `type: recruitmentAgency`"),
    "labor_union_orig": (lambda p: p.member(SMP.TradeUnion, within=p.origins),
                         "`stakeholders` → `organisation` → `type: tradeUnion`, `jurisdiction`: the origin country"),
    "labor_union_dest": (lambda p: p.member(SMP.TradeUnion, within=p.destinations),
                         "`stakeholders` → `organisation` → `type: tradeUnion`, "
                         "`jurisdiction`: the destination country"),
    "labor_union_join": (lambda p: p.has(SMP.UnionMembershipRight), "`provisions` → `kind: unionMembership`"),
    "emp_orgs": (lambda p: SMP.EmployerRepresentativeRole in p.roles
                 or p.member(SMP.EmployerOrganization, SMP.ChamberOfCommerce),
                 "`stakeholders` → `role: employerRepresentative`; `organisation` → `type: employerOrganization`"),
    "ngos": (lambda p: p.member(SMP.NonGovernmentalOrganization, SMP.MigrantAssociation),
             "`stakeholders` → `organisation` → `type`: nonGovernmentalOrganization / migrantAssociation"),
    "migrant_info": (lambda p: p.has(SMP.InformationToMigrants), "`provisions` → `kind: informationToMigrants`"),
    "prot_equal": (lambda p: p.has(SMP.EqualTreatment), "`provisions` → `kind: equalTreatment`"),
    "prot_women": (lambda p: p.has(SMP.GenderProvision), "`provisions` → `kind: gender`"),
    "prot_women_det": (lambda p: p.has(SMP.DetailedGenderProtection),
                       "`provisions` → `kind: detailedGenderProtection`"),
    "prot_other": (lambda p: p.has(SMP.NonDiscrimination), "`provisions` → `kind: nonDiscrimination`"),
    "contract_req": (lambda p: p.has(SMP.EmploymentContractProvision), "`provisions` → `kind: employmentContract`"),
    "contract_standard": (lambda p: p.has(SMP.StandardEmploymentContract),
                          "`provisions` → `kind: standardContract`"),
    "contract_terms": (lambda p: p.has(SMP.ContractTermsProvision), "`provisions` → `kind: contractTerms`"),
    "wage_prot": (lambda p: p.has(SMP.WageProtection), "`provisions` → `kind: wageProtection`"),
    "housing_req": (lambda p: p.has(SMP.HousingProvision), "`provisions` → `kind: housing`"),
    "housing_cond": (lambda p: p.has(SMP.HousingStandards), "`provisions` → `kind: housingStandards`"),
    "housing_monitor": (lambda p: p.has(SMP.HousingMonitoring), "`provisions` → `kind: housingMonitoring`"),
    "work_monitor": (lambda p: p.has(SMP.WorkConditionsMonitoring),
                     "`provisions` → `kind: workConditionsMonitoring`"),
    "passport": (lambda p: p.has(SMP.TravelDocumentProtection), "`provisions` → `kind: travelDocumentProtection`"),
    "social_security": (lambda p: p.has(SMP.SocialProtection, SMP.SocialSecurityPortability,
                                        SMP.SocialSecurityCoordination),
                        "`provisions` → `kind`: socialProtection / socialSecurityPortability / "
                        "socialSecurityCoordination"),
    "disputes_emp_mig": (lambda p: p.has(SMP.ComplaintMechanism), "`provisions` → `kind: complaintMechanism`"),
    "mig_human_cap": (lambda p: p.training, "`training` → `location`, `provider`, `occupation`"),
    "credentials": (lambda p: p.recognition, "`recognition` → `kind`, `sourceCountry`, `targetCountry`"),
    "remittances": (lambda p: p.has(SMP.RemittanceFacilitation), "`provisions` → `kind: remittances`"),
    "reintegration": (lambda p: p.has(SMP.ReturnAndReintegration), "`provisions` → `kind: returnAndReintegration`"),
    "contract_renewal": (lambda p: p.has(SMP.ContractRenewal), "`provisions` → `kind: contractRenewal`"),
    "perm_resid": (lambda p: p.has(SMP.ResidencePathway), "`provisions` → `kind: residencePathway`"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class IloProvision:
    """One provision of the ILO standard (a codebook item of the BLA dataset).

    Attributes:
        item: its number in the codebook, e.g. ``"(7a)"``.
        variable: its column in the coded data, e.g. ``"labor_union_orig"``.
        label: its name in the codebook (English).
        yaml: the YAML keys of a draft that state it.
        rule: whether a draft's profile provides it.
    """

    item: str
    variable: str
    label: str
    yaml: str
    rule: Rule

    def provided_by(self, draft: DraftProfile) -> bool:
        """True when the draft provides this provision."""
        return self.rule(draft)


@functools.lru_cache(maxsize=1)
def ilo_provisions() -> tuple[IloProvision, ...]:
    """The 34 provisions, in the codebook's order (items and labels from ``data/mappings/bla-provisions.tsv``)."""
    found = []
    for entry in read_provision_table():
        rule, yaml = ILO_RULES[entry.variable]
        found.append(IloProvision(entry.item, entry.variable, entry.label, yaml, rule))
    return tuple(found)


def provided_variables(draft: DraftProfile, provisions: Iterable[IloProvision] | None = None) -> frozenset[str]:
    """The codebook variables a draft provides."""
    return frozenset(p.variable for p in (provisions or ilo_provisions()) if p.provided_by(draft))
