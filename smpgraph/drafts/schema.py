"""The YAML form of a draft agreement: every key, what it holds and the term of the contract it maps to.

This table is the single source of the YAML form. The JSON-LD context ``data/context/smpgraph.jsonld`` is
generated from it (:func:`smpgraph.drafts.context.build_context`), and the YAML reader validates against
it. The IRIs are those of ``docs/design/vocabulary.md``; the components and prerequisites they serve are
those of the IOM paper (``id:source/iom-smp-prerequisites``, paras 7 and 22-30).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final


class ValueKind(enum.Enum):
    """What a YAML key holds."""

    TEXT = "text"  # a plain string
    TEXT_EN = "text (English)"  # a string tagged @en
    INTEGER = "integer"
    DECIMAL = "decimal number"
    BOOLEAN = "true or false"
    DATE = "date (YYYY-MM-DD)"
    LANGUAGE = "language tag (e.g. de)"
    COUNTRY = "ISO 3166 alpha-2 country code (e.g. MA)"
    AGENT = "organisation (org/<slug> or an IRI) or country code"
    ISCO = "ISCO-08 code (e.g. 2221)"
    EQF = "EQF level (1-8)"
    CEFR = "CEFR level (A1-C2)"
    SDG = "SDG goal or target (e.g. 8 or '8.8')"
    GCM = "GCM objective (1-23)"
    CODE = "code"
    WEB_IRI = "web address (http or https)"
    OBJECT = "mapping"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One key of the YAML form.

    Attributes:
        key: the YAML (and JSON-LD) key.
        iri: the compact IRI of the property it maps to.
        kind: what the value holds.
        many: whether a list is allowed (a single value is then accepted too).
        codes: for ``CODE`` (and extra words for ``AGENT``), word -> compact IRI of the concept.
        obj: for ``OBJECT``, the spec of the nested mapping.
    """

    key: str
    iri: str
    kind: ValueKind
    many: bool = False
    codes: Mapping[str, str] = field(default_factory=dict)
    obj: ObjectSpec | None = None


@dataclass(frozen=True, slots=True)
class ObjectSpec:
    """A mapping of the YAML form that becomes one node (the agreement or one of its fact nodes).

    Attributes:
        name: how messages call it.
        slug: the path segment of its minted IRI (``{agreement}/{slug}/{n}``); empty for nodes with an ``id``.
        default_type: compact IRI of its class when no kind is given.
        fields: its keys.
        type_key: the key naming its kind (a subclass), if any.
        kinds: word -> compact IRI of the subclass.
        scalar_kind: whether a plain string stands for ``{type_key: string}`` (provisions).
    """

    name: str
    slug: str
    default_type: str
    fields: tuple[FieldSpec, ...]
    type_key: str | None = None
    kinds: Mapping[str, str] = field(default_factory=dict)
    scalar_kind: bool = False

    def field_named(self, key: str) -> FieldSpec | None:
        """The field with this key, if any."""
        for spec in self.fields:
            if spec.key == key:
                return spec
        return None

    @property
    def keys(self) -> tuple[str, ...]:
        """Every key allowed in this mapping, the type key included."""
        own = tuple(spec.key for spec in self.fields)
        return (*own, self.type_key) if self.type_key else own


K = ValueKind

STATUS: Final = {"draft": "smp:Draft", "signed": "smp:Signed", "inForce": "smp:InForce", "ended": "smp:Ended"}
SCOPE: Final = {"bilateral": "smp:Bilateral", "multilateral": "smp:Multilateral"}
ROLES: Final = {
    "originState": "smp:OriginStateRole",
    "destinationState": "smp:DestinationStateRole",
    "stateParty": "smp:StatePartyRole",
    "implementer": "smp:ImplementerRole",
    "funder": "smp:FunderRole",
    "trainingProvider": "smp:TrainingProviderRole",
    "employer": "smp:EmployerRole",
    "employerRepresentative": "smp:EmployerRepresentativeRole",
    "workerRepresentative": "smp:WorkerRepresentativeRole",
    "recruiter": "smp:RecruiterRole",
    "recognitionAuthority": "smp:RecognitionAuthorityRole",
    "certification": "smp:CertificationRole",
    "placement": "smp:PlacementRole",
    "migrationAuthority": "smp:MigrationAuthorityRole",
    "coordinator": "smp:CoordinatorRole",
    "migrantRepresentative": "smp:MigrantRepresentativeRole",
    "diaspora": "smp:DiasporaRole",
    "localAuthority": "smp:LocalAuthorityRole",
    "advisor": "smp:AdvisorRole",
}
STAKEHOLDER_TYPES: Final = {
    "stakeholder": "smp:Stakeholder",
    "governmentBody": "smp:GovernmentBody",
    "ministry": "smp:Ministry",
    "publicEmploymentService": "smp:PublicEmploymentService",
    "migrationAgency": "smp:MigrationAgency",
    "localAuthority": "smp:LocalAuthority",
    "stateCertificationBody": "smp:StateCertificationBody",
    "certificationBody": "smp:CertificationBody",
    "recognitionAuthority": "smp:RecognitionAuthority",
    "educationProvider": "smp:EducationProvider",
    "tvetCentre": "smp:TVETCentre",
    "university": "smp:University",
    "languageSchool": "smp:LanguageSchool",
    "employerTrainingProvider": "smp:EmployerTrainingProvider",
    "professionalBody": "smp:ProfessionalBody",
    "tradeUnion": "smp:TradeUnion",
    "migrantAssociation": "smp:MigrantAssociation",
    "nonGovernmentalOrganization": "smp:NonGovernmentalOrganization",
    "employer": "smp:Employer",
    "employerOrganization": "smp:EmployerOrganization",
    "chamberOfCommerce": "smp:ChamberOfCommerce",
    "recruitmentAgency": "smp:RecruitmentAgency",
    "diasporaOrganization": "smp:DiasporaOrganization",
    "community": "smp:Community",
    "internationalOrganization": "smp:InternationalOrganization",
    "developmentAgency": "smp:DevelopmentAgency",
}
PORTFOLIOS: Final = {
    "labour": "smp:LabourPortfolio",
    "foreignAffairs": "smp:ForeignAffairsPortfolio",
    "economicDevelopment": "smp:EconomicDevelopmentPortfolio",
    "education": "smp:EducationPortfolio",
    "interior": "smp:InteriorPortfolio",
    "immigration": "smp:ImmigrationPortfolio",
    "migration": "smp:MigrationPortfolio",
    "health": "smp:HealthPortfolio",
    "developmentCooperation": "smp:DevelopmentCooperationPortfolio",
}
INSTRUMENT_KINDS: Final = {
    "instrument": "smp:Instrument",
    "bilateralLabourMigrationAgreement": "smp:BilateralLabourMigrationAgreement",
    "memorandumOfUnderstanding": "smp:MemorandumOfUnderstanding",
    "placementAgreement": "smp:PlacementAgreement",
    "regulation": "smp:Regulation",
    "memorandumOfCooperation": "smp:MemorandumOfCooperation",
}
TRAINING_KINDS: Final = {
    "trainingProgramme": "smp:TrainingProgramme",
    "languageTraining": "smp:LanguageTraining",
    "preDepartureOrientation": "smp:PreDepartureOrientation",
}
LOCATIONS: Final = {"origin": "smp:AtOrigin", "destination": "smp:AtDestination", "thirdCountry": "smp:InThirdCountry"}
TRACKS: Final = {"home": "smp:HomeTrack", "away": "smp:AwayTrack"}
RECOGNITION_KINDS: Final = {
    "recognitionArrangement": "smp:RecognitionArrangement",
    "mutualRecognition": "smp:MutualRecognition",
    "equivalenceWithCompensation": "smp:EquivalenceWithCompensation",
    "skillsTesting": "smp:SkillsTesting",
    "destinationQualificationAtOrigin": "smp:DestinationQualificationAtOrigin",
    "noRecognitionRequired": "smp:NoRecognitionRequired",
    "recognitionOfPriorLearning": "smp:RecognitionOfPriorLearning",
}
COMPENSATORY_MEASURES: Final = {
    "adaptationPeriod": "smp:AdaptationPeriod",
    "aptitudeTest": "smp:AptitudeTest",
    "knowledgeTest": "smp:KnowledgeTest",
    "languageRequirement": "smp:LanguageRequirement",
}
COST_ITEMS: Final = {
    "training": "smp:TrainingCost",
    "languageTraining": "smp:LanguageTrainingCost",
    "travel": "smp:TravelCost",
    "visa": "smp:VisaCost",
    "recruitmentFee": "smp:RecruitmentFee",
    "relocation": "smp:RelocationCost",
    "accommodation": "smp:AccommodationCost",
    "recognition": "smp:RecognitionCost",
    "programme": "smp:ProgrammeCost",
}
PROVISION_KINDS: Final = {
    "localEmployment": "smp:LocalEmploymentMeasure",
    "gender": "smp:GenderProvision",
    "returnAndReintegration": "smp:ReturnAndReintegration",
    "diaspora": "smp:DiasporaEngagement",
    "remittances": "smp:RemittanceFacilitation",
    "socialProtection": "smp:SocialProtection",
    "socialSecurityPortability": "smp:SocialSecurityPortability",
    "family": "smp:FamilyProvision",
    "residencePathway": "smp:ResidencePathway",
    "informationToMigrants": "smp:InformationToMigrants",
    "complaintMechanism": "smp:ComplaintMechanism",
    "wageProtection": "smp:WageProtection",
    "recruitmentFeeBan": "smp:RecruitmentFeeBan",
    "equalTreatment": "smp:EqualTreatment",
    "informationExchange": "smp:InformationExchange",
    "nonDiscrimination": "smp:NonDiscrimination",
    "employmentContract": "smp:EmploymentContractProvision",
    "standardContract": "smp:StandardEmploymentContract",
    "contractTerms": "smp:ContractTermsProvision",
    "housing": "smp:HousingProvision",
    "housingStandards": "smp:HousingStandards",
    "housingMonitoring": "smp:HousingMonitoring",
    "workConditionsMonitoring": "smp:WorkConditionsMonitoring",
    "travelDocumentProtection": "smp:TravelDocumentProtection",
    "unionMembership": "smp:UnionMembershipRight",
    "internationalInstruments": "smp:InternationalInstrumentsReference",
    "agreementPublicity": "smp:AgreementPublicity",
    "contractRenewal": "smp:ContractRenewal",
    "detailedGenderProtection": "smp:DetailedGenderProtection",
    "socialSecurityCoordination": "smp:SocialSecurityCoordination",
    "doubleTaxation": "smp:DoubleTaxationAgreement",
}
STAGES: Final = {
    "educationAndTraining": "smp:EducationAndTrainingStage",
    "preDeparture": "smp:PreDepartureStage",
    "migration": "smp:MigrationStage",
    "employmentAbroad": "smp:EmploymentAbroadStage",
    "return": "smp:ReturnStage",
}
COUNT_TYPES: Final = {
    "applicants": "smp:Applicants",
    "selected": "smp:Selected",
    "trained": "smp:Trained",
    "placed": "smp:Placed",
    "migrated": "smp:Migrated",
    "stayedAtOrigin": "smp:StayedAtOrigin",
    "target": "smp:Target",
}
SEXES: Final = {"female": "smp:Female", "male": "smp:Male", "all": "smp:AllSexes"}
PARTNERSHIP_KINDS: Final = {
    "skillsMobilityPartnership": "smp:SkillsMobilityPartnership",
    "labourMobilityPathway": "smp:LabourMobilityPathway",
    "labourMobilityCooperation": "smp:Partnership",
}
#: words that stand for a payer that is neither an organisation nor a State
PAYERS: Final = {"migrantWorkers": "smp:MigrantWorkers"}

ORGANISATION: Final = ObjectSpec(
    name="organisation",
    slug="",
    default_type="smp:Stakeholder",
    fields=(
        FieldSpec("id", "@id", K.AGENT),
        FieldSpec("name", "skos:prefLabel", K.TEXT_EN),
        FieldSpec("portfolio", "smp:portfolio", K.CODE, codes=PORTFOLIOS),
        FieldSpec("organOf", "smp:organOf", K.COUNTRY),
        FieldSpec("jurisdiction", "smp:jurisdiction", K.COUNTRY),
    ),
    type_key="type",
    kinds=STAKEHOLDER_TYPES,
)
QUALIFICATION: Final = ObjectSpec(
    name="qualification",
    slug="qualification",
    default_type="smp:Qualification",
    fields=(
        FieldSpec("title", "dcterms:title", K.TEXT_EN),
        FieldSpec("eqfLevel", "smp:eqfLevel", K.EQF),
        FieldSpec("nqfLevel", "smp:nqfLevel", K.TEXT),
        FieldSpec("country", "smp:jurisdiction", K.COUNTRY),
        FieldSpec("occupation", "smp:qualifiesFor", K.ISCO, many=True),
        FieldSpec("awardingBody", "smp:awardingBody", K.AGENT),
    ),
)
MEMBERSHIP: Final = ObjectSpec(
    name="stakeholders entry",
    slug="membership",
    default_type="org:Membership",
    fields=(
        FieldSpec("organisation", "org:member", K.OBJECT, obj=ORGANISATION),
        FieldSpec("country", "org:member", K.COUNTRY),
        FieldSpec("role", "org:role", K.CODE, many=True, codes=ROLES),
        FieldSpec("fund", "smp:fundedThrough", K.WEB_IRI, many=True),
    ),
)
INSTRUMENT: Final = ObjectSpec(
    name="instrument",
    slug="instrument",
    default_type="smp:Instrument",
    fields=(
        FieldSpec("title", "dcterms:title", K.TEXT_EN),
        FieldSpec("parties", "smp:party", K.AGENT, many=True),
        FieldSpec("legallyBinding", "smp:legallyBinding", K.BOOLEAN),
        FieldSpec("dateSigned", "smp:dateSigned", K.DATE),
        FieldSpec("status", "smp:status", K.CODE, codes=STATUS),
        FieldSpec("scope", "smp:scope", K.CODE, codes=SCOPE),
    ),
    type_key="kind",
    kinds=INSTRUMENT_KINDS,
)
TRAINING: Final = ObjectSpec(
    name="training entry",
    slug="training",
    default_type="smp:TrainingProgramme",
    fields=(
        FieldSpec("location", "smp:trainingLocation", K.CODE, codes=LOCATIONS),
        FieldSpec("country", "smp:trainingCountry", K.COUNTRY),
        FieldSpec("provider", "smp:providedBy", K.AGENT, many=True),
        FieldSpec("language", "smp:language", K.LANGUAGE),
        FieldSpec("languageLevel", "smp:targetLanguageLevel", K.CEFR),
        FieldSpec("qualification", "smp:leadsToQualification", K.OBJECT, obj=QUALIFICATION),
        FieldSpec("occupation", "smp:targetsOccupation", K.ISCO, many=True),
        FieldSpec("durationMonths", "smp:durationMonths", K.DECIMAL),
        FieldSpec("track", "smp:track", K.CODE, codes=TRACKS),
    ),
    type_key="kind",
    kinds=TRAINING_KINDS,
)
RECOGNITION: Final = ObjectSpec(
    name="recognition entry",
    slug="recognition",
    default_type="smp:RecognitionArrangement",
    fields=(
        FieldSpec("sourceQualification", "smp:sourceQualification", K.OBJECT, obj=QUALIFICATION),
        FieldSpec("targetQualification", "smp:targetQualification", K.OBJECT, obj=QUALIFICATION),
        FieldSpec("sourceCountry", "smp:sourceJurisdiction", K.COUNTRY),
        FieldSpec("targetCountry", "smp:targetJurisdiction", K.COUNTRY),
        FieldSpec("occupation", "smp:forOccupation", K.ISCO, many=True),
        FieldSpec("competentAuthority", "smp:competentAuthority", K.AGENT),
        FieldSpec("compensatoryMeasure", "smp:compensatoryMeasure", K.CODE, many=True, codes=COMPENSATORY_MEASURES),
    ),
    type_key="kind",
    kinds=RECOGNITION_KINDS,
)
MOBILITY: Final = ObjectSpec(
    name="mobility entry",
    slug="mobility",
    default_type="smp:MobilityScheme",
    fields=(
        FieldSpec("origin", "smp:originCountry", K.COUNTRY, many=True),
        FieldSpec("destination", "smp:destinationCountry", K.COUNTRY, many=True),
        FieldSpec("permitType", "smp:permitType", K.TEXT_EN),
        FieldSpec("stayDurationMonths", "smp:stayDurationMonths", K.DECIMAL),
        FieldSpec("annualQuota", "smp:annualQuota", K.INTEGER),
    ),
)
COST_SHARE: Final = ObjectSpec(
    name="costs entry",
    slug="cost-share",
    default_type="smp:CostShare",
    fields=(
        FieldSpec("payer", "smp:payer", K.AGENT, codes=PAYERS),
        FieldSpec("payerRole", "smp:payerRole", K.CODE, codes=ROLES),
        FieldSpec("item", "smp:costItem", K.CODE, many=True, codes=COST_ITEMS),
        FieldSpec("share", "smp:share", K.DECIMAL),
        FieldSpec("amount", "smp:amount", K.DECIMAL),
        FieldSpec("currency", "smp:currency", K.TEXT),
        FieldSpec("fund", "smp:fundedThrough", K.WEB_IRI, many=True),
    ),
)
LABOUR_MARKET_ANALYSIS: Final = ObjectSpec(
    name="labourMarketAnalysis",
    slug="labour-market-analysis",
    default_type="smp:LabourMarketNeedsAnalysis",
    fields=(
        FieldSpec("description", "dcterms:description", K.TEXT_EN),
        FieldSpec("sectors", "smp:analysedSector", K.TEXT_EN, many=True),
        FieldSpec("sources", "prov:wasDerivedFrom", K.WEB_IRI, many=True),
    ),
)
PROVISION: Final = ObjectSpec(
    name="provisions entry",
    slug="provision",
    default_type="smp:Provision",
    fields=(
        FieldSpec("description", "dcterms:description", K.TEXT_EN),
        FieldSpec("stage", "smp:migrationCycleStage", K.CODE, many=True, codes=STAGES),
    ),
    type_key="kind",
    kinds=PROVISION_KINDS,
    scalar_kind=True,
)
COORDINATION_BODY: Final = ObjectSpec(
    name="coordinationBody",
    slug="coordination-body",
    default_type="smp:CoordinationBody",
    fields=(
        FieldSpec("name", "skos:prefLabel", K.TEXT_EN),
        FieldSpec("members", "org:hasMember", K.AGENT, many=True),
    ),
)
JOINT_COMMITTEE: Final = ObjectSpec(
    name="jointCommittee",
    slug="joint-committee",
    default_type="smp:JointCommittee",
    fields=COORDINATION_BODY.fields,
)
INDICATOR: Final = ObjectSpec(
    name="indicator",
    slug="indicator",
    default_type="smp:Indicator",
    fields=(
        FieldSpec("label", "rdfs:label", K.TEXT_EN),
        FieldSpec("sexDisaggregated", "smp:sexDisaggregated", K.BOOLEAN),
        FieldSpec("sdgs", "smp:alignedWithSDG", K.SDG, many=True),
    ),
)
MONITORING_PLAN: Final = ObjectSpec(
    name="monitoringPlan",
    slug="monitoring-plan",
    default_type="smp:MonitoringPlan",
    fields=(
        FieldSpec("description", "dcterms:description", K.TEXT_EN),
        FieldSpec("indicators", "smp:hasIndicator", K.OBJECT, many=True, obj=INDICATOR),
    ),
)
PARTICIPANT_COUNT: Final = ObjectSpec(
    name="participants entry",
    slug="participant-count",
    default_type="smp:ParticipantCount",
    fields=(
        FieldSpec("type", "smp:countType", K.CODE, codes=COUNT_TYPES),
        FieldSpec("sex", "smp:sex", K.CODE, codes=SEXES),
        FieldSpec("count", "smp:count", K.INTEGER),
        FieldSpec("share", "smp:share", K.DECIMAL),
        FieldSpec("referenceDate", "smp:referenceDate", K.DATE),
    ),
)
AGREEMENT: Final = ObjectSpec(
    name="draft",
    slug="",
    default_type="smp:SkillsMobilityPartnership",
    fields=(
        FieldSpec("id", "@id", K.TEXT),
        FieldSpec("title", "dcterms:title", K.TEXT_EN),
        FieldSpec("description", "dcterms:description", K.TEXT_EN),
        FieldSpec("status", "smp:status", K.CODE, codes=STATUS),
        FieldSpec("scope", "smp:scope", K.CODE, codes=SCOPE),
        FieldSpec("startDate", "smp:startDate", K.DATE),
        FieldSpec("endDate", "smp:endDate", K.DATE),
        FieldSpec("origin", "smp:originCountry", K.COUNTRY, many=True),
        FieldSpec("destination", "smp:destinationCountry", K.COUNTRY, many=True),
        FieldSpec("instrument", "smp:hasInstrument", K.OBJECT, many=True, obj=INSTRUMENT),
        FieldSpec("stakeholders", "smp:hasMembership", K.OBJECT, many=True, obj=MEMBERSHIP),
        FieldSpec("training", "smp:hasTraining", K.OBJECT, many=True, obj=TRAINING),
        FieldSpec("recognition", "smp:hasRecognitionArrangement", K.OBJECT, many=True, obj=RECOGNITION),
        FieldSpec("mobility", "smp:hasMobilityScheme", K.OBJECT, many=True, obj=MOBILITY),
        FieldSpec("costs", "smp:hasCostShare", K.OBJECT, many=True, obj=COST_SHARE),
        FieldSpec("recruitmentFeesChargedToWorkers", "smp:recruitmentFeesChargedToWorkers", K.BOOLEAN),
        FieldSpec("provisions", "smp:hasProvision", K.OBJECT, many=True, obj=PROVISION),
        FieldSpec("planningHorizonYears", "smp:planningHorizonYears", K.INTEGER),
        FieldSpec("sdgs", "smp:alignedWithSDG", K.SDG, many=True),
        FieldSpec("gcmObjectives", "smp:alignedWithGCMObjective", K.GCM, many=True),
        FieldSpec("coordinationBody", "smp:hasCoordinationBody", K.OBJECT, many=True, obj=COORDINATION_BODY),
        FieldSpec("jointCommittee", "smp:hasCoordinationBody", K.OBJECT, many=True, obj=JOINT_COMMITTEE),
        FieldSpec("monitoringPlan", "smp:hasMonitoringPlan", K.OBJECT, many=True, obj=MONITORING_PLAN),
        FieldSpec("labourMarketAnalysis", "smp:basedOnAnalysis", K.OBJECT, many=True, obj=LABOUR_MARKET_ANALYSIS),
        FieldSpec("funds", "smp:fundedThrough", K.WEB_IRI, many=True),
        FieldSpec("participants", "smp:hasParticipantCount", K.OBJECT, many=True, obj=PARTICIPANT_COUNT),
        FieldSpec("migrationCycleStages", "smp:coversMigrationCycleStage", K.CODE, many=True, codes=STAGES),
        FieldSpec("occupations", "smp:coversOccupation", K.ISCO, many=True),
        FieldSpec("sources", "prov:wasDerivedFrom", K.WEB_IRI, many=True),
    ),
    type_key="partnership",
    kinds=PARTNERSHIP_KINDS,
)
