"""The facts model: every entry type, every field, and the RDF term each one becomes.

This table is the one schema of duikou. The loader validates against it, the converter
turns entries into triples with it, and the JSON Schema, the OWL ontology, the SHACL shapes
and the README's format reference are all generated from it. Change it here, then run
``duikou schema --write`` to regenerate the committed files.
"""

from __future__ import annotations

from dataclasses import dataclass

# Value kinds a field can have. Each is parsed and checked by graph.facts.values / graph.validate.
TEXT = "text"  # a plain string
LANG_TEXT = "lang_text"  # {zh: ..., en: ...}
LANG_TEXTS = "lang_texts"  # {zh: [...], en: [...]}
TEXTS = "texts"  # a list of strings (Chinese unless said otherwise)
REF = "ref"  # the id of another entry
REFS = "refs"  # a list of ids
DATE = "date"  # YYYY, YYYY-MM or YYYY-MM-DD
MONEY = "money"  # 109亿元, 3000万元, 5000元, or a plain number of yuan
QUANTITY = "quantity"  # an observation value: count, money or percentage
INTEGER = "integer"
DEGREES = "degrees"  # a WGS84 latitude or longitude in decimal degrees
ENUM = "enum"
URL = "url"
SLUG = "slug"
INFERENCES = "inferences"  # {field name: reason the value was inferred}

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SEED_PATTERN = r"^[0-9]{3}_[0-9a-f]{16}\.txt$"


@dataclass(frozen=True)
class Field:
    """One key an entry may have."""

    name: str
    kind: str
    doc: str
    predicate: str | None = None  # CURIE of the property it becomes; None: handled specially
    required: bool = False
    targets: tuple[str, ...] = ()  # for REF/REFS: the entry types it may point to
    values: tuple[str, ...] = ()  # for ENUM: the allowed values
    lang: str | None = None  # language tag for TEXTS


@dataclass(frozen=True)
class EntryType:
    """One value of ``type:``, with the ontology class it becomes."""

    name: str
    doc: str
    fields: tuple[Field, ...]
    needs_sources: bool = True


PLACE_TYPES = ("Province", "City", "District")
ORG_TYPES = ("Hospital", "School", "University", "Firm", "Organization")
AGENT_TYPES = PLACE_TYPES + ORG_TYPES + ("IndustrialPark",)
LOCATION_TYPES = PLACE_TYPES + ("IndustrialPark",)
PAIRABLE_TYPES = AGENT_TYPES
ANY_DESCRIBED = (
    AGENT_TYPES
    + ("Project", "Agreement", "PolicyDocument", "Event", "Pairing", "Observation", "Programme", "RevolutionaryOldArea")
)

PROJECT_STATUSES = (
    "planned",
    "signed",
    "under-construction",
    "in-production",
    "completed",
    "operating",
)
PAIRING_LEVELS = ("city", "county", "institution")
EVENT_KINDS = (
    "joint-meeting",
    "signing-ceremony",
    "fair",
    "exhibition",
    "opening",
    "performance",
    "forum",
    "visit",
    "evaluation",
    "campaign",
    "festival",
    "award",
    "other",
)
ORGANIZATION_KINDS = (
    "government",
    "party-school",
    "memorial-hall",
    "research-institute",
    "chamber-of-commerce",
    "association",
    "media",
    "venue",
    "platform",
    "other",
)
PARK_KINDS = ("industrial-park", "development-zone", "talent-enclave", "other")
DOCUMENT_KINDS = ("plan", "opinion", "measures", "report", "other")
SOURCE_KINDS = ("news", "government", "reference", "repost")
QUALIFIERS = ("exact", "about", "more-than", "at-least")
MEASURE_KINDS = ("count", "money", "ratio", "size")
DOC_SCOPE_TYPES = PLACE_TYPES + ("Pairing", "Programme")
CITY_KINDS = ("prefecture-level-city", "autonomous-prefecture", "municipality")
# What a location's point is: the seat of the unit's government, or a point computed from the
# unit's boundary that stands for it on a map.
POINT_KINDS = ("government-seat", "boundary-point")
LOCATED_TYPES = PLACE_TYPES + ("IndustrialPark",)

# Fields every described entry (everything but sources and measures) shares.
NAME = Field(
    "name",
    LANG_TEXT,
    "Name: `{zh: ..., en: ...}`. The facts give both (tests/test_names.py): the official name where a source gives one, else a plain descriptive one.",
    "rdfs:label",
    required=True,
)
ALT_NAMES = Field("alt_names", LANG_TEXTS, "Other names by language: `{zh: [...], en: [...]}`.", "skos:altLabel")
ABBREVIATIONS = Field("abbreviations", TEXTS, "Chinese abbreviations, such as 沪 or 明.", "dk:abbreviation", lang="zh")
DESCRIPTION = Field("description", LANG_TEXT, "A short description: `{zh: ..., en: ...}`.", "dcterms:description")
NOTE = Field("note", TEXT, "A curator's note: caveats, how a value was read.", "skos:editorialNote")
SOURCES = Field("sources", REFS, "Ids of the sources that state this fact.", "dk:source", required=True, targets=("Source",))
INFERRED = Field(
    "inferred",
    INFERENCES,
    "Fields whose value had to be inferred, each with the reasoning: `{date: \"...\"}`.",
    None,
)
WEBSITE = Field("website", URL, "Official website.", "schema:url")
PAIRING = Field("pairing", REF, "The pairing this belongs to.", "dk:withinPairing", targets=("Pairing",))
FIELDS = Field("fields", REFS, "Cooperation fields (ids from the cooperation-field scheme).", "dk:field", targets=("Field",))

COMMON = (NAME, ALT_NAMES, ABBREVIATIONS, DESCRIPTION, NOTE, SOURCES, INFERRED, WEBSITE)


def _located(required: bool = False, targets: tuple[str, ...] = LOCATION_TYPES) -> Field:
    return Field("located_in", REF, "Where it is.", "dk:locatedIn", required=required, targets=targets)


ORG_FIELDS = COMMON + (
    _located(),
    Field("parent", REF, "The organisation it belongs to (a group, a ministry).", "dk:parentOrganization", targets=ORG_TYPES),
    Field("affiliated_with", REF, "The institution it is affiliated with (附属).", "dk:affiliatedWith", targets=ORG_TYPES),
    Field("founded_by", REFS, "Who set it up (成立, 设立, 建立), as the source says.", "dk:foundedBy", targets=AGENT_TYPES),
    Field("members", REFS, "Who belongs to it or has joined it (加入), for alliances and associations.", "dk:member", targets=AGENT_TYPES),
)

ENTRY_TYPES: tuple[EntryType, ...] = (
    EntryType(
        "Source",
        "A document that states facts: a news article, a government text, a reference page.",
        (
            Field("title", TEXT, "Title as the document gives it.", "dcterms:title", required=True),
            Field("publisher", TEXT, "Who published it.", "dcterms:publisher", required=True),
            Field("republisher", TEXT, "The site the copy was taken from, if it is a repost.", "dk:republishedBy"),
            Field("url", URL, "Where it can be read.", "schema:url"),
            Field("published", DATE, "Publication date.", "dcterms:issued"),
            Field("seed", TEXT, "File name in the seed collection, for documents that come from it.", "dk:seedFile"),
            Field("kind", ENUM, "What kind of document.", "dk:sourceKind", values=SOURCE_KINDS),
            Field("language", TEXT, "Script of the text: zh-Hans or zh-Hant.", "dcterms:language"),
            NOTE,
            INFERRED,
        ),
        needs_sources=False,
    ),
    EntryType(
        "Measure",
        "What a dated figure counts: paired schools, visitors, total investment.",
        (
            NAME,
            DESCRIPTION,
            NOTE,
            Field("kind", ENUM, "count (an integer), money (yuan), ratio (a percentage) or size (an area, weight or duration in the measure's unit).", "dk:measureKind", required=True, values=MEASURE_KINDS),
            Field("unit", LANG_TEXT, "The counted unit: `{zh: 所, en: school}`; required for a size (`{zh: 平方米, en: square metre}`).", "dk:unitLabel"),
        ),
        needs_sources=False,
    ),
    EntryType(
        "Province",
        "A province-level unit.",
        COMMON,
    ),
    EntryType(
        "City",
        "A city-level unit: a prefecture-level city, an autonomous prefecture (自治州), or a municipality such as Shanghai.",
        COMMON
        + (
            Field("part_of", REF, "The province it belongs to.", "dk:partOf", targets=("Province",)),
            Field("kind", ENUM, "prefecture-level-city, autonomous-prefecture or municipality.", "dk:cityKind", values=CITY_KINDS),
            Field(
                "old_areas",
                REFS,
                "The revolutionary old areas (革命老区) a source places it in.",
                "dk:inOldArea",
                targets=("RevolutionaryOldArea",),
            ),
        ),
    ),
    EntryType(
        "RevolutionaryOldArea",
        "A revolutionary old area (革命老区), such as 大别山革命老区: a region that may span several provinces.",
        COMMON + (Field("provinces", REFS, "The provinces it spans, as a source names them.", "dk:spansProvince", targets=("Province",)),),
    ),
    EntryType(
        "Programme",
        "A national programme of paired cooperation, such as the 2022 pairing of key cities of the revolutionary old areas.",
        COMMON
        + (
            Field("established_by", REFS, "The documents that set it up.", "dk:establishedBy", targets=("PolicyDocument",)),
            Field("period_start", DATE, "First year it covers.", "dk:periodStart"),
            Field("period_end", DATE, "Last year it covers.", "dk:periodEnd"),
        ),
    ),
    EntryType(
        "District",
        "A county-level unit: a district (区), county (县) or county-level city (县级市).",
        COMMON
        + (
            Field("part_of", REF, "The city it belongs to.", "dk:partOf", required=True, targets=("City",)),
            Field("kind", ENUM, "district, county or county-level-city.", "dk:districtKind", required=True, values=("district", "county", "county-level-city")),
        ),
    ),
    EntryType("Hospital", "A hospital or other medical institution.", ORG_FIELDS),
    EntryType("School", "A primary, secondary or vocational school.", ORG_FIELDS),
    EntryType("University", "A university or college.", ORG_FIELDS),
    EntryType(
        "Firm",
        "A company or business group.",
        ORG_FIELDS + (FIELDS,),
    ),
    EntryType(
        "Organization",
        "Any other institution: a government body, party school, memorial hall, research institute, chamber or association.",
        ORG_FIELDS + (Field("kind", ENUM, "What kind of organisation.", "dk:organizationKind", values=ORGANIZATION_KINDS),),
    ),
    EntryType(
        "IndustrialPark",
        "An industrial park, development zone or talent enclave.",
        COMMON
        + (
            _located(required=True),
            Field("kind", ENUM, "What kind of park.", "dk:parkKind", values=PARK_KINDS),
            Field("developers", REFS, "Who built or runs it.", "dk:developedBy", targets=AGENT_TYPES),
            Field("opened", DATE, "When it was opened or unveiled (揭牌).", "dk:openedOn"),
            FIELDS,
            PAIRING,
        ),
    ),
    EntryType(
        "Project",
        "An investment or construction project.",
        COMMON
        + (
            Field("investors", REFS, "Who invests.", "dk:investor", targets=AGENT_TYPES),
            _located(targets=LOCATION_TYPES),
            Field("amount", MONEY, "Total investment, as the text gives it: `30亿元`.", "dk:amount"),
            Field("status", ENUM, "Where the project stands, as of the source.", "dk:status", values=PROJECT_STATUSES),
            Field("signed", DATE, "When it was signed.", "dk:signedOn"),
            Field("started", DATE, "When construction started.", "dk:startDate"),
            Field("completed", DATE, "When it was completed or went into production.", "dk:endDate"),
            Field("part_of", REF, "The larger project this is a section or phase of.", "dk:partOfProject", targets=("Project",)),
            FIELDS,
            PAIRING,
        ),
    ),
    EntryType(
        "Agreement",
        "A signed agreement, framework agreement or memorandum.",
        COMMON
        + (
            Field("parties", REFS, "Who signed it.", "dk:party", required=True, targets=AGENT_TYPES),
            Field("date", DATE, "When it was signed.", "dk:date"),
            Field("sub_agreements", REFS, "Agreements signed under it.", "dk:hasSubAgreement", targets=("Agreement",)),
            FIELDS,
            PAIRING,
        ),
    ),
    EntryType(
        "PolicyDocument",
        "A plan, opinion or set of measures issued by a government body.",
        COMMON
        + (
            Field("issuers", REFS, "Who issued it.", "dk:issuer", required=True, targets=AGENT_TYPES),
            Field("date", DATE, "When it was issued.", "dk:date"),
            Field("kind", ENUM, "What kind of document.", "dk:documentKind", values=DOCUMENT_KINDS),
            Field("number", TEXT, "Document number, such as 国发〔2021〕3号.", "dk:documentNumber"),
            Field("approved_by", REF, "The body that approved it before issue (批复同意).", "dk:approvedBy", targets=AGENT_TYPES),
            Field("scope", REFS, "The places or pairings it covers.", "dk:scope", targets=DOC_SCOPE_TYPES),
            Field("period_start", DATE, "First year it covers.", "dk:periodStart"),
            Field("period_end", DATE, "Last year it covers.", "dk:periodEnd"),
            FIELDS,
        ),
    ),
    EntryType(
        "Event",
        "A meeting, signing ceremony, fair, opening, performance or campaign.",
        COMMON
        + (
            Field("kind", ENUM, "What kind of event.", "dk:eventKind", required=True, values=EVENT_KINDS),
            Field("date", DATE, "When it took place (its first day). Leave it out only when no source dates it, and say so in `note`.", "dk:date"),
            Field("end_date", DATE, "Its last day, for events over several days.", "dk:endDate"),
            Field(
                "not_after",
                DATE,
                "For an event no source dates: the date of the earliest source that reports it as held, so it took place on or before this date.",
                "dk:notAfter",
            ),
            Field("outcome", TEXTS, "What it concluded or awarded, in the source's words: an evaluation's rating, a prize.", "dk:outcome", lang="zh"),
            Field("place", REF, "Where it took place.", "dk:locatedIn", targets=AGENT_TYPES),
            Field("organizers", REFS, "Who organised it.", "dk:organizer", targets=AGENT_TYPES),
            Field("participants", REFS, "Who took part.", "dk:participant", targets=AGENT_TYPES),
            Field("signed", REFS, "Agreements and projects signed at it.", "dk:signed", targets=("Agreement", "Project")),
            Field("announced", REFS, "What was opened, unveiled or announced at it.", "dk:announced", targets=ANY_DESCRIBED),
            FIELDS,
            PAIRING,
        ),
    ),
    EntryType(
        "Pairing",
        "A paired-cooperation relationship between a developed side and an old-area side.",
        COMMON
        + (
            Field("level", ENUM, "city, county (districts, counties and zones) or institution.", "dk:level", required=True, values=PAIRING_LEVELS),
            Field("developed", REFS, "The side in the developed region.", "dk:developedSide", required=True, targets=PAIRABLE_TYPES),
            Field("old_area", REFS, "The side in the revolutionary old area.", "dk:oldAreaSide", required=True, targets=PAIRABLE_TYPES),
            Field("start", DATE, "When the pairing began.", "dk:startDate"),
            Field("established_by", REFS, "The documents or agreements that set it up.", "dk:establishedBy", targets=("PolicyDocument", "Agreement")),
            Field("within", REF, "The wider pairing it belongs to.", "dk:withinPairing", targets=("Pairing",)),
            Field("programme", REF, "The national programme a city-level pairing belongs to.", "dk:inProgramme", targets=("Programme",)),
            FIELDS,
        ),
    ),
    EntryType(
        "Location",
        "Where a place is: a WGS84 point, what the point is, and its source. It becomes a GeoSPARQL geometry of the place.",
        (
            NAME,
            NOTE,
            SOURCES,
            INFERRED,
            Field("of", REF, "The place it locates.", "dk:locationOf", required=True, targets=LOCATED_TYPES),
            Field("lat", DEGREES, "Latitude in decimal degrees (WGS84), north positive.", "wgs:lat", required=True),
            Field("long", DEGREES, "Longitude in decimal degrees (WGS84), east positive.", "wgs:long", required=True),
            Field(
                "point",
                ENUM,
                "government-seat (where the unit's government sits) or boundary-point (a point inside the unit's boundary that stands for it, computed as the note says).",
                "dk:pointKind",
                required=True,
                values=POINT_KINDS,
            ),
        ),
    ),
    EntryType(
        "Observation",
        "A dated figure: a count, an amount or a rate that holds at a date, with its source.",
        (
            NAME,
            NOTE,
            SOURCES,
            INFERRED,
            Field("subject", REF, "What the figure is about.", "dk:subject", required=True, targets=ANY_DESCRIBED),
            Field("measure", REF, "What is counted (a Measure id).", "dk:measure", required=True, targets=("Measure",)),
            Field("value", QUANTITY, "The figure as the text gives it: `83`, `6万`, `109亿元`, `305.7%`.", "dk:value", required=True),
            Field("qualifier", ENUM, "exact, about (约), more-than (多, 余, 超) or at-least.", "dk:qualifier", values=QUALIFIERS),
            Field("as_of", DATE, "The date the figure holds for.", "dk:asOf", required=True),
            Field("period_start", DATE, "Start of the counting period, for figures over a period (1至10月).", "dk:periodStart"),
            Field("conflicts_with", REFS, "Observations that give a different figure for the same thing and date.", "dk:conflictsWith", targets=("Observation",)),
        ),
    ),
)

ENTRY_TYPE_BY_NAME = {t.name: t for t in ENTRY_TYPES}
# Entry types stated in the facts; "Field" is a concept of the ontology, not an entry.
REFERENCE_ONLY_TYPES = ("Field",)


@dataclass(frozen=True)
class CooperationField:
    """One concept of the cooperation-field scheme."""

    id: str
    zh: str
    en: str
    definition_en: str
    definition_zh: str


COOPERATION_FIELDS: tuple[CooperationField, ...] = (
    CooperationField("red-culture", "红色文化", "Red culture", "Revolutionary heritage: memorial sites, exhibitions, red tourism and education.", "革命文化遗产:纪念场馆、展览、红色旅游与红色教育。"),
    CooperationField("culture-tourism-wellness", "文旅康养", "Culture, tourism and wellness", "Tourism, cultural exchange, recuperation and wellness travel.", "文化旅游、文化交流、疗休养与康养旅游。"),
    CooperationField("rural-revitalization", "乡村振兴", "Rural revitalisation", "Agriculture, farm produce sales and rural development.", "农业、农特产品销售与乡村发展。"),
    CooperationField("urbanization", "新型城镇化", "New urbanisation", "Town planning, urban construction and governance.", "城市规划、城市建设与治理。"),
    CooperationField("infrastructure", "基础设施", "Infrastructure", "Transport, energy, water and other infrastructure.", "交通、能源、水利等基础设施。"),
    CooperationField("education", "教育", "Education", "Schools, universities, vocational education and teacher training.", "学校、高校、职业教育与教师培养。"),
    CooperationField("healthcare", "医疗卫生", "Health care", "Hospitals, doctors, medical reform and traditional Chinese medicine.", "医院、医生、医改与中医药。"),
    CooperationField("ecology", "生态环保", "Ecology and environment", "Ecological protection, environmental governance and green, low-carbon development.", "生态保护、环境治理与绿色低碳发展。"),
    CooperationField("science-innovation", "科技创新", "Science and innovation", "Research cooperation, innovation platforms and technology transfer.", "科研合作、创新平台与科技成果转化。"),
    CooperationField("industry", "产业", "Industry", "Industrial cooperation, parks and investment projects.", "产业合作、园区与投资项目。"),
    CooperationField("finance", "金融", "Finance", "Banking, capital markets and investment funds.", "银行、资本市场与投资基金。"),
    CooperationField("talent-exchange", "人才交流", "Talent exchange", "Secondment of officials, expert exchange and talent stations.", "干部挂职、专家交流与人才驿站。"),
    CooperationField("trade", "经贸合作", "Trade and commerce", "Business matchmaking, chambers of commerce and trade fairs.", "经贸对接、商会与展会。"),
    CooperationField("state-assets", "国资国企", "State assets and state-owned enterprises", "Cooperation between state-owned enterprises and asset regulators.", "国有资产监管机构与国有企业之间的合作。"),
    CooperationField("government-services", "政务服务", "Government services", "Public administration and government service cooperation.", "政务服务与行政管理合作。"),
)

FIELD_IDS = frozenset(f.id for f in COOPERATION_FIELDS)

# The keys of a facts file itself.
FILE_KEYS = ("sources", "entries")
