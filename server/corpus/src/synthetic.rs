//! Deterministic news-like articles for benchmarks: datelines, quotes with
//! every attribution shape, titles, organisations, places and dates, with the
//! same output for the same seed on every machine. Not for tests of detection
//! quality: real text is for that.

/// A small xorshift generator: reproducible without a dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const FIRST: &[&str] = &[
    "Maria", "James", "Aiko", "Rahul", "Fatima", "Lars", "Chen", "Olga", "Kwame", "Sofia", "Daniel", "Min-jun",
    "Elena", "Tomas", "Amina", "Hiroshi", "Grace", "Pedro", "Leila", "Victor",
];
const LAST: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Tanaka",
    "Mehta",
    "Haddad",
    "Berg",
    "Wei",
    "Petrova",
    "Mensah",
    "Rossi",
    "Keller",
    "Park",
    "Novak",
    "Silva",
    "Diallo",
    "Sato",
    "Murphy",
    "Costa",
    "Karimi",
    "Moreau",
];
const TITLES: &[&str] =
    &["Foreign Minister", "Finance Minister", "Ambassador", "Sen.", "Gen.", "President", "Deputy Prime Minister"];
const ORGS: &[&str] = &[
    "the Ministry of Finance",
    "the World Bank",
    "the United Nations",
    "the European Central Bank",
    "the Department of Energy",
    "the National Assembly",
    "Reuters",
    "the International Monetary Fund",
];
const PLACES: &[&str] =
    &["Seoul", "Washington", "Geneva", "Tokyo", "Brussels", "Nairobi", "Lima", "Jakarta", "Berlin", "Ottawa"];
const COUNTRIES: &[&str] =
    &["South Korea", "Japan", "Kenya", "Peru", "Indonesia", "Germany", "Canada", "France", "Brazil", "India"];
const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const MONTHS: &[&str] =
    &["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."];
const TOPICS: &[&str] = &[
    "the trade agreement",
    "interest rates",
    "the border talks",
    "the harbour project",
    "energy prices",
    "the election timetable",
    "the aid package",
    "the new pipeline",
];
const CLAIMS: &[&str] = &[
    "We are ready to continue the talks, but not at any price",
    "Nobody expected the numbers to move this quickly",
    "The decision was made after long consultations with our partners",
    "We will not accept a deal that leaves workers behind",
    "There is still time to reach an agreement before the deadline",
    "Our priority is stability, and that has not changed",
];

/// One article of roughly `target_bytes` (at least one paragraph).
pub fn article(rng: &mut Rng, target_bytes: usize) -> String {
    let person = |rng: &mut Rng| format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
    let speaker = person(rng);
    let surname = speaker.rsplit(' ').next().unwrap_or("").to_string();
    let year = 2015 + rng.below(10);
    let month = rng.below(12);
    let day = 1 + rng.below(28);
    let place = rng.pick(PLACES);
    let mut text = format!(
        "{} and {} discuss {}\n\nPosted {} {}, {} at {}:{:02} pm\n\n{}, {} {} -- {} {} said on {} that {} would take up {} {}.\n",
        rng.pick(COUNTRIES),
        rng.pick(COUNTRIES),
        rng.pick(TOPICS),
        MONTHS[month].trim_end_matches('.'),
        day,
        year,
        1 + rng.below(11),
        rng.below(60),
        place.to_uppercase(),
        MONTHS[month],
        day,
        rng.pick(TITLES),
        speaker,
        rng.pick(WEEKDAYS),
        rng.pick(ORGS),
        rng.pick(TOPICS),
        ["next month", "this week", "later this year", "in December"][rng.below(4)],
    );
    while text.len() < target_bytes {
        let paragraph = match rng.below(7) {
            0 => format!("\n\"{}.\" {} said.\n", rng.pick(CLAIMS), surname),
            1 => format!(
                "\n\"{},\" said {}, who has led the negotiations for {} years.\n",
                rng.pick(CLAIMS),
                surname,
                2 + rng.below(9)
            ),
            2 => format!(
                "\nAccording to {} {}, the talks in {} {}.\n",
                rng.pick(TITLES),
                person(rng),
                rng.pick(PLACES),
                ["stalled last week", "resume on Tuesday", "began in 2019", "will last two days"][rng.below(4)]
            ),
            3 => format!("\n{} also said that {} must act. \"{}.\"\n", surname, rng.pick(ORGS), rng.pick(CLAIMS)),
            4 => format!(
                "\n{} said in a statement on {} that it would review {} every year.\n",
                rng.pick(ORGS),
                rng.pick(WEEKDAYS),
                rng.pick(TOPICS)
            ),
            5 => format!(
                "\nOfficials in {} and {} have discussed {} since {} {}, when {} first raised it.\n",
                rng.pick(COUNTRIES),
                rng.pick(PLACES),
                rng.pick(TOPICS),
                MONTHS[rng.below(12)].trim_end_matches('.'),
                year - 1 - rng.below(3),
                person(rng)
            ),
            _ => format!(
                "\n\"{},\" {} told reporters in {}. {} added that a decision was expected by {} {}.\n",
                rng.pick(CLAIMS),
                speaker,
                rng.pick(PLACES),
                if rng.below(2) == 0 { "He" } else { "She" },
                MONTHS[rng.below(12)],
                1 + rng.below(28)
            ),
        };
        text.push_str(&paragraph);
    }
    text
}

/// Articles until about `total_bytes`, each near `article_bytes`.
pub fn corpus(seed: u64, total_bytes: usize, article_bytes: usize) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    let mut size = 0;
    while size < total_bytes {
        let a = article(&mut rng, article_bytes);
        size += a.len();
        out.push(a);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_corpus() {
        let a = corpus(7, 20_000, 2_000);
        let b = corpus(7, 20_000, 2_000);
        assert_eq!(a, b);
        assert!(a.iter().map(String::len).sum::<usize>() >= 20_000);
        assert_ne!(a, corpus(8, 20_000, 2_000));
        assert!(a[0].contains("Posted "));
    }
}
