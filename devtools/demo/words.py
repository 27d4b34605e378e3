"""Small word lists the demo records are made from (no generator library, so every run and
every installation produce the same names)."""

FIRST_NAMES = (
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas",
    "Sarah", "Carlos", "Karen", "Ahmed", "Nancy", "Wei", "Lisa", "Hiroshi", "Betty", "Raj",
    "Sandra", "Mateo", "Ashley", "Noah", "Kimberly", "Liam", "Emily", "Ethan", "Donna", "Lucas",
    "Michelle", "Omar", "Amanda", "Ingrid", "Fatima", "Pieter", "Chloe", "Andrei", "Zoe",
)  # fmt: skip

LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson",
    "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez",
    "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Nguyen",
    "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell",
    "Mitchell", "Carter", "Roberts", "Kowalski", "Schmidt", "Dubois", "Yamamoto", "Singh",
)  # fmt: skip

COMPANY_WORDS = (
    "Apex", "Summit", "Harbor", "Granite", "Silverline", "Bright", "Evergreen", "Pioneer",
    "Crescent", "Redwood", "Atlas", "Beacon", "Keystone", "Lakeside", "Meridian", "Northstar",
    "Orchard", "Pinnacle", "Quarry", "Riverbend", "Sterling", "Trident", "Union", "Vantage",
    "Westfield", "Zenith", "Blue Harbor", "Ironwood", "Maple", "Oakridge",
)  # fmt: skip

# A kind of business and the industry picklist value it belongs to.
COMPANY_KINDS = (
    ("Logistics", "Transportation"),
    ("Health", "Healthcare"),
    ("Foods", "Agriculture"),
    ("Bank", "Banking"),
    ("Energy", "Energy"),
    ("Manufacturing", "Manufacturing"),
    ("Media", "Media"),
    ("Insurance", "Insurance"),
    ("Retail", "Retail"),
    ("Labs", "Chemicals"),
    ("Hotels", "Hospitality"),
    ("Telecom", "Communications"),
    ("Builders", "Construction"),
    ("Analytics", "Technology"),
    ("Motors", "Engineering"),
    ("Electronics", "Electronics"),
    ("Capital", "Finance"),
    ("Academy", "Education"),
)

COMPANY_SUFFIXES = ("Inc.", "LLC", "Group", "Corp.", "Ltd.", "GmbH", "S.A.", "Co.")

TITLES = (
    "CIO", "CTO", "IT Director", "VP of Operations", "Head of Procurement", "IT Manager",
    "Systems Architect", "Operations Manager", "CFO", "Facilities Director",
    "Head of Infrastructure", "Security Lead", "Purchasing Manager", "COO",
)  # fmt: skip

CITIES = (
    ("Chicago", "IL", "United States"),
    ("Austin", "TX", "United States"),
    ("Seattle", "WA", "United States"),
    ("Boston", "MA", "United States"),
    ("Toronto", "ON", "Canada"),
    ("Berlin", "BE", "Germany"),
    ("Munich", "BY", "Germany"),
    ("Lyon", "ARA", "France"),
    ("Madrid", "MD", "Spain"),
    ("Milan", "MI", "Italy"),
    ("Amsterdam", "NH", "Netherlands"),
    ("Tokyo", "13", "Japan"),
    ("Singapore", "", "Singapore"),
    ("Sydney", "NSW", "Australia"),
    ("Sao Paulo", "SP", "Brazil"),
    ("Mexico City", "CMX", "Mexico"),
    ("Bogota", "DC", "Colombia"),
)

STREETS = (
    "Main Street", "Oak Avenue", "Market Street", "Harbor Road", "Industrial Way",
    "Park Lane", "Commerce Drive", "Station Road", "River Street", "Hill Road",
)  # fmt: skip

PRODUCTS = (
    "Cloud Backup", "Network Refresh", "Security Suite", "Data Platform", "Support Renewal",
    "Edge Gateways", "Analytics Add-on", "Managed Firewall", "Storage Expansion",
    "Collaboration Licences", "Disaster Recovery", "Endpoint Protection",
)  # fmt: skip

NEXT_STEPS = (
    "Schedule technical demo", "Send revised quote", "Security review with IT",
    "Meet the economic buyer", "Pilot kickoff", "Legal review of the MSA",
    "Reference call with a customer", "Confirm budget for next quarter", "",
)  # fmt: skip

NOTES = (
    "Called the main contact; interested, asked for pricing by email.",
    "Left a voicemail, will try again next week.",
    "Customer is comparing us with two competitors.",
    "Budget approved for the next fiscal year.",
    "Technical contact wants a proof of concept first.",
    "Met at the trade show booth; follow up with the datasheet.",
    "Decision postponed until the reorganisation is complete.",
    "Sent the partner discount proposal.",
)
