//! Large registries for benchmarks: deterministic, with the shape of a real
//! newsroom's list (mostly people with roles and affiliations, some
//! organisations with acronyms, a few places), in the file format people
//! write by hand.

use super::edits::toml_string;
use super::slug::slug;
use rustc_hash::FxHashSet;
use std::fmt::Write;

const GIVEN: [&str; 48] = [
    "James",
    "Maria",
    "Ahmed",
    "Sofia",
    "Chen",
    "Olga",
    "Pierre",
    "Amara",
    "Hiroshi",
    "Lucia",
    "David",
    "Fatima",
    "Min-jun",
    "Elena",
    "Tomasz",
    "Aisha",
    "Kenji",
    "Ingrid",
    "Carlos",
    "Priya",
    "Samuel",
    "Yara",
    "Viktor",
    "Nadia",
    "Seo-yeon",
    "Rafael",
    "Hannah",
    "Kwame",
    "Ji-ho",
    "Marta",
    "Oleksandr",
    "Leila",
    "Daniel",
    "Ana",
    "Mehmet",
    "Sara",
    "Ivan",
    "Grace",
    "Jae-won",
    "Claire",
    "Andrzej",
    "Zainab",
    "Paolo",
    "Emma",
    "Rustam",
    "Chloe",
    "Tariq",
    "Noor",
];

const FAMILY: [&str; 64] = [
    "Smith",
    "Garcia",
    "Kim",
    "Lee",
    "Park",
    "Nguyen",
    "Mueller",
    "Rossi",
    "Kowalski",
    "Haddad",
    "Tanaka",
    "Sato",
    "Okafor",
    "Mensah",
    "Ivanova",
    "Petrov",
    "Dubois",
    "Moreau",
    "Silva",
    "Santos",
    "Chen",
    "Wang",
    "Singh",
    "Patel",
    "Johansson",
    "Nielsen",
    "Murphy",
    "O'Brien",
    "Novak",
    "Horvat",
    "Yilmaz",
    "Demir",
    "Cohen",
    "Levi",
    "Kariuki",
    "Mwangi",
    "Fernandes",
    "Costa",
    "Schmidt",
    "Weber",
    "Andersen",
    "Berg",
    "Choi",
    "Jung",
    "Kang",
    "Yoon",
    "Suzuki",
    "Watanabe",
    "Hassan",
    "Rahman",
    "Ortiz",
    "Morales",
    "Lindqvist",
    "Virtanen",
    "Popescu",
    "Ionescu",
    "Papadopoulos",
    "Nikolaidis",
    "Baker",
    "Reilly",
    "Campbell",
    "Turner",
    "Austin",
    "Hughes",
];

const PLACE_START: [&str; 32] = [
    "North", "South", "East", "West", "Ash", "Brook", "Clear", "Elm", "Fair", "Glen", "Green", "Haven", "Iron", "Lake",
    "Mill", "New", "Oak", "Pine", "Red", "Rock", "Salt", "Silver", "Stone", "Sun", "Thorn", "Wood", "Bright", "Cold",
    "High", "Long", "Marsh", "River",
];

const PLACE_END: [&str; 24] = [
    "field", "ford", "vale", "port", "bridge", "haven", "wick", "ton", "burgh", "mouth", "stead", "holm", "by", "dale",
    "minster", "wood", "gate", "cliff", "moor", "well", "bury", "land", "shire", "water",
];

const PLACE_BEFORE: [&str; 8] = ["Upper", "Lower", "Great", "Little", "Old", "Port", "Saint", "Mount"];

const PLACE_AFTER: [&str; 6] = ["Bay", "Hills", "Springs", "Heights", "Junction", "Falls"];

const ORG_KIND: [&str; 20] = [
    "Harbour Authority",
    "City Council",
    "Chamber of Commerce",
    "Teachers' Union",
    "Football Club",
    "General Hospital",
    "Water Board",
    "Police Department",
    "Development Bank",
    "Institute of Technology",
    "Workers' Federation",
    "Energy Company",
    "Press Agency",
    "Arts Council",
    "Farmers' Cooperative",
    "Transport Authority",
    "Court of Appeal",
    "Medical Association",
    "Broadcasting Corporation",
    "Housing Trust",
];

const TITLES: [&str; 16] = [
    "Chief Executive",
    "Chair",
    "Spokesperson",
    "Director",
    "Deputy Director",
    "Treasurer",
    "Correspondent",
    "Minister",
    "Deputy Minister",
    "Mayor",
    "Governor",
    "Judge",
    "Head of Research",
    "Secretary General",
    "Ambassador",
    "Coach",
];

/// A registry text with `entries` entries (8 in 10 people, 1 in 10
/// organisations and places each), the same for the same `seed`.
pub fn registry_text(entries: usize, seed: u64) -> String {
    let mut rng = Rng(seed | 1);
    let mut text = String::with_capacity(entries * 200);
    text.push_str("# Synthetic registry for benchmarks.\n\n");
    let places = entries / 10;
    let organizations = entries / 10;
    let people = entries - places - organizations;
    let mut used = FxHashSet::default();
    let mut org_ids = Vec::with_capacity(organizations);
    let mut place_names = Vec::with_capacity(places);

    for _ in 0..places {
        let name = unique(&mut used, &mut rng, |rng| {
            let town = format!("{}{}", rng.pick(&PLACE_START), rng.pick(&PLACE_END));
            match rng.next() % 3 {
                0 => town,
                1 => format!("{} {town}", rng.pick(&PLACE_BEFORE)),
                _ => format!("{town} {}", rng.pick(&PLACE_AFTER)),
            }
        });
        let _ = write!(text, "[[place]]\nid = {}\nname = {}\n\n", toml_string(&slug(&name)), toml_string(&name));
        place_names.push(name);
    }
    for _ in 0..organizations {
        let name = unique(&mut used, &mut rng, |rng| {
            let place = if place_names.is_empty() { "Central" } else { rng.pick(&place_names).as_str() };
            format!("{place} {}", rng.pick(&ORG_KIND))
        });
        let id = slug(&name);
        let acronym: String = name.split_whitespace().filter_map(|w| w.chars().next()).collect();
        let _ = write!(
            text,
            "[[organization]]\nid = {}\nname = {}\naliases = [{}]\ndescription = \"A body in the synthetic registry\"\n\n",
            toml_string(&id),
            toml_string(&name),
            toml_string(&acronym)
        );
        org_ids.push(id);
    }
    for n in 0..people {
        let name = unique(&mut used, &mut rng, |rng| {
            let initial = char::from(b'A' + (rng.next() % 26) as u8);
            format!("{} {initial}. {}", rng.pick(&GIVEN), rng.pick(&FAMILY))
        });
        let _ = write!(text, "[[person]]\nid = {}\nname = {}\n", toml_string(&slug(&name)), toml_string(&name));
        if n % 3 == 0 {
            // The name without its middle initial, as articles often write it.
            let short: Vec<&str> = name.split(' ').filter(|w| !w.ends_with('.')).collect();
            let _ = writeln!(text, "aliases = [{}]", toml_string(&short.join(" ")));
        }
        if !org_ids.is_empty() {
            let organization = rng.pick(&org_ids).clone();
            let from = 1990 + rng.next() % 30;
            let _ = writeln!(text, "affiliation = {}", toml_string(&organization));
            let _ = writeln!(
                text,
                "roles = [{{ title = {}, organization = {}, from = \"{from}\", until = \"{}\" }}]",
                toml_string(rng.pick::<&str>(&TITLES)),
                toml_string(&organization),
                from + 1 + rng.next() % 8
            );
        }
        if n % 5 == 0 {
            let _ = writeln!(text, "wikidata = \"Q{}\"", 100_000 + rng.next() % 90_000_000);
        }
        text.push('\n');
    }
    text
}

/// A name `make` has not made before, numbered after a few tries so that
/// small word lists still give any number of entries.
fn unique(used: &mut FxHashSet<String>, rng: &mut Rng, mut make: impl FnMut(&mut Rng) -> String) -> String {
    for _ in 0..8 {
        let name = make(rng);
        if used.insert(name.clone()) {
            return name;
        }
    }
    let base = make(rng);
    let name = (2..).map(|n| format!("{base} {n}")).find(|n| !used.contains(n)).unwrap_or(base);
    used.insert(name.clone());
    name
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let index = (self.next() % items.len().max(1) as u64) as usize;
        &items[index.min(items.len().saturating_sub(1))]
    }
}
