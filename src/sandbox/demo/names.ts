/**
 * Word lists and builders for Indian business names: regional deity and place names,
 * surnames, industries (which also decide typical GST rates and invoice sizes) and the
 * suffixes that go with each kind of entity.
 */
import type { Rng } from "./prng";
import type { Region } from "./states";

export interface Industry {
  key: string;
  /** Nouns that take a business suffix ("Steel" → "… Steel Traders"). */
  nouns: readonly string[];
  /** Complete endings ("Engineering Works"). */
  endings: readonly string[];
  /** GST rates (%) and how often each applies. */
  rates: readonly number[];
  rateWeights: readonly number[];
  /** Compensation cess rates (%) on 28% lines; empty when none. */
  cessRates: readonly number[];
  /** Range of a supplier's median taxable value per invoice, rupees. */
  medianLo: number;
  medianHi: number;
  weight: number;
  /** Business suffixes that fit the trade ("Manpower Services", not "Manpower Udyog"); default: the general ones. */
  suffixes?: readonly string[];
}

export const INDUSTRIES: readonly Industry[] = [
  { key: "steel", nouns: ["Steel", "Iron & Steel", "Metals", "Steel Tubes", "Alloys"], endings: ["Ispat", "Steel Rolling Mills", "Metal Corporation"], rates: [18], rateWeights: [1], cessRates: [], medianLo: 60_000, medianHi: 600_000, weight: 6 },
  { key: "packaging", nouns: ["Packaging", "Packers", "Poly Packs", "Corrugated Boxes"], endings: ["Corrugators", "Packaging Industries", "Pack Solutions"], rates: [18, 12], rateWeights: [0.8, 0.2], cessRates: [], medianLo: 10_000, medianHi: 150_000, weight: 6 },
  { key: "agro", nouns: ["Agro Foods", "Food Products", "Agro", "Spices", "Dal"], endings: ["Agro Industries", "Rice Mill", "Oil Mills", "Food Processors"], rates: [5, 12, 18], rateWeights: [0.7, 0.2, 0.1], cessRates: [], medianLo: 20_000, medianHi: 300_000, weight: 3 },
  { key: "textiles", nouns: ["Textiles", "Fabrics", "Garments", "Synthetics", "Yarns"], endings: ["Silk Mills", "Textile Mills", "Knitwears", "Fashions"], rates: [5, 12], rateWeights: [0.6, 0.4], cessRates: [], medianLo: 15_000, medianHi: 250_000, weight: 3 },
  { key: "pharma", nouns: ["Pharma", "Medicos", "Surgicals", "Healthcare"], endings: ["Pharmaceuticals", "Life Sciences", "Drug House", "Medical Agencies"], rates: [12, 5, 18], rateWeights: [0.6, 0.3, 0.1], cessRates: [], medianLo: 8_000, medianHi: 120_000, weight: 2 },
  { key: "electricals", nouns: ["Electricals", "Cables", "Switchgear", "Lighting", "Power Systems"], endings: ["Electric Works", "Electricals & Engineers", "Electric Corporation"], rates: [18, 28], rateWeights: [0.9, 0.1], cessRates: [], medianLo: 10_000, medianHi: 200_000, weight: 6 },
  { key: "hardware", nouns: ["Hardware", "Tools", "Fasteners", "Bearings", "Pipes & Fittings"], endings: ["Hardware Stores", "Tools Corporation", "Hardware Mart"], rates: [18], rateWeights: [1], cessRates: [], medianLo: 3_000, medianHi: 40_000, weight: 6 },
  { key: "chemicals", nouns: ["Chemicals", "Solvents", "Dyes & Chemicals", "Lubricants", "Paints"], endings: ["Chem Industries", "Chemical Works", "Chemicals & Allied Products"], rates: [18, 12], rateWeights: [0.9, 0.1], cessRates: [], medianLo: 30_000, medianHi: 400_000, weight: 5 },
  { key: "plastics", nouns: ["Plastics", "Polymers", "Moulders", "Rubber Products"], endings: ["Polyplast", "Plastic Industries", "Polymer Works"], rates: [18], rateWeights: [1], cessRates: [], medianLo: 20_000, medianHi: 250_000, weight: 5 },
  { key: "autocomp", nouns: ["Auto Components", "Auto Parts", "Forgings", "Castings"], endings: ["Auto Ancillaries", "Precision Components", "Engineering Industries"], rates: [18, 28], rateWeights: [0.6, 0.4], cessRates: [], medianLo: 25_000, medianHi: 300_000, weight: 4 },
  { key: "vehicles", nouns: ["Motors", "Automobiles", "Auto Sales"], endings: ["Motors", "Automotives", "Car Zone"], rates: [28], rateWeights: [1], cessRates: [1, 3, 15, 22], medianLo: 600_000, medianHi: 2_000_000, weight: 0.6 },
  { key: "paper", nouns: ["Paper", "Stationery", "Printing", "Paper Products"], endings: ["Stationers", "Printers", "Paper Mills", "Offset Printers"], rates: [12, 18], rateWeights: [0.5, 0.5], cessRates: [], medianLo: 5_000, medianHi: 60_000, weight: 4 },
  { key: "logistics", nouns: ["Logistics", "Cargo", "Freight", "Transport"], endings: ["Roadlines", "Carriers", "Cargo Movers", "Transport Company", "Roadways"], rates: [12, 18], rateWeights: [0.6, 0.4], cessRates: [], medianLo: 8_000, medianHi: 80_000, weight: 5, suffixes: ["Services", "Carriers", "Corporation", "& Co", "Agencies"] },
  { key: "it", nouns: ["Infotech", "Technologies", "Software", "Systems", "Digital"], endings: ["Software Solutions", "Infosystems", "Tech Services"], rates: [18], rateWeights: [1], cessRates: [], medianLo: 20_000, medianHi: 300_000, weight: 3, suffixes: ["Solutions", "Services", "Consultants", "Associates"] },
  { key: "building", nouns: ["Cement", "Building Materials", "Tiles", "Sanitaryware"], endings: ["Cement Agencies", "Tiles & Sanitary", "Hardware & Cement Depot"], rates: [28, 18], rateWeights: [0.5, 0.5], cessRates: [], medianLo: 20_000, medianHi: 300_000, weight: 2 },
  { key: "beverages", nouns: ["Beverages", "Aqua", "Soft Drinks"], endings: ["Beverages", "Mineral Water", "Bottlers"], rates: [28, 18], rateWeights: [0.7, 0.3], cessRates: [12], medianLo: 5_000, medianHi: 40_000, weight: 0.8 },
  { key: "engineering", nouns: ["Engineering", "Fabrication", "Machine Tools", "Hydraulics", "Pumps"], endings: ["Engineering Works", "Engineers", "Fabricators", "Machine Works"], rates: [18], rateWeights: [1], cessRates: [], medianLo: 20_000, medianHi: 400_000, weight: 6 },
  { key: "furniture", nouns: ["Furniture", "Office Systems", "Interiors", "Modular Furniture"], endings: ["Furniture Mart", "Furnishers", "Interior Solutions"], rates: [18], rateWeights: [1], cessRates: [], medianLo: 15_000, medianHi: 200_000, weight: 2 },
  { key: "services", nouns: ["Facility", "Security", "Manpower", "Housekeeping", "Management"], endings: ["Consultants", "Associates", "Security & Allied Services", "Facility Management"], rates: [18], rateWeights: [1], cessRates: [], medianLo: 25_000, medianHi: 300_000, weight: 4, suffixes: ["Services", "Solutions", "Consultants", "Services & Co"] },
  { key: "tyres", nouns: ["Tyres", "Tyre House", "Wheels"], endings: ["Tyre Centre", "Tyres & Tubes"], rates: [28], rateWeights: [1], cessRates: [], medianLo: 20_000, medianHi: 200_000, weight: 1 },
  { key: "computers", nouns: ["Computers", "Electronics", "Peripherals", "IT Solutions"], endings: ["Computer Centre", "Infotech Solutions", "Electronics Corporation"], rates: [18, 28], rateWeights: [0.9, 0.1], cessRates: [], medianLo: 30_000, medianHi: 300_000, weight: 3 },
  { key: "catering", nouns: ["Catering", "Hospitality", "Foods"], endings: ["Caterers", "Canteen Services", "Hospitality Services"], rates: [5, 18], rateWeights: [0.6, 0.4], cessRates: [], medianLo: 8_000, medianHi: 60_000, weight: 2, suffixes: ["Services", "Enterprises", "& Co"] },
];

/** Names used across India. */
const COMMON_CORES: readonly string[] = [
  "Shree Balaji", "Sai Krupa", "Shree Ganesh", "Laxmi", "Mahalaxmi", "Shree Krishna", "Om Sai", "Jai Ambe", "Shiv Shakti",
  "Hanuman", "Tirupati", "Gayatri", "Durga", "Shree Ram", "Radhe Krishna", "Vardhman", "Mahavir", "Navkar", "Parshwanath",
  "Padmavati", "Shubh Laxmi", "Riddhi Siddhi", "Annapurna", "Saraswati", "Surya", "Kamdhenu", "Kalpataru", "Akshay", "Amrit",
  "Ganga", "Sagar", "Himalaya", "Kohinoor", "Bharat", "Hindustan", "National", "Indo", "Royal", "Supreme", "Classic",
  "Perfect", "Apex", "Prime", "Excel", "Unique", "Star", "Global", "Modern", "New India", "Sunrise", "Pioneer", "Universal",
  "Galaxy", "Orient", "Jyoti", "Swastik", "Shubham", "Ekta", "Pragati", "Unnati", "Vishal", "Vijay", "Param", "Shakti",
  "Trimurti", "Panchsheel", "Ashirwad", "Kailash", "Om", "Siddhi", "Shreeji", "Aadinath", "Neelkanth", "Sarvodaya",
];

interface RegionWords {
  cores: readonly string[];
  surnames: readonly string[];
  firstNames: readonly string[];
}

const REGIONS: Readonly<Record<Region, RegionWords>> = {
  west: {
    cores: ["Sahyadri", "Siddhivinayak", "Vitthal", "Jai Bhavani", "Shivneri", "Godavari", "Mauli", "Dnyaneshwar", "Konkan", "Deccan", "Shivam", "Ashtavinayak", "Chintamani", "Morya", "Mahalsa"],
    surnames: ["Kulkarni", "Deshmukh", "Patil", "Joshi", "Shinde", "Pawar", "Jadhav", "Gokhale", "Bhosale", "Kale", "Deshpande", "Chavan", "Mane", "Sawant", "Naik", "More", "Apte", "Gaikwad"],
    firstNames: ["Sachin", "Rahul", "Sunil", "Prakash", "Vijay", "Sanjay", "Mahesh", "Ganesh", "Nitin", "Amol", "Swati", "Sneha", "Vaishali", "Dattatray", "Shrikant", "Yogesh"],
  },
  gujarat: {
    cores: ["Ambica", "Swaminarayan", "Somnath", "Dwarkesh", "Khodiyar", "Umiya", "Jalaram", "Sardar", "Hari Om", "Bhagwati", "Narmada", "Girnar", "Sabarmati", "Momai"],
    surnames: ["Patel", "Shah", "Mehta", "Desai", "Parikh", "Modi", "Thakkar", "Trivedi", "Bhatt", "Chauhan", "Soni", "Panchal", "Gandhi", "Vora", "Kothari", "Sanghvi"],
    firstNames: ["Bhavesh", "Jignesh", "Hitesh", "Paresh", "Nilesh", "Ketan", "Rakesh", "Mitesh", "Chirag", "Hetal", "Nisha", "Dhaval", "Alpesh", "Kalpesh"],
  },
  karnataka: {
    cores: ["Kaveri", "Chamundi", "Sri Manjunatha", "Tunga", "Malnad", "Sri Raghavendra", "Kanaka", "Nandi", "Hoysala", "Vijayanagar", "Kadamba", "Sri Renuka", "Sharavathi", "Sri Durga Parameshwari"],
    surnames: ["Gowda", "Shetty", "Rao", "Hegde", "Kamath", "Bhat", "Nayak", "Murthy", "Prasad", "Reddy", "Pai", "Kini", "Acharya", "Shenoy"],
    firstNames: ["Manjunath", "Ramesh", "Suresh", "Prasanna", "Raghavendra", "Girish", "Harish", "Shashi", "Kavya", "Lakshmi", "Nagaraj", "Chandrashekar", "Vinay"],
  },
  tamil: {
    cores: ["Sri Murugan", "Meenakshi", "Sri Vinayaga", "Kaveri", "Sakthi", "Vel", "Annai", "Sri Balaji", "Pandian", "Chola", "Sri Kamakshi", "Thirumalai", "Vaigai", "Arunachala"],
    surnames: ["Subramanian", "Krishnan", "Iyer", "Natarajan", "Rajan", "Pillai", "Raman", "Sundaram", "Venkatesan", "Murugesan", "Chettiar", "Balasubramanian", "Ramasamy"],
    firstNames: ["Senthil", "Karthik", "Saravanan", "Arun", "Bala", "Prabhu", "Ganesan", "Lakshmi", "Priya", "Selvam", "Kannan", "Muthu", "Velmurugan"],
  },
  telugu: {
    cores: ["Sri Venkateswara", "Sri Sai", "Krishna", "Godavari", "Bhagyanagar", "Kakatiya", "Sri Lakshmi", "Srinivasa", "Deccan", "Sri Rama", "Sri Satya", "Charminar"],
    surnames: ["Reddy", "Naidu", "Rao", "Chowdary", "Varma", "Raju", "Goud", "Prasad", "Sastry", "Yadav", "Setty"],
    firstNames: ["Srinivas", "Venkat", "Ravi", "Naresh", "Ramana", "Suresh", "Kiran", "Madhavi", "Sridevi", "Prasad", "Mahender", "Raghu"],
  },
  kerala: {
    cores: ["Sree Gokulam", "Malabar", "Kerala", "Sree Narayana", "Travancore", "Periyar", "Sabari", "Kairali", "Guruvayur", "Cochin"],
    surnames: ["Nair", "Menon", "Pillai", "Kurian", "Thomas", "Varghese", "Joseph", "Mathew", "Namboodiri", "Panicker", "George"],
    firstNames: ["Anil", "Biju", "Sajeev", "Joseph", "Rajesh", "Suresh", "Deepa", "Anitha", "Shaji", "Manoj", "Vinod"],
  },
  north: {
    cores: ["Shiv Shakti", "Bajrang", "Vaishno", "Durga", "Ganga", "Jamuna", "Himgiri", "Shri Ram", "Radha Rani", "Bankey Bihari", "Kesar", "Doaba", "Shri Shyam", "Balaji", "Shri Guru Kripa", "Khalsa"],
    surnames: ["Gupta", "Aggarwal", "Singh", "Malhotra", "Arora", "Sharma", "Verma", "Bansal", "Goel", "Mittal", "Kapoor", "Khanna", "Chopra", "Sethi", "Jindal", "Garg", "Bhatia", "Yadav", "Chauhan", "Gill"],
    firstNames: ["Rajesh", "Sandeep", "Amit", "Vikas", "Deepak", "Ashok", "Pankaj", "Manoj", "Gurpreet", "Harpreet", "Neha", "Pooja", "Anil", "Rohit", "Naveen", "Sunita"],
  },
  rajasthan: {
    cores: ["Marudhar", "Rajputana", "Mewar", "Shekhawati", "Ambey", "Karni", "Shri Shyam", "Salasar", "Aravali", "Thar"],
    surnames: ["Agarwal", "Jain", "Maheshwari", "Khandelwal", "Saraf", "Rathore", "Shekhawat", "Mundra", "Bhandari", "Kothari", "Sharma"],
    firstNames: ["Mahendra", "Dinesh", "Ramesh", "Gopal", "Kamal", "Sushil", "Naresh", "Om Prakash", "Ritu", "Manish"],
  },
  east: {
    cores: ["Maa Tara", "Kalimata", "Maa Durga", "Jagannath", "Utkal", "Kamakhya", "Eastern", "Bengal", "Ganga Sagar", "Tara Ma", "Loknath", "Baba Baidyanath", "Lakshmi Narayan"],
    surnames: ["Banerjee", "Chatterjee", "Das", "Ghosh", "Bose", "Mukherjee", "Sen", "Dutta", "Saha", "Mohanty", "Patnaik", "Sahu", "Mahato", "Sinha", "Baruah", "Agarwalla"],
    firstNames: ["Subhash", "Sourav", "Arindam", "Debashis", "Pradip", "Biswajit", "Rakesh", "Tapas", "Moumita", "Sanjib", "Partha", "Amitava"],
  },
  central: {
    cores: ["Narmada", "Mahakal", "Malwa", "Shivam", "Maa Bamleshwari", "Ujjain", "Satpura", "Vindhya", "Mahamaya", "Omkareshwar"],
    surnames: ["Tiwari", "Dubey", "Mishra", "Pandey", "Shukla", "Jain", "Agrawal", "Patel", "Sahu", "Chouhan", "Soni", "Tripathi"],
    firstNames: ["Rajendra", "Ashish", "Alok", "Pradeep", "Sunil", "Vivek", "Santosh", "Anand", "Rekha", "Shailendra"],
  },
};

const FIRM_SUFFIXES: readonly string[] = ["Traders", "Enterprises", "Industries", "Agencies", "& Co", "Corporation", "Trading Company", "Suppliers", "Distributors", "Sales Corporation", "Udyog", "Impex", "Associates"];
const PROPRIETOR_SUFFIXES: readonly string[] = ["Traders", "Enterprises", "Agencies", "Stores", "Suppliers", "Sales", "Trading Co", "Udyog", "Distributors"];
const FAMILY_SUFFIXES: readonly string[] = ["Brothers", "& Sons", "& Co", "Bros"];

/** PAN 4th character: C company, F firm/LLP, P individual (proprietor), H HUF, T trust, A AOP. */
export type EntityType = "C" | "F" | "P" | "H" | "T" | "A";

export interface BusinessName {
  legalName: string;
  tradeName: string;
  /** PAN 5th character: initial of the surname (individuals) or of the name. */
  panInitial: string;
}

export function makeBusinessName(rng: Rng, entity: EntityType, region: Region, industry: Industry): BusinessName {
  const words = REGIONS[region];
  const core = rng.chance(0.55) ? rng.pick(words.cores) : rng.pick(COMMON_CORES);
  const surname = rng.pick(words.surnames);
  const noun = rng.pick(industry.nouns);
  const ending = rng.pick(industry.endings);
  const suffixes = industry.suffixes ?? FIRM_SUFFIXES;
  switch (entity) {
    case "C": {
      const base = pickBase(rng, core, surname, noun, ending, suffixes, false);
      const legal = `${base} ${rng.chance(0.85) ? "Private Limited" : "Limited"}`;
      const trade = rng.chance(0.45) ? base : rng.chance(0.6) ? `${base} ${legal.endsWith("Private Limited") ? "Pvt Ltd" : "Ltd"}` : legal;
      return { legalName: legal, tradeName: trade, panInitial: initialOf(legal) };
    }
    case "F": {
      if (rng.chance(0.22)) {
        const name = `${pickBase(rng, core, surname, noun, ending, suffixes, false)} LLP`;
        return { legalName: name, tradeName: name, panInitial: initialOf(name) };
      }
      const name = pickBase(rng, core, surname, noun, ending, suffixes, true);
      return { legalName: name, tradeName: name, panInitial: initialOf(name) };
    }
    case "P": {
      const person = personName(rng, words, surname);
      const trade = rng.chance(0.8) ? pickBase(rng, core, surname, noun, ending, suffixes, true) : `${core} ${rng.pick(industry.suffixes ?? PROPRIETOR_SUFFIXES)}`;
      return { legalName: person, tradeName: trade, panInitial: initialOf(surname) };
    }
    case "H": {
      const legal = `${rng.pick(words.firstNames)} ${surname} HUF`;
      return { legalName: legal, tradeName: `${surname} ${noun} ${rng.pick(industry.suffixes ?? PROPRIETOR_SUFFIXES)}`, panInitial: initialOf(legal) };
    }
    case "T": {
      const name = `${core} ${rng.pick(["Educational Trust", "Charitable Trust", "Foundation"])}`;
      return { legalName: name, tradeName: name, panInitial: initialOf(name) };
    }
    case "A": {
      const name = `${core} ${rng.pick(["Infra JV", "Consortium", "Joint Venture"])}`;
      return { legalName: name, tradeName: name, panInitial: initialOf(name) };
    }
  }
}

function pickBase(rng: Rng, core: string, surname: string, noun: string, ending: string, suffixes: readonly string[], withSuffix: boolean): string {
  const r = rng.next();
  if (r < 0.34) return withSuffix ? `${core} ${noun} ${rng.pick(suffixes)}` : `${core} ${noun}`;
  if (r < 0.56) return `${core} ${ending}`;
  if (r < 0.72) return withSuffix ? `${surname} ${noun} ${rng.pick(suffixes)}` : `${surname} ${noun}`;
  if (r < 0.84) return withSuffix ? `${surname} ${rng.pick(FAMILY_SUFFIXES)}` : `${surname} ${ending}`;
  return withSuffix ? `${core} ${rng.pick(FIRM_SUFFIXES)}` : `${core} ${noun} ${rng.pick(["Industries", "Enterprises", "Products"])}`;
}

function personName(rng: Rng, words: RegionWords, surname: string): string {
  const first = rng.pick(words.firstNames);
  if (rng.chance(0.3)) return `${first} ${rng.pick(["Kumar", "Prasad", "Lal", "Chand", "Nath", "Devi", "Kumari"])} ${surname}`;
  return `${first} ${surname}`;
}

function initialOf(name: string): string {
  return name.charAt(0).toUpperCase();
}

const NOT_IN_ABBREVIATION = new Set(["&", "AND", "OF", "PVT", "LTD", "PRIVATE", "LIMITED", "LLP", "CO", "THE"]);

/** Letters a supplier prints as its invoice prefix: "Shree Balaji Steel Traders" → "SBST". */
export function abbreviation(name: string): string {
  let out = "";
  for (const word of name.split(" ")) {
    if (word.length === 0 || NOT_IN_ABBREVIATION.has(word.toUpperCase())) continue;
    const c = word.charAt(0).toUpperCase();
    if (c >= "A" && c <= "Z") out += c;
    if (out.length === 4) break;
  }
  if (out.length < 2) out = (out + name.replace(/[^A-Za-z]/g, "").toUpperCase() + "XX").slice(0, 3);
  return out;
}
