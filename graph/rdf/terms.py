"""Labels, definitions and alignments of the ontology's terms: data only.

graph.rdf.ontology turns these tables into OWL and SKOS. Keys are local names in the dk: namespace:
classes (``City``), properties (``partOf``), enum concepts (``<scheme>-<value>``, as
graph.rdf.vocab names them) and concept schemes (by scheme name; ``field`` is the cooperation-field
scheme, whose concepts are labelled in graph.facts.model.COOPERATION_FIELDS). The tests check that
every term the model uses is covered here and that nothing here is left unused.
"""

from __future__ import annotations

from typing import NamedTuple


class Text(NamedTuple):
    """A term's English and Chinese label and definition."""

    en: str
    zh: str
    definition_en: str
    definition_zh: str


ONTOLOGY = Text(
    "duikou: paired cooperation between revolutionary old areas and developed regions",
    "duikou:革命老区与发达地区对口合作本体",
    "Classes, properties and concept schemes for a knowledge graph of China's paired cooperation "
    "(对口合作) between key cities of the revolutionary old areas and developed cities since 2022: "
    "pairings at city, county and institution level, the projects, parks, agreements, policy "
    "documents and events they produce, and dated figures, each traced to its sources.",
    "用于描述2022年以来革命老区重点城市与发达地区城市对口合作的知识图谱本体,涵盖城市、县区和机构层面的"
    "结对关系,由此产生的项目、园区、协议、政策文件和活动,以及带日期的统计数据;每项事实均可追溯至来源文献。",
)

SHAPES = Text(
    "duikou shapes",
    "duikou 数据约束",
    "SHACL shapes that check a duikou graph against the facts model: required fields, value "
    "types, allowed concepts and a source for every described resource.",
    "依据事实模型校验 duikou 图谱的 SHACL 约束:必填字段、取值类型、可用概念,以及每个被描述资源均须注明来源。",
)

CLASSES: dict[str, Text] = {
    "Source": Text(
        "Source",
        "来源文献",
        "A document that states facts: a news article, a government text or a reference page.",
        "记载事实的文献:新闻报道、政府文件或参考资料页面。",
    ),
    "Measure": Text(
        "Measure",
        "统计指标",
        "What dated figures count: a statistical variable such as paired schools, visitors or total investment.",
        "带日期的统计数据所计量的对象,即统计指标,如结对学校数、游客人次或总投资额。",
    ),
    "Province": Text(
        "Province",
        "省级行政区",
        "A province-level administrative unit, such as a province or an autonomous region; municipalities are described as cities.",
        "省级行政区,如省、自治区;直辖市按城市描述。",
    ),
    "City": Text(
        "City",
        "城市",
        "A city: a prefecture-level city, or a municipality directly under the central government such as Shanghai.",
        "城市:地级市,或上海等直辖市。",
    ),
    "District": Text(
        "District",
        "县级行政区",
        "A county-level administrative unit: a district (区), a county (县) or a county-level city (县级市).",
        "县级行政区:市辖区、县或县级市。",
    ),
    "Hospital": Text(
        "Hospital",
        "医院",
        "A hospital or other medical institution.",
        "医院或其他医疗卫生机构。",
    ),
    "School": Text(
        "School",
        "学校",
        "A primary, secondary or vocational school.",
        "中小学校或职业学校。",
    ),
    "University": Text(
        "University",
        "高等学校",
        "A university or college.",
        "高等学校,包括大学和学院。",
    ),
    "Firm": Text(
        "Firm",
        "企业",
        "A company or business group.",
        "企业或企业集团。",
    ),
    "Organization": Text(
        "Organisation",
        "机构",
        "An institution that is not a hospital, school, university or firm: a government body, party "
        "school, memorial hall, research institute, chamber of commerce or association.",
        "医院、学校、高校和企业以外的机构:政府部门、党校、纪念馆、科研院所、商会或协会等。",
    ),
    "IndustrialPark": Text(
        "Industrial park",
        "产业园区",
        "An industrial park, development zone or talent enclave.",
        "产业园区、开发区或人才飞地。",
    ),
    "Project": Text(
        "Project",
        "项目",
        "An investment or construction project.",
        "投资或建设项目。",
    ),
    "Agreement": Text(
        "Agreement",
        "协议",
        "A signed agreement, framework agreement or memorandum.",
        "已签署的协议、框架协议或备忘录。",
    ),
    "PolicyDocument": Text(
        "Policy document",
        "政策文件",
        "A plan, opinion or set of measures issued by a government body.",
        "政府机关印发的方案、意见或措施等政策文件。",
    ),
    "Event": Text(
        "Event",
        "活动",
        "An occasion of paired cooperation: a meeting, signing ceremony, fair, opening, performance, campaign or award.",
        "对口合作中的活动:会议、签约仪式、展会、开幕揭牌、演出、专项行动或获奖等。",
    ),
    "Pairing": Text(
        "Pairing",
        "对口合作关系",
        "A paired-cooperation relationship (对口合作) between a side in a developed region and a side in "
        "a revolutionary old area, at city, county or institution level.",
        "发达地区一方与革命老区一方在城市、县区或机构层面建立的对口合作(结对)关系。",
    ),
    "RevolutionaryOldArea": Text(
        "Revolutionary old area",
        "革命老区",
        "A revolutionary old area (革命老区): a region where revolutionary base areas stood, such as the "
        "Dabie Mountains or the former Central Soviet Area of Jiangxi, Fujian and Guangdong; it may span several provinces.",
        "革命老区:曾建立革命根据地的地区,如大别山革命老区、赣闽粤原中央苏区;可跨越多个省份。",
    ),
    "Programme": Text(
        "Programme",
        "合作工作机制",
        "A national programme of paired cooperation set up by a policy document, such as the 2022 pairing "
        "of key cities of the revolutionary old areas with developed cities.",
        "由政策文件确立的全国性对口合作工作机制,如2022年革命老区重点城市与发达地区城市对口合作。",
    ),
    "Observation": Text(
        "Observation",
        "统计观测",
        "A dated figure: the count, amount of money or rate of a measure for a subject, as it holds at a date, with its source.",
        "带日期的统计数据:某一对象在某一指标上于某一时点的计数、金额或比率,并注明来源。",
    ),
}

PROPERTIES: dict[str, Text] = {
    "abbreviation": Text(
        "abbreviation",
        "简称",
        "A Chinese abbreviation of the name, such as 沪 for Shanghai or 明 for Sanming.",
        "名称的中文简称,如上海简称“沪”、三明简称“明”。",
    ),
    "source": Text(
        "source",
        "来源",
        "A document that states the facts recorded about this resource.",
        "记载该资源相关事实的来源文献。",
    ),
    "withinPairing": Text(
        "within pairing",
        "所属对口合作关系",
        "The pairing under which this project, park, agreement, event or narrower pairing falls.",
        "该项目、园区、协议、活动或下一级结对关系所归属的对口合作关系。",
    ),
    "field": Text(
        "cooperation field",
        "合作领域",
        "A field of paired cooperation that the resource belongs to, from the cooperation-field scheme.",
        "资源所属的对口合作领域,取自合作领域概念体系。",
    ),
    "locatedIn": Text(
        "located in",
        "位于",
        "Where the resource is: a province, city, district or industrial park, or, for an event, the place or institution that hosts it.",
        "资源所在地:省、市、县区或产业园区;对活动而言,指举办地或承办机构。",
    ),
    "parentOrganization": Text(
        "parent organisation",
        "上级单位",
        "The organisation this organisation belongs to, such as a business group or a ministry.",
        "该机构所隶属的上级单位,如企业集团或部委。",
    ),
    "foundedBy": Text(
        "founded by",
        "设立方",
        "An agent that set up this organisation (成立, 设立, 建立).",
        "成立、设立或建立该机构的一方。",
    ),
    "member": Text(
        "member",
        "成员",
        "An agent that belongs to or has joined this alliance or association (加入).",
        "属于或已加入该联盟、协会的一方。",
    ),
    "partOfProject": Text(
        "part of project",
        "所属项目",
        "The larger project this project is a section or phase of.",
        "该项目作为其中一段或一期所属的更大项目。",
    ),
    "affiliatedWith": Text(
        "affiliated with",
        "附属于",
        "The institution this organisation is affiliated with (附属), such as the university of an affiliated hospital.",
        "该机构所附属的单位,如附属医院所属的大学。",
    ),
    "republishedBy": Text(
        "republished by",
        "转载方",
        "The name of the site from which a reposted copy of the document was taken.",
        "转载文献时所取自的网站名称。",
    ),
    "seedFile": Text(
        "seed file",
        "种子文件",
        "The file name of the document in duikou's seed collection.",
        "该文献在 duikou 种子文献集中的文件名。",
    ),
    "sourceKind": Text(
        "source kind",
        "来源类型",
        "The kind of document a source is: a news report, a government text, a reference page or a repost.",
        "来源文献的类型:新闻报道、政府文件、参考资料或转载。",
    ),
    "measureKind": Text(
        "measure kind",
        "指标类型",
        "Whether a measure counts things, or gives amounts of money in yuan, ratios, or sizes in its unit.",
        "统计指标计量的是数量、以元计的金额、比率,还是以其单位计的大小。",
    ),
    "unitLabel": Text(
        "unit label",
        "计量单位",
        "The name of the unit a measure counts, by language, such as 所 or school.",
        "统计指标计数单位的名称(分语言),如“所”。",
    ),
    "partOf": Text(
        "part of",
        "隶属于",
        "The higher-level administrative unit this one belongs to: the province of a city, the city of a district.",
        "该行政区隶属的上一级行政区:城市所属的省级行政区,县级行政区所属的城市。",
    ),
    "cityKind": Text(
        "city kind",
        "地市级行政区类型",
        "Whether a city-level unit is a prefecture-level city, an autonomous prefecture or a municipality.",
        "地市级行政区为地级市、自治州还是直辖市。",
    ),
    "inOldArea": Text(
        "in revolutionary old area",
        "所属革命老区",
        "A revolutionary old area that a source places the city in.",
        "来源文献所述该城市所属的革命老区。",
    ),
    "spansProvince": Text(
        "spans province",
        "涉及省份",
        "A province that the revolutionary old area extends into.",
        "该革命老区所涉及的省级行政区。",
    ),
    "inProgramme": Text(
        "in programme",
        "所属工作机制",
        "The national programme that a city-level pairing belongs to.",
        "城市层面结对关系所属的全国性对口合作工作机制。",
    ),
    "districtKind": Text(
        "district kind",
        "县级行政区类型",
        "Whether a county-level unit is a district, a county or a county-level city.",
        "县级行政区为市辖区、县还是县级市。",
    ),
    "organizationKind": Text(
        "organisation kind",
        "机构类型",
        "The kind of an institution that is not a hospital, school, university or firm.",
        "医院、学校、高校和企业以外机构的类型。",
    ),
    "parkKind": Text(
        "park kind",
        "园区类型",
        "Whether a park is an industrial park, a development zone or a talent enclave.",
        "园区为产业园区、开发区还是人才飞地。",
    ),
    "developedBy": Text(
        "developed by",
        "建设运营方",
        "An agent that built or runs the park.",
        "建设或运营该园区的主体。",
    ),
    "openedOn": Text(
        "opened on",
        "揭牌日期",
        "The date the park was opened or unveiled (揭牌).",
        "园区开园或揭牌的日期。",
    ),
    "investor": Text(
        "investor",
        "投资方",
        "An agent that invests in the project.",
        "投资该项目的主体。",
    ),
    "amount": Text(
        "total investment",
        "总投资额",
        "The total investment of the project, in yuan.",
        "项目总投资额,以元为单位。",
    ),
    "status": Text(
        "project status",
        "项目状态",
        "The stage the project had reached, as of its source.",
        "截至来源文献所述时间项目所处的阶段。",
    ),
    "signedOn": Text(
        "signed on",
        "签约日期",
        "The date the project was signed.",
        "项目签约的日期。",
    ),
    "startDate": Text(
        "start date",
        "开始日期",
        "The date construction of a project started, or a pairing began.",
        "项目开工或结对关系开始的日期。",
    ),
    "endDate": Text(
        "end date",
        "结束日期",
        "The date a project was completed or went into production, or the last day of an event held over several days.",
        "项目竣工或投产的日期,或多日活动的最后一天。",
    ),
    "notAfter": Text(
        "not after",
        "不晚于",
        "For an event no source dates: the date of the earliest source that reports it as held; it took place on or before this date.",
        "来源未注明日期的活动:最早报道其已举办的来源的日期,活动不晚于此日举办。",
    ),
    "outcome": Text(
        "outcome",
        "结果",
        "What an event concluded or awarded, in the source's words, such as an evaluation's rating or a prize.",
        "活动得出的结论或授予的奖项,用来源原文表述,如评估等次或奖项。",
    ),
    "party": Text(
        "party",
        "签约方",
        "An agent that signed the agreement.",
        "签署该协议的一方。",
    ),
    "date": Text(
        "date",
        "日期",
        "The date an agreement was signed, a policy document was issued, or an event took place (its first day).",
        "协议签署、政策文件印发或活动举办(首日)的日期。",
    ),
    "hasSubAgreement": Text(
        "has sub-agreement",
        "下设协议",
        "An agreement signed under this framework agreement.",
        "在该框架协议之下签署的协议。",
    ),
    "issuer": Text(
        "issuer",
        "印发机关",
        "A body that issued the policy document.",
        "印发该政策文件的机关。",
    ),
    "documentKind": Text(
        "document kind",
        "文件类型",
        "Whether a policy document is a plan, an opinion, a set of measures, a report or another kind.",
        "政策文件为方案、意见、措施、报告或其他类型。",
    ),
    "documentNumber": Text(
        "document number",
        "发文字号",
        "The official number of the document, such as 国发〔2021〕3号.",
        "公文的发文字号,如“国发〔2021〕3号”。",
    ),
    "approvedBy": Text(
        "approved by",
        "批准机关",
        "The body that approved the document before it was issued (批复同意).",
        "文件印发前予以批复同意的机关。",
    ),
    "scope": Text(
        "scope",
        "适用范围",
        "A place or pairing that the policy document covers.",
        "政策文件所适用的地区或对口合作关系。",
    ),
    "periodStart": Text(
        "period start",
        "期间起点",
        "The start of the period a policy document covers, or of the period over which a figure was counted.",
        "政策文件所覆盖期间的起点,或统计数据计数期间的起点。",
    ),
    "periodEnd": Text(
        "period end",
        "期间终点",
        "The end of the period a policy document covers.",
        "政策文件所覆盖期间的终点。",
    ),
    "eventKind": Text(
        "event kind",
        "活动类型",
        "The kind of event: a joint meeting, signing ceremony, fair, exhibition, opening, performance, forum, visit, evaluation, campaign, festival, award or other.",
        "活动的类型:联席会议、签约仪式、博览会、展览、开幕揭牌、演出、论坛、考察、评估、专项行动、节庆、获奖或其他。",
    ),
    "organizer": Text(
        "organiser",
        "主办方",
        "An agent that organised the event.",
        "主办或承办该活动的主体。",
    ),
    "participant": Text(
        "participant",
        "参与方",
        "An agent that took part in the event.",
        "参加该活动的主体。",
    ),
    "signed": Text(
        "signed",
        "签署",
        "An agreement or project signed at the event.",
        "在该活动上签署的协议或签约的项目。",
    ),
    "announced": Text(
        "announced",
        "发布",
        "Something opened, unveiled or announced at the event.",
        "在该活动上揭牌、启动或发布的事项。",
    ),
    "level": Text(
        "pairing level",
        "结对层级",
        "Whether a pairing joins cities, counties (districts, counties and zones) or institutions.",
        "结对关系在城市之间、县区(含区、县和园区)之间还是机构之间建立。",
    ),
    "developedSide": Text(
        "developed side",
        "发达地区一方",
        "A party of the pairing in the developed region.",
        "对口合作中位于发达地区的一方。",
    ),
    "oldAreaSide": Text(
        "old-area side",
        "革命老区一方",
        "A party of the pairing in the revolutionary old area.",
        "对口合作中位于革命老区的一方。",
    ),
    "establishedBy": Text(
        "established by",
        "确立依据",
        "A policy document or agreement that set up the pairing.",
        "确立该结对关系的政策文件或协议。",
    ),
    "subject": Text(
        "observed subject",
        "观测对象",
        "The entity the figure is about.",
        "统计数据所描述的对象。",
    ),
    "measure": Text(
        "measure",
        "指标",
        "The measure the figure gives a value for.",
        "统计数据所对应的指标。",
    ),
    "value": Text(
        "value",
        "数值",
        "The figure: an integer for counts, a decimal number of yuan for money, a decimal ratio for percentages (305.7% is 3.057).",
        "统计数值:计数为整数,金额为以元计的小数,百分比记为小数比率(305.7% 记为 3.057)。",
    ),
    "qualifier": Text(
        "qualifier",
        "数值限定",
        "How exact the figure is: exact, about, more than or at least.",
        "数值的精确程度:确数、约数、多于或不少于。",
    ),
    "asOf": Text(
        "as of",
        "截至日期",
        "The date for which the figure holds.",
        "统计数据所对应的时点。",
    ),
    "conflictsWith": Text(
        "conflicts with",
        "数值冲突",
        "Another observation that gives a different figure for the same subject, measure and date.",
        "对同一对象、指标和时点给出不同数值的另一统计观测。",
    ),
    "pairedWith": Text(
        "paired with",
        "结对",
        "Holds between a party on the developed side and a party on the old-area side of the same pairing; symmetric.",
        "连接同一对口合作关系中发达地区一方与革命老区一方,具有对称性。",
    ),
    "inferredProperty": Text(
        "inferred property",
        "推断属性",
        "A property of this resource whose value the source does not print but that was inferred; the reasoning is given by the inference note.",
        "该资源中取值并非来源文献明文记载、而是经推断得出的属性;推断依据见推断说明。",
    ),
    "inferenceNote": Text(
        "inference note",
        "推断说明",
        "How an inferred value was reached, written as the YAML field name, a colon and the reasoning.",
        "推断取值的依据,格式为字段名、冒号和推断理由。",
    ),
}

# Concept schemes, keyed by the scheme names of graph.rdf.vocab.ENUM_SCHEMES, plus ``field``.
SCHEMES: dict[str, Text] = {
    "field": Text(
        "Cooperation fields",
        "合作领域",
        "The fields in which paired cooperation takes place, used to classify firms, parks, projects, agreements, documents, events and pairings.",
        "对口合作开展的领域,用于对企业、园区、项目、协议、文件、活动和结对关系分类。",
    ),
    "source": Text(
        "Source kinds",
        "来源类型",
        "Kinds of document a source can be.",
        "来源文献的类型。",
    ),
    "measurekind": Text(
        "Measure kinds",
        "指标类型",
        "What kind of number a measure's figures are.",
        "统计指标数值的类型。",
    ),
    "city": Text(
        "City kinds",
        "地市级行政区类型",
        "Kinds of city-level administrative unit.",
        "地市级行政区的类型。",
    ),
    "district": Text(
        "District kinds",
        "县级行政区类型",
        "Kinds of county-level administrative unit.",
        "县级行政区的类型。",
    ),
    "organization": Text(
        "Organisation kinds",
        "机构类型",
        "Kinds of institution other than hospitals, schools, universities and firms.",
        "医院、学校、高校和企业以外机构的类型。",
    ),
    "park": Text(
        "Park kinds",
        "园区类型",
        "Kinds of industrial park.",
        "产业园区的类型。",
    ),
    "status": Text(
        "Project statuses",
        "项目状态",
        "Stages an investment or construction project passes through.",
        "投资或建设项目所处的阶段。",
    ),
    "document": Text(
        "Policy document kinds",
        "政策文件类型",
        "Kinds of policy document.",
        "政策文件的类型。",
    ),
    "event": Text(
        "Event kinds",
        "活动类型",
        "Kinds of paired-cooperation event.",
        "对口合作活动的类型。",
    ),
    "level": Text(
        "Pairing levels",
        "结对层级",
        "The levels at which pairings are made.",
        "结对关系建立的层级。",
    ),
    "qualifier": Text(
        "Value qualifiers",
        "数值限定",
        "How exact a figure is, as the source words it.",
        "来源文献表述数值时的精确程度。",
    ),
}

# Enum concepts, keyed ``<scheme>-<value>`` as graph.rdf.vocab.enum_iri names them.
CONCEPTS: dict[str, Text] = {
    # Source kinds
    "source-news": Text("News report", "新闻报道", "An article published by a news outlet.", "新闻媒体刊发的报道。"),
    "source-government": Text(
        "Government text",
        "政府文件",
        "A text published by a government body: a document, notice or report on an official website.",
        "政府机关发布的文本:在官方网站发布的文件、通知或报道。",
    ),
    "source-reference": Text(
        "Reference page",
        "参考资料",
        "A reference work or page, such as an encyclopaedia entry.",
        "工具书或参考页面,如百科条目。",
    ),
    "source-repost": Text(
        "Repost",
        "转载",
        "A copy of a text republished by another site, possibly reworded.",
        "由其他网站转载(可能经改写)的文本。",
    ),
    # Measure kinds
    "measurekind-count": Text("Count", "计数", "A whole number of things.", "以整数计的数量。"),
    "measurekind-size": Text(
        "Size",
        "量值",
        "An area, weight or duration in the measure's unit (square metres, tonnes, hours); not necessarily whole.",
        "以指标单位计的面积、重量或时长(平方米、吨、小时),不一定为整数。",
    ),
    "measurekind-money": Text("Money", "金额", "An amount of money in yuan.", "以元计的金额。"),
    "measurekind-ratio": Text(
        "Ratio",
        "比率",
        "A share or rate, stored as a decimal ratio (305.7% is 3.057).",
        "占比或增长率,以小数比率存储(305.7% 记为 3.057)。",
    ),
    # City kinds
    "city-prefecture-level-city": Text("Prefecture-level city", "地级市", "A prefecture-level city (地级市).", "地级市。"),
    "city-autonomous-prefecture": Text(
        "Autonomous prefecture",
        "自治州",
        "An autonomous prefecture (自治州), a prefecture-level unit.",
        "自治州,地级行政区。",
    ),
    "city-municipality": Text("Municipality", "直辖市", "A municipality directly under the central government (直辖市).", "直辖市。"),
    # District kinds
    "district-district": Text("District", "市辖区", "A district of a city (区).", "城市下设的区。"),
    "district-county": Text("County", "县", "A county (县).", "县。"),
    "district-county-level-city": Text(
        "County-level city",
        "县级市",
        "A city at county level (县级市), administered by a prefecture-level city.",
        "由地级市代管的县级市。",
    ),
    # Organisation kinds
    "organization-government": Text(
        "Government body",
        "政府机关",
        "A government, party or state body, such as a ministry, commission or bureau.",
        "政府、党政或国家机关,如部委、委员会或局。",
    ),
    "organization-party-school": Text(
        "Party school", "党校", "A school of the Communist Party for training officials.", "培训干部的中共党校。"
    ),
    "organization-memorial-hall": Text(
        "Memorial hall",
        "纪念馆",
        "A memorial hall, museum or site commemorating revolutionary history.",
        "纪念革命历史的纪念馆、博物馆或旧址。",
    ),
    "organization-research-institute": Text("Research institute", "科研院所", "A research institute or academy.", "科研院所或研究院。"),
    "organization-chamber-of-commerce": Text("Chamber of commerce", "商会", "A chamber of commerce.", "商会。"),
    "organization-association": Text(
        "Association",
        "协会",
        "An association, federation or other social organisation.",
        "协会、联合会或其他社会组织。",
    ),
    "organization-media": Text("Media", "媒体", "A news or media organisation.", "新闻或媒体机构。"),
    "organization-venue": Text(
        "Venue",
        "场馆",
        "A venue such as an arts centre or exhibition hall.",
        "艺术中心、展馆等场馆。",
    ),
    "organization-platform": Text(
        "Cooperation platform",
        "合作平台",
        "A platform set up to organise cooperation, such as a service centre or an alliance.",
        "为组织合作而设立的平台,如服务中心或联盟。",
    ),
    "organization-other": Text("Other organisation", "其他机构", "An institution of another kind.", "其他类型的机构。"),
    # Park kinds
    "park-industrial-park": Text("Industrial park", "产业园区", "A park hosting industrial firms.", "集聚产业企业的园区。"),
    "park-development-zone": Text(
        "Development zone",
        "开发区",
        "An economic, technological or high-tech development zone.",
        "经济技术开发区、高新技术产业开发区等开发区。",
    ),
    "park-talent-enclave": Text(
        "Talent enclave",
        "人才飞地",
        "An office of an old-area place in a developed city, set up to attract talent and projects (人才飞地).",
        "革命老区地方在发达城市设立、用于引才引智和招商的飞地载体。",
    ),
    "park-other": Text("Other park", "其他园区", "A park of another kind.", "其他类型的园区。"),
    # Project statuses
    "status-planned": Text("Planned", "谋划中", "Planned or under negotiation, not yet signed.", "已谋划或洽谈,尚未签约。"),
    "status-signed": Text("Signed", "已签约", "Signed, with construction not yet started.", "已签约,尚未开工。"),
    "status-under-construction": Text("Under construction", "在建", "Construction has started.", "已开工建设。"),
    "status-in-production": Text("In production", "已投产", "Production has started.", "已投入生产。"),
    "status-completed": Text("Completed", "已竣工", "Construction is completed.", "已建成竣工。"),
    "status-operating": Text("Operating", "运营中", "Open and in operation.", "已建成并投入运营。"),
    # Policy document kinds
    "document-plan": Text("Plan", "方案", "A plan or programme (方案, 规划).", "方案或规划。"),
    "document-opinion": Text("Opinion", "意见", "A guiding opinion (意见).", "指导意见。"),
    "document-measures": Text("Measures", "措施", "A set of measures (措施, 若干措施).", "措施或若干措施。"),
    "document-report": Text("Report", "报告", "A report, such as a work report.", "报告,如工作报告。"),
    "document-other": Text("Other document", "其他文件", "A document of another kind.", "其他类型的文件。"),
    # Event kinds
    "event-joint-meeting": Text(
        "Joint meeting",
        "联席会议",
        "A joint meeting of the paired parties (联席会议).",
        "结对双方召开的联席会议。",
    ),
    "event-signing-ceremony": Text(
        "Signing ceremony", "签约仪式", "A ceremony at which agreements or projects are signed.", "签署协议或项目的仪式。"
    ),
    "event-fair": Text("Fair", "博览会", "A trade or investment fair.", "经贸或投资博览会、交易会。"),
    "event-exhibition": Text("Exhibition", "展览", "An exhibition.", "展览。"),
    "event-opening": Text(
        "Opening",
        "开幕揭牌",
        "An opening, inauguration or unveiling (揭牌).",
        "开幕、启用或揭牌。",
    ),
    "event-performance": Text("Performance", "演出", "A performance, such as a concert or play.", "演出,如音乐会或戏剧。"),
    "event-forum": Text("Forum", "论坛", "A forum or conference.", "论坛或研讨会。"),
    "event-visit": Text("Visit", "考察", "A visit or inspection tour by a delegation.", "代表团的考察或调研访问。"),
    "event-evaluation": Text("Evaluation", "评估", "An evaluation or assessment of the cooperation.", "对合作工作的评估或考核。"),
    "event-campaign": Text("Campaign", "专项行动", "A campaign or series of activities.", "专项行动或系列活动。"),
    "event-festival": Text("Festival", "节庆", "A festival, such as a food or tea festival (节).", "节庆活动,如美食节、开茶节。"),
    "event-award": Text("Award", "获奖", "A prize or title awarded to a work or an entry of the cooperation.", "合作中的作品或项目获得奖项或称号。"),
    "event-other": Text("Other event", "其他活动", "An event of another kind.", "其他类型的活动。"),
    # Pairing levels
    "level-city": Text("City level", "城市层面", "A pairing between cities.", "城市之间的结对。"),
    "level-county": Text(
        "County level",
        "县区层面",
        "A pairing between county-level units: districts, counties and zones.",
        "县级单位之间的结对,包括区、县和园区。",
    ),
    "level-institution": Text(
        "Institution level",
        "机构层面",
        "A pairing between institutions, such as hospitals or schools.",
        "机构之间的结对,如医院之间、学校之间。",
    ),
    # Value qualifiers
    "qualifier-exact": Text("Exact", "确数", "The figure is given as exact.", "数值为确数。"),
    "qualifier-about": Text("About", "约数", "The figure is approximate (约).", "数值为约数(约)。"),
    "qualifier-more-than": Text(
        "More than",
        "多于",
        "The true figure is above the one given (多, 余, 超).",
        "实际数值高于所给数值(多、余、超)。",
    ),
    "qualifier-at-least": Text("At least", "不少于", "The true figure is at least the one given.", "实际数值不低于所给数值。"),
}

# Alignments to established vocabularies, as (subject, predicate, object) CURIEs.
# rdfs:subClassOf / rdfs:subPropertyOf only where every instance or statement of the dk: term
# is one of the other term too; skos:closeMatch where the meaning is nearly the same but the
# modelling differs; skos:relatedMatch where the terms only overlap.
ALIGNMENTS: tuple[tuple[str, str, str], ...] = (
    # Sources and figures
    ("dk:Source", "rdfs:subClassOf", "prov:Entity"),
    ("dk:Source", "rdfs:subClassOf", "schema:CreativeWork"),
    ("dk:Source", "rdfs:subClassOf", "dcterms:BibliographicResource"),
    ("dk:Measure", "rdfs:subClassOf", "schema:StatisticalVariable"),
    ("dk:Measure", "skos:relatedMatch", "qb:MeasureProperty"),
    ("dk:Observation", "rdfs:subClassOf", "qb:Observation"),
    ("dk:Observation", "rdfs:subClassOf", "schema:Observation"),
    # Places
    ("dk:Province", "rdfs:subClassOf", "schema:AdministrativeArea"),
    ("dk:Province", "skos:closeMatch", "schema:State"),
    ("dk:City", "rdfs:subClassOf", "schema:AdministrativeArea"),
    ("dk:City", "skos:closeMatch", "schema:City"),
    ("dk:District", "rdfs:subClassOf", "schema:AdministrativeArea"),
    ("dk:IndustrialPark", "rdfs:subClassOf", "schema:Place"),
    ("dk:RevolutionaryOldArea", "rdfs:subClassOf", "schema:Place"),
    ("dk:inOldArea", "rdfs:subPropertyOf", "schema:containedInPlace"),
    # Organisations
    ("dk:Hospital", "rdfs:subClassOf", "schema:Hospital"),
    ("dk:Hospital", "rdfs:subClassOf", "org:FormalOrganization"),
    ("dk:School", "rdfs:subClassOf", "schema:EducationalOrganization"),
    ("dk:School", "rdfs:subClassOf", "org:FormalOrganization"),
    ("dk:University", "rdfs:subClassOf", "schema:CollegeOrUniversity"),
    ("dk:University", "rdfs:subClassOf", "org:FormalOrganization"),
    ("dk:Firm", "rdfs:subClassOf", "schema:Organization"),
    ("dk:Firm", "rdfs:subClassOf", "org:FormalOrganization"),
    ("dk:Firm", "skos:closeMatch", "schema:Corporation"),
    ("dk:Organization", "rdfs:subClassOf", "schema:Organization"),
    ("dk:Organization", "rdfs:subClassOf", "org:Organization"),
    # What cooperation produces
    ("dk:Project", "skos:closeMatch", "schema:Project"),
    ("dk:Agreement", "rdfs:subClassOf", "schema:CreativeWork"),
    ("dk:PolicyDocument", "rdfs:subClassOf", "schema:CreativeWork"),
    ("dk:PolicyDocument", "skos:relatedMatch", "schema:Legislation"),
    ("dk:Event", "rdfs:subClassOf", "schema:Event"),
    ("dk:Pairing", "skos:relatedMatch", "org:OrganizationalCollaboration"),
    # Provenance and names
    ("dk:source", "rdfs:subPropertyOf", "prov:wasDerivedFrom"),
    ("dk:source", "skos:closeMatch", "dcterms:source"),
    ("dk:abbreviation", "rdfs:subPropertyOf", "skos:altLabel"),
    ("dk:inferenceNote", "skos:relatedMatch", "skos:editorialNote"),
    ("dk:republishedBy", "skos:relatedMatch", "dcterms:publisher"),
    # Places and organisations
    ("dk:partOf", "rdfs:subPropertyOf", "schema:containedInPlace"),
    ("dk:locatedIn", "rdfs:subPropertyOf", "schema:location"),
    ("dk:parentOrganization", "rdfs:subPropertyOf", "schema:parentOrganization"),
    ("dk:parentOrganization", "rdfs:subPropertyOf", "org:subOrganizationOf"),
    ("dk:affiliatedWith", "rdfs:subPropertyOf", "org:linkedTo"),
    ("dk:foundedBy", "rdfs:subPropertyOf", "schema:founder"),
    ("dk:member", "rdfs:subPropertyOf", "org:hasMember"),
    ("dk:partOfProject", "rdfs:subPropertyOf", "dcterms:isPartOf"),
    # Kinds are the nature or genre of the resource
    ("dk:sourceKind", "rdfs:subPropertyOf", "dcterms:type"),
    ("dk:measureKind", "rdfs:subPropertyOf", "dcterms:type"),
    ("dk:cityKind", "rdfs:subPropertyOf", "dcterms:type"),
    ("dk:districtKind", "rdfs:subPropertyOf", "dcterms:type"),
    ("dk:organizationKind", "rdfs:subPropertyOf", "dcterms:type"),
    ("dk:parkKind", "rdfs:subPropertyOf", "dcterms:type"),
    ("dk:documentKind", "rdfs:subPropertyOf", "dcterms:type"),
    ("dk:eventKind", "rdfs:subPropertyOf", "dcterms:type"),
    # Dates in the life of a resource
    ("dk:date", "rdfs:subPropertyOf", "dcterms:date"),
    ("dk:signedOn", "rdfs:subPropertyOf", "dcterms:date"),
    ("dk:openedOn", "rdfs:subPropertyOf", "dcterms:date"),
    ("dk:startDate", "rdfs:subPropertyOf", "dcterms:date"),
    ("dk:startDate", "skos:closeMatch", "schema:startDate"),
    ("dk:startDate", "skos:relatedMatch", "time:hasBeginning"),
    ("dk:endDate", "rdfs:subPropertyOf", "dcterms:date"),
    ("dk:endDate", "skos:closeMatch", "schema:endDate"),
    ("dk:endDate", "skos:relatedMatch", "time:hasEnd"),
    ("dk:periodStart", "skos:relatedMatch", "dcterms:temporal"),
    ("dk:periodStart", "skos:relatedMatch", "time:hasBeginning"),
    ("dk:periodEnd", "skos:relatedMatch", "dcterms:temporal"),
    ("dk:periodEnd", "skos:relatedMatch", "time:hasEnd"),
    # Projects, parks, agreements, documents and events
    ("dk:investor", "skos:closeMatch", "schema:funder"),
    ("dk:amount", "skos:closeMatch", "schema:amount"),
    ("dk:hasSubAgreement", "rdfs:subPropertyOf", "dcterms:hasPart"),
    ("dk:issuer", "rdfs:subPropertyOf", "dcterms:publisher"),
    ("dk:issuer", "rdfs:subPropertyOf", "prov:wasAttributedTo"),
    ("dk:documentNumber", "rdfs:subPropertyOf", "dcterms:identifier"),
    ("dk:documentNumber", "skos:closeMatch", "schema:legislationIdentifier"),
    ("dk:scope", "skos:closeMatch", "dcterms:coverage"),
    ("dk:organizer", "rdfs:subPropertyOf", "schema:organizer"),
    ("dk:participant", "rdfs:subPropertyOf", "schema:attendee"),
    ("dk:field", "skos:relatedMatch", "dcterms:subject"),
    ("dk:withinPairing", "skos:relatedMatch", "dcterms:isPartOf"),
    ("dk:inProgramme", "skos:relatedMatch", "dcterms:isPartOf"),
    # Observations
    ("dk:subject", "rdfs:subPropertyOf", "schema:observationAbout"),
    ("dk:measure", "rdfs:subPropertyOf", "schema:variableMeasured"),
    ("dk:measure", "skos:relatedMatch", "qb:measureType"),
    ("dk:value", "rdfs:subPropertyOf", "schema:value"),
    ("dk:asOf", "rdfs:subPropertyOf", "schema:observationDate"),
    ("dk:qualifier", "skos:relatedMatch", "schema:measurementQualifier"),
    ("dk:unitLabel", "skos:closeMatch", "schema:unitText"),
)

# Properties whose statements hold both ways.
SYMMETRIC_PROPERTIES: tuple[str, ...] = ("pairedWith", "conflictsWith")

# Properties declared owl:AnnotationProperty whatever their field kind: they specialise SKOS
# labels, which SKOS declares as annotation properties, and OWL 2 DL allows an annotation
# property as the super-property of annotation properties only.
ANNOTATION_PROPERTIES: tuple[str, ...] = ("abbreviation",)
