"""Sizes, the markers of synthetic rows, and the words synthetic names and texts are made of."""

SLUG_PREFIX = "scale-"
EMAIL_DOMAIN = "scale.example"

DEFAULTS = {
    "organisations": 100_000,
    "partnerships": 10_000,
    "memberships": 200_000,
    "commitments": 50_000,
    "reports": 1_000_000,
}
CYCLES = 5

# ISO codes with a weight (rough number of Pact members per country) and candidate countries.
COUNTRY_WEIGHTS: dict[str, int] = {
    "DE": 12, "FR": 11, "IT": 11, "ES": 10, "BE": 8, "NL": 6, "PL": 5, "PT": 5, "AT": 4,
    "SE": 3, "FI": 3, "DK": 3, "IE": 3, "CZ": 3, "GR": 3, "RO": 3, "HU": 2, "BG": 2, "SK": 2,
    "SI": 2, "HR": 2, "LT": 1, "LV": 1, "EE": 1, "LU": 1, "CY": 1, "MT": 1, "NO": 1, "IS": 1,
    "AL": 1, "BA": 1, "ME": 1, "MK": 1, "RS": 1, "XK": 1, "UA": 1, "MD": 1, "TR": 1,
}  # fmt: skip

ORG_TYPES: list[tuple[str, int, list[str]]] = [
    ("sme", 30, ["Solutions", "Consulting", "Technologies", "Engineering", "Services", "Studio"]),
    ("large_company", 8, ["Group", "Industries", "Holding", "Manufacturing", "Systems"]),
    ("education_provider", 22, ["Vocational College", "University of Applied Sciences",
                                "Training Centre", "Adult Learning Institute", "Academy"]),
    ("business_association", 7, ["Chamber of Commerce", "Business Association", "Federation"]),
    ("social_partner", 4, ["Trade Union", "Employers' Organisation", "Workers' Council"]),
    ("public_authority", 8, ["Regional Authority", "Municipality", "Ministry Office", "Agency"]),
    ("employment_service", 3, ["Public Employment Service", "Job Centre"]),
    ("cluster", 6, ["Cluster", "Innovation Network", "Competence Hub"]),
    ("ngo", 6, ["Foundation", "Association", "Civil Society Network"]),
    ("research", 4, ["Research Institute", "Technology Centre", "Laboratory"]),
    ("other", 2, ["Initiative", "Platform"]),
]  # fmt: skip

SECTOR_WORDS = [
    "Digital", "Green", "Skills", "Tourism", "Construction", "Health", "Textile", "Mobility",
    "Energy", "Agri-food", "Creative", "Aerospace", "Retail", "Maritime", "Automotive",
    "Microelectronics", "Hydrogen", "Circular", "Social", "Logistics",
]  # fmt: skip

SURNAMES = [
    "Novak", "Rossi", "Müller", "Dubois", "García", "Jansen", "Kowalski", "Silva", "Nielsen",
    "Papadopoulos", "Horvat", "Popescu", "Virtanen", "Andersson", "Murphy", "Kovács", "Petrov",
    "Schmidt", "Bernard", "Ferrari", "López", "de Vries", "Wagner", "Costa", "Berg", "Meyer",
]  # fmt: skip

FIRST_NAMES = [
    "Anna", "Luca", "Marta", "Jan", "Sofia", "Pierre", "Eva", "Nikos", "Ines", "Tomas", "Lena",
    "Mateo", "Ewa", "Jonas", "Clara", "Ivan", "Maria", "Paul", "Elena", "Karl", "Ana", "Mikko",
]  # fmt: skip

CHALLENGES = [
    "Shortage of qualified workers in {eco} across {place}.",
    "Fast digital and green transition of {eco} companies that need new profiles.",
    "Low participation of adults in training in {place}, especially in small firms.",
    "Ageing workforce and difficulty attracting young people to {eco}.",
]
OBJECTIVES = [
    "Upskill and reskill workers of {eco} in {place} by 2030.",
    "Build shared curricula and recognised micro-credentials for {eco}.",
    "Anticipate skills needs with yearly analyses and share them with training providers.",
    "Bring companies, training providers and public authorities of {place} together.",
]
COMMITMENT_TITLES = [
    "Upskilling programme for {eco} workers",
    "Skills needs analysis for {place}",
    "Micro-credentials for {eco} professionals",
    "Train-the-trainer network in {place}",
    "Mobility scheme for VET learners in {eco}",
    "Awareness campaign on {eco} careers",
    "Joint funding applications for {eco} training",
    "Digital skills bootcamps in {place}",
]
