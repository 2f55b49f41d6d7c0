//! The report page: one HTML file with its style, script and SVG charts
//! inline. Every number a test or a tool may want to read back carries its
//! raw value in `data-value`.

use super::aggregate::{ArticleRow, Totals, MAX_SOURCES_BUCKET};
use super::charts::{self, escape, number, Bar, Series};
use super::facts::{Key, QuoteKind};
use super::Provenance;
use byline_core::CivilDate;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Component, Path};

/// Marks a file as a Byline report, so a later run may replace it.
const GENERATOR: &str = "byline report";
const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

const KIND_COLORS: [&str; 3] = ["#2b6cb0", "#d69e2e", "#38a169"];
const LINE_COLORS: [&str; 6] = ["#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b83280", "#718096"];
/// Sources in the share-of-voice charts and table.
const TOP_SOURCES: usize = 15;
const TOP_SOURCE_ROWS: usize = 30;
/// Entities in the entity table.
const ENTITY_ROWS: usize = 200;
const CO_MENTIONED: usize = 12;
/// Periods a timeline shows at most (the busiest stretch when there are more).
const MAX_PERIODS: usize = 120;

/// Refuses to replace a file that is not a Byline report unless `force`.
pub fn may_write(path: &Path, force: bool) -> Result<(), String> {
    if force || !path.exists() {
        return Ok(());
    }
    let mut head = vec![0; 1024];
    let read = std::fs::File::open(path).and_then(|mut f| io::Read::read(&mut f, &mut head));
    let head = String::from_utf8_lossy(&head[..read.unwrap_or(0)]).into_owned();
    if head.contains(&format!("<meta name=\"generator\" content=\"{GENERATOR}")) {
        Ok(())
    } else {
        Err(format!("{}: already exists and is not a Byline report; --force replaces it", path.display()))
    }
}

/// How an entity is shown: the registry's name and kind when it is linked,
/// else its most frequent spelling and kind.
struct Shown {
    name: String,
    kind: &'static str,
    id: Option<String>,
}

pub fn write(
    out: &mut impl Write,
    totals: &mut Totals,
    registry: &HashMap<String, (String, &'static str)>,
    provenance: &Provenance,
) -> io::Result<()> {
    let shown: Vec<Shown> = totals
        .entities
        .iter()
        .map(|e| match totals.key(e.key_index) {
            Key::Registered(id) => match registry.get(id) {
                Some((name, kind)) => Shown { name: name.clone(), kind, id: Some(id.clone()) },
                None => Shown { name: e.name(), kind: e.kind(), id: Some(id.clone()) },
            },
            Key::Unregistered(_) => Shown { name: e.name(), kind: e.kind(), id: None },
        })
        .collect();
    let names: Vec<String> = shown.iter().map(|s| s.name.clone()).collect();
    let by_mentions = totals.entities_by_mentions(&names);
    let rows = totals.article_rows();

    let mut html = String::with_capacity(256 * 1024);
    let title = format!("Byline report: {}", provenance.title);
    let _ = writeln!(
        html,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"generator\" content=\"{GENERATOR} {}\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body>",
        env!("CARGO_PKG_VERSION"),
        escape(&title)
    );
    let _ = write!(html, "<header><h1>{}</h1>", escape(&title));
    let _ = write!(html, "<p class=\"lede\">{}</p>", escape(&lede(totals, provenance)));
    html.push_str(
        "<nav><a href=\"#voice\">Share of voice</a><a href=\"#gender\">Gender</a><a href=\"#time\">Over time</a>\
         <a href=\"#together\">Co-mentions</a><a href=\"#dates\">Dates</a><a href=\"#checks\">Checks</a>\
         <a href=\"#entities\">Entities</a><a href=\"#articles\">Articles</a></nav></header><main>\n",
    );
    overview(&mut html, totals);
    share_of_voice(&mut html, totals, &shown);
    gender(&mut html, totals, &shown);
    over_time(&mut html, totals, &shown);
    co_mentions(&mut html, totals, &shown, &by_mentions);
    dates_mentioned(&mut html, totals);
    checks(&mut html, totals, provenance);
    entity_table(&mut html, totals, &shown, &by_mentions);
    article_table(&mut html, totals, &rows, provenance);
    let _ = writeln!(
        html,
        "</main><footer>Made by <code>byline report</code> {}. Opens from disk; nothing is fetched.</footer>\
         <script>{SCRIPT}</script></body></html>",
        env!("CARGO_PKG_VERSION")
    );
    out.write_all(html.as_bytes())
}

fn lede(totals: &Totals, provenance: &Provenance) -> String {
    let span = match (totals.days.keys().next(), totals.days.keys().next_back()) {
        (Some(first), Some(last)) => format!(
            ", published {} to {}",
            CivilDate::from_days_since_epoch(*first),
            CivilDate::from_days_since_epoch(*last)
        ),
        _ => String::new(),
    };
    let from = if provenance.from_jsonl { " (from annotate --jsonl output)" } else { "" };
    format!("{} articles{span}{from}.", number(totals.articles))
}

fn metric(html: &mut String, name: &str, label: &str, value: usize, note: &str) {
    let _ = write!(
        html,
        "<div class=\"card\"><div class=\"big\" data-metric=\"{name}\" data-value=\"{value}\">{}</div>\
         <div class=\"what\">{}</div><div class=\"note\">{}</div></div>",
        number(value),
        escape(label),
        escape(note)
    );
}

fn overview(html: &mut String, totals: &Totals) {
    html.push_str("<section id=\"overview\" class=\"cards\">");
    metric(
        html,
        "articles",
        "articles",
        totals.articles,
        &format!("{} with a publication date", number(totals.articles_dated)),
    );
    let [direct, mixed, reported] = totals.quotes_by_kind;
    metric(
        html,
        "quotes",
        "quotes",
        totals.total_quotes(),
        &format!("{} direct, {} mixed, {} reported", number(direct), number(mixed), number(reported)),
    );
    let sources = totals.entities.iter().filter(|e| e.quotes > 0).count();
    metric(html, "sources", "sources quoted", sources, "people and organisations with a quote");
    metric(
        html,
        "mentions",
        "entity mentions",
        totals.mentions,
        &format!("{} ambiguous, not counted", number(totals.ambiguous_mentions)),
    );
    if totals.checked {
        let problems: usize = totals.problems_by_rule.values().sum();
        metric(
            html,
            "problems",
            "problems",
            problems,
            &format!("in {} articles", number(totals.articles_with_problems)),
        );
        metric(
            html,
            "annotated",
            "articles annotated",
            totals.articles_annotated,
            &format!("{} of their marks confirmed", percent(totals.marks_confirmed, totals.marks_total)),
        );
    }
    html.push_str("</section>\n");
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "none".to_string()
    } else {
        format!("{:.1}%", 100.0 * part as f64 / whole as f64)
    }
}

fn kind_series() -> Vec<Series<'static>> {
    QuoteKind::ALL.iter().zip(KIND_COLORS).map(|(k, color)| Series { name: k.name(), color }).collect()
}

/// People and organisations with quotes, most quoted first.
fn sources_by_quotes(totals: &Totals, shown: &[Shown]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..totals.entities.len())
        .filter(|&i| totals.entities[i].quotes > 0 && matches!(shown[i].kind, "person" | "organization"))
        .collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&totals.entities[a], &totals.entities[b]);
        y.quotes
            .cmp(&x.quotes)
            .then(sum(&y.words_by_kind).cmp(&sum(&x.words_by_kind)))
            .then(shown[a].name.cmp(&shown[b].name))
    });
    order
}

fn sum(values: &[usize; 3]) -> usize {
    values.iter().sum()
}

fn share_of_voice(html: &mut String, totals: &Totals, shown: &[Shown]) {
    html.push_str("<section id=\"voice\"><h2>Share of voice</h2>");
    let order = sources_by_quotes(totals, shown);
    if order.is_empty() {
        html.push_str("<p class=\"empty\">No quote is attributed to a person or organisation.</p></section>\n");
        return;
    }
    let bars = |field: fn(&super::aggregate::EntityTotal) -> [usize; 3], by: &mut Vec<usize>| {
        by.sort_by(|&a, &b| sum(&field(&totals.entities[b])).cmp(&sum(&field(&totals.entities[a]))).then(a.cmp(&b)));
        by.iter()
            .take(TOP_SOURCES)
            .map(|&i| Bar { label: shown[i].name.clone(), values: field(&totals.entities[i]).to_vec() })
            .collect::<Vec<Bar>>()
    };
    let mut by_quotes = order.clone();
    let mut by_words = order.clone();
    let quote_bars = bars(|e| e.quotes_by_kind, &mut by_quotes);
    let word_bars = bars(|e| e.words_by_kind, &mut by_words);
    let _ = write!(
        html,
        "<div class=\"pair\"><figure><figcaption>Most quoted, by quotes</figcaption>{}</figure>\
         <figure><figcaption>Most quoted, by words quoted</figcaption>{}</figure></div>",
        charts::stacked_bars(&quote_bars, &kind_series(), "quotes"),
        charts::stacked_bars(&word_bars, &kind_series(), "words")
    );
    html.push_str(
        "<table class=\"data\" id=\"sources\"><thead><tr><th>source</th><th>kind</th>\
         <th class=\"n\">quotes</th><th class=\"n\">direct</th><th class=\"n\">mixed</th><th class=\"n\">reported</th>\
         <th class=\"n\">words</th><th class=\"n\">direct words</th><th class=\"n\">mixed + reported words</th>\
         <th class=\"n\">articles</th><th>gender</th></tr></thead><tbody>",
    );
    for &i in order.iter().take(TOP_SOURCE_ROWS) {
        let e = &totals.entities[i];
        let gender =
            if shown[i].kind == "person" { e.gender().unwrap_or_else(|| "unknown".into()) } else { "—".into() };
        let _ = write!(html, "<tr><td>{}</td><td>{}</td>", escape(&shown[i].name), shown[i].kind);
        for value in [
            e.quotes,
            e.quotes_by_kind[0],
            e.quotes_by_kind[1],
            e.quotes_by_kind[2],
            sum(&e.words_by_kind),
            e.words_by_kind[0],
            e.words_by_kind[1] + e.words_by_kind[2],
            e.articles,
        ] {
            num_cell(html, value);
        }
        let _ = write!(html, "<td>{}</td></tr>", escape(&gender));
    }
    html.push_str("</tbody></table>");
    let labels: Vec<String> = (0..=MAX_SOURCES_BUCKET)
        .map(|n| if n == MAX_SOURCES_BUCKET { format!("{n}+") } else { n.to_string() })
        .collect();
    let quoted: usize = totals.entities.iter().map(|e| e.quotes).sum();
    let article_sources: usize = totals.sources_per_article.iter().enumerate().map(|(n, c)| n * c).sum();
    let _ = write!(
        html,
        "<figure><figcaption>Distinct sources quoted per article (mean <span data-metric=\"sources-per-article\" data-value=\"{:.3}\">{:.2}</span>; \
         {} quotes have no source among the entities: an unresolved pronoun or an unnamed speaker)</figcaption>{}</figure>",
        mean(article_sources, totals.articles),
        mean(article_sources, totals.articles),
        number(totals.total_quotes() - quoted),
        charts::columns(&labels, &totals.sources_per_article, "#2b6cb0", "articles")
    );
    html.push_str("</section>\n");
}

fn mean(total: usize, count: usize) -> f64 {
    if count == 0 {
        0.0
    } else {
        total as f64 / count as f64
    }
}

fn num_cell(html: &mut String, value: usize) {
    let _ = write!(html, "<td class=\"n\" data-value=\"{value}\">{}</td>", number(value));
}

fn gender(html: &mut String, totals: &Totals, shown: &[Shown]) {
    html.push_str("<section id=\"gender\"><h2>Gender of sources</h2>");
    let mut people: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (i, e) in totals.entities.iter().enumerate() {
        if e.quotes == 0 || shown[i].kind != "person" {
            continue;
        }
        let gender = e.gender().unwrap_or_else(|| "unknown".to_string());
        let slot = people.entry(gender).or_default();
        slot.0 += 1;
        slot.1 += e.quotes;
    }
    if people.is_empty() {
        html.push_str("<p class=\"empty\">No person is quoted.</p></section>\n");
        return;
    }
    // Known genders first, largest first; unknown last, as its own bar.
    let mut genders: Vec<(String, (usize, usize))> = people.into_iter().collect();
    genders.sort_by(|a, b| (a.0 == "unknown").cmp(&(b.0 == "unknown")).then(b.1 .1.cmp(&a.1 .1)).then(a.0.cmp(&b.0)));
    let color = |g: &str| match g {
        "female" => "#b83280",
        "male" => "#2c7a7b",
        "unknown" => "#a0aec0",
        _ => "#6b46c1",
    };
    let people_bars: Vec<Bar> = genders.iter().map(|(g, (n, _))| Bar { label: g.clone(), values: vec![*n] }).collect();
    let quote_bars: Vec<Bar> = genders.iter().map(|(g, (_, q))| Bar { label: g.clone(), values: vec![*q] }).collect();
    let known_people: usize = genders.iter().filter(|(g, _)| g != "unknown").map(|(_, (n, _))| n).sum();
    let all_people: usize = genders.iter().map(|(_, (n, _))| n).sum();
    let _ = write!(
        html,
        "<p>A source's gender is the one its articles give (a <code>gender</code> in the registry, a courtesy title, \
         the pronouns the article uses for that person); when none does, it is <em>unknown</em>, never guessed. \
         Known for <span data-metric=\"gender-known\" data-value=\"{known_people}\">{}</span> of {} people quoted.</p>",
        number(known_people),
        number(all_people)
    );
    let series_people = [Series { name: "people quoted", color: "#4a5568" }];
    let series_quotes = [Series { name: "quotes", color: "#4a5568" }];
    let _ = write!(
        html,
        "<div class=\"pair\"><figure><figcaption>People quoted, by gender</figcaption>{}</figure>\
         <figure><figcaption>Quotes, by the speaker's gender</figcaption>{}</figure></div>",
        recolor(charts::stacked_bars(&people_bars, &series_people, "people"), &genders, color),
        recolor(charts::stacked_bars(&quote_bars, &series_quotes, "quotes"), &genders, color)
    );
    html.push_str("<table class=\"data\" id=\"genders\"><thead><tr><th>gender</th><th class=\"n\">people quoted</th><th class=\"n\">quotes</th><th class=\"n\">share of quotes</th></tr></thead><tbody>");
    let all_quotes: usize = genders.iter().map(|(_, (_, q))| q).sum();
    for (g, (n, q)) in &genders {
        let _ = write!(html, "<tr data-gender=\"{}\"><td>{}</td>", escape(g), escape(g));
        num_cell(html, *n);
        num_cell(html, *q);
        let _ = write!(html, "<td class=\"n\">{}</td></tr>", percent(*q, all_quotes));
    }
    html.push_str("</tbody></table></section>\n");
}

/// Gives each single-series bar its gender's colour.
fn recolor(svg: String, genders: &[(String, (usize, usize))], color: impl Fn(&str) -> &'static str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg.as_str();
    let mut bar = 0;
    while let Some(at) = rest.find("fill=\"#4a5568\"><title>") {
        out.push_str(&rest[..at]);
        let gender = genders.get(bar).map_or("unknown", |(g, _)| g.as_str());
        let _ = write!(out, "fill=\"{}\"><title>", color(gender));
        rest = &rest[at + "fill=\"#4a5568\"><title>".len()..];
        bar += 1;
    }
    out.push_str(rest);
    out
}

/// Consecutive periods covering `first..=last` days: days for up to three
/// months, months for up to twenty years, else years.
fn periods(first: i64, last: i64) -> (Vec<String>, Box<dyn Fn(i64) -> usize>) {
    let start = CivilDate::from_days_since_epoch(first);
    let end = CivilDate::from_days_since_epoch(last);
    let months = |d: CivilDate| d.year as i64 * 12 + d.month as i64 - 1;
    if last - first <= 92 {
        let labels = (first..=last).map(|d| CivilDate::from_days_since_epoch(d).to_string()).collect();
        (labels, Box::new(move |d| (d - first) as usize))
    } else if months(end) - months(start) < 240 {
        let m0 = months(start);
        let labels =
            (m0..=months(end)).map(|m| format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)).collect();
        (labels, Box::new(move |d| (months(CivilDate::from_days_since_epoch(d)) - m0) as usize))
    } else {
        let y0 = start.year as i64;
        let labels = (y0..=end.year as i64).map(|y| y.to_string()).collect();
        (labels, Box::new(move |d| (CivilDate::from_days_since_epoch(d).year as i64 - y0) as usize))
    }
}

/// The busiest window of at most [`MAX_PERIODS`] periods, as a range.
fn busiest(values: &[usize]) -> std::ops::Range<usize> {
    if values.len() <= MAX_PERIODS {
        return 0..values.len();
    }
    let mut best = (0, 0);
    let mut window: usize = values[..MAX_PERIODS].iter().sum();
    for start in 0..=values.len() - MAX_PERIODS {
        if start > 0 {
            window = window + values[start + MAX_PERIODS - 1] - values[start - 1];
        }
        if window > best.1 {
            best = (start, window);
        }
    }
    best.0..best.0 + MAX_PERIODS
}

fn over_time(html: &mut String, totals: &Totals, shown: &[Shown]) {
    html.push_str("<section id=\"time\"><h2>Over time</h2>");
    let (Some(&first), Some(&last)) = (totals.days.keys().next(), totals.days.keys().next_back()) else {
        html.push_str("<p class=\"empty\">No article has a publication date (front matter <code>date:</code> or a dateline).</p></section>\n");
        return;
    };
    let (labels, bucket) = periods(first, last);
    let mut quotes = vec![0; labels.len()];
    let mut mentions = vec![0; labels.len()];
    let mut articles = vec![0; labels.len()];
    for (day, total) in &totals.days {
        let b = bucket(*day);
        quotes[b] += total.quotes;
        mentions[b] += total.mentions;
        articles[b] += total.articles;
    }
    let window = busiest(&articles);
    let note = if window.len() < labels.len() { " (the busiest stretch)" } else { "" };
    let labels = &labels[window.clone()];
    let corpus_series = vec![
        (Series { name: "articles", color: LINE_COLORS[5] }, articles[window.clone()].to_vec()),
        (Series { name: "quotes", color: LINE_COLORS[0] }, quotes[window.clone()].to_vec()),
        (Series { name: "entity mentions", color: LINE_COLORS[1] }, mentions[window.clone()].to_vec()),
    ];
    let mut top: Vec<usize> = sources_by_quotes(totals, shown);
    top.truncate(5);
    let source_series: Vec<(Series, Vec<usize>)> = top
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let mut values = vec![0; articles.len()];
            for (day, count) in &totals.entities[i].quotes_by_day {
                values[bucket(*day)] += *count as usize;
            }
            (Series { name: shown[i].name.as_str(), color: LINE_COLORS[n] }, values[window.clone()].to_vec())
        })
        .collect();
    let _ = writeln!(
        html,
        "<figure><figcaption>Articles, quotes and mentions by publication date{note}</figcaption>{}</figure>\
         <figure><figcaption>Quotes of the five most quoted sources by publication date{note}</figcaption>{}</figure></section>",
        charts::lines(labels, &corpus_series, "per period"),
        charts::lines(labels, &source_series, "quotes")
    );
}

fn co_mentions(html: &mut String, totals: &Totals, shown: &[Shown], by_mentions: &[usize]) {
    html.push_str("<section id=\"together\"><h2>Who appears with whom</h2>");
    let top: Vec<usize> = by_mentions
        .iter()
        .copied()
        .filter(|&i| matches!(shown[i].kind, "person" | "organization"))
        .take(CO_MENTIONED)
        .collect();
    if top.len() < 2 {
        html.push_str("<p class=\"empty\">Fewer than two people or organisations are mentioned.</p></section>\n");
        return;
    }
    let counts: Vec<Vec<usize>> = top
        .iter()
        .map(|&a| {
            top.iter()
                .map(|&b| {
                    let (x, y) = (a.min(b) as u32, a.max(b) as u32);
                    totals.pairs.get(&(x, y)).copied().unwrap_or(0) as usize
                })
                .collect()
        })
        .collect();
    let labels: Vec<String> = top.iter().map(|&i| shown[i].name.clone()).collect();
    let mut pairs: Vec<(&(u32, u32), &u32)> = totals.pairs.iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let pruned = if totals.pairs_pruned {
        " Rare pairs were dropped to bound memory; the counts shown are lower bounds."
    } else {
        ""
    };
    let _ = write!(
        html,
        "<p>Articles that mention both, among the {} most mentioned people and organisations.{pruned}</p>\
         <div class=\"pair\"><figure>{}</figure><table class=\"data\" id=\"pairs\"><thead><tr><th>together</th><th class=\"n\">articles</th></tr></thead><tbody>",
        top.len(),
        charts::heatmap(&labels, &counts)
    );
    for ((a, b), count) in pairs.into_iter().take(15) {
        let _ = write!(
            html,
            "<tr><td>{} &amp; {}</td>",
            escape(&shown[*a as usize].name),
            escape(&shown[*b as usize].name)
        );
        num_cell(html, *count as usize);
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></div></section>\n");
}

fn dates_mentioned(html: &mut String, totals: &Totals) {
    html.push_str("<section id=\"dates\"><h2>The dates the articles talk about</h2>");
    let (Some(first), Some(last)) = (totals.months_mentioned.keys().next(), totals.months_mentioned.keys().next_back())
    else {
        html.push_str("<p class=\"empty\">No date naming a month or a day was found.</p></section>\n");
        return;
    };
    let index = |(y, m): (i32, u32)| y as i64 * 12 + m as i64 - 1;
    let (m0, m1) = (index(*first), index(*last));
    let by_year = m1 - m0 >= 240;
    let (labels, values): (Vec<String>, Vec<usize>) = if by_year {
        let mut years: BTreeMap<i32, usize> = BTreeMap::new();
        for ((y, _), count) in &totals.months_mentioned {
            *years.entry(*y).or_default() += count;
        }
        (first.0..=last.0).map(|y| (y.to_string(), years.get(&y).copied().unwrap_or(0))).unzip()
    } else {
        (m0..=m1)
            .map(|m| {
                let key = (m.div_euclid(12) as i32, (m.rem_euclid(12) + 1) as u32);
                (format!("{:04}-{:02}", key.0, key.1), totals.months_mentioned.get(&key).copied().unwrap_or(0))
            })
            .unzip()
    };
    let window = busiest(&values);
    let total: usize = totals.months_mentioned.values().sum();
    let _ = writeln!(
        html,
        "<p>{} dates that name a month or a day (<code>TIMEX3</code> values resolved against each article's publication date), by the {} they name{}.</p><figure>{}</figure></section>",
        number(total),
        if by_year { "year" } else { "month" },
        if window.len() < labels.len() { "; the busiest stretch" } else { "" },
        charts::columns(&labels[window.clone()], &values[window], "#805ad5", "dates")
    );
}

fn checks(html: &mut String, totals: &Totals, provenance: &Provenance) {
    html.push_str("<section id=\"checks\"><h2>Checks and annotation progress</h2>");
    if !totals.checked {
        let why = if provenance.from_jsonl {
            "The annotate output carries no findings or annotations: run <code>byline report</code> on the corpus folder for this section."
        } else {
            "Nothing was checked."
        };
        let _ = writeln!(html, "<p class=\"empty\">{why}</p></section>");
        return;
    }
    let total: usize = totals.problems_by_rule.values().sum();
    let mut rules: Vec<(&&str, &usize)> = totals.problems_by_rule.iter().collect();
    rules.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let _ = write!(
        html,
        "<p>The problems <code>byline check</code> reports: <span data-metric=\"problems-total\" data-value=\"{total}\">{}</span>, by rule.</p>",
        number(total)
    );
    if !rules.is_empty() {
        let bars: Vec<Bar> = rules.iter().map(|(r, n)| Bar { label: r.to_string(), values: vec![**n] }).collect();
        let _ = write!(
            html,
            "<div class=\"pair\"><figure>{}</figure>",
            charts::stacked_bars(&bars, &[Series { name: "problems", color: "#c53030" }], "problems")
        );
        html.push_str("<table class=\"data\" id=\"rules\"><thead><tr><th>rule</th><th class=\"n\">problems</th></tr></thead><tbody>");
        for (rule, count) in &rules {
            let _ = write!(html, "<tr data-rule=\"{}\"><td><code>{}</code></td>", escape(rule), escape(rule));
            num_cell(html, **count);
            html.push_str("</tr>");
        }
        html.push_str("</tbody></table></div>");
    }
    let confirmed = percent(totals.marks_confirmed, totals.marks_total);
    let share = if totals.marks_total == 0 { 0.0 } else { totals.marks_confirmed as f64 / totals.marks_total as f64 };
    let _ = writeln!(
        html,
        "<h3>Annotation progress</h3><p><span data-metric=\"articles-annotated\" data-value=\"{}\">{}</span> of {} articles have a <code>.ann</code>. \
         In them, <span data-metric=\"marks-confirmed\" data-value=\"{}\">{}</span> of <span data-metric=\"marks-total\" data-value=\"{}\">{}</span> detected marks are confirmed by an annotation ({confirmed}), \
         {} contradicted, the rest still suggestions.</p>\
         <div class=\"progress\" title=\"{confirmed} confirmed\"><div style=\"width:{:.1}%\"></div></div></section>",
        totals.articles_annotated,
        number(totals.articles_annotated),
        number(totals.articles),
        totals.marks_confirmed,
        number(totals.marks_confirmed),
        totals.marks_total,
        number(totals.marks_total),
        number(totals.marks_contradicted),
        100.0 * share
    );
}

fn entity_table(html: &mut String, totals: &Totals, shown: &[Shown], by_mentions: &[usize]) {
    let _ = write!(
        html,
        "<section id=\"entities\"><h2>Entities</h2><p>The {} most mentioned of {} entities, counted as <code>byline entities</code> counts them.</p>\
         <table class=\"data sortable\" id=\"entity-table\"><thead><tr><th data-sort=\"text\">name</th><th data-sort=\"text\">kind</th><th data-sort=\"text\">id</th>\
         <th class=\"n\" data-sort=\"num\">mentions</th><th class=\"n\" data-sort=\"num\">articles</th><th class=\"n\" data-sort=\"num\">quotes</th></tr></thead><tbody>",
        by_mentions.len().min(ENTITY_ROWS),
        number(by_mentions.len())
    );
    for &i in by_mentions.iter().take(ENTITY_ROWS) {
        let e = &totals.entities[i];
        let s = &shown[i];
        let _ = write!(
            html,
            "<tr data-name=\"{}\" data-id=\"{}\"><td>{}</td><td>{}</td><td>{}</td>",
            escape(&s.name),
            escape(s.id.as_deref().unwrap_or("")),
            escape(&s.name),
            s.kind,
            escape(s.id.as_deref().unwrap_or("—"))
        );
        num_cell(html, e.mentions);
        num_cell(html, e.articles);
        num_cell(html, e.quotes);
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></section>\n");
}

fn article_table(html: &mut String, totals: &Totals, rows: &[ArticleRow], provenance: &Provenance) {
    let shown_note = if totals.table_truncated {
        format!(
            "The {} articles with the most problems, then the most quotes, of {} (<code>--max-articles</code> sets how many).",
            number(rows.len()),
            number(totals.articles)
        )
    } else {
        format!("All {} articles.", number(rows.len()))
    };
    let _ = write!(
        html,
        "<section id=\"articles\"><h2>Articles</h2><p>{shown_note} Click a heading to sort.</p>\
         <div class=\"filters\"><input id=\"filter\" type=\"search\" placeholder=\"Filter by title, file or date\" aria-label=\"Filter articles\">\
         <label><input id=\"only-problems\" type=\"checkbox\"> only articles with problems</label> <span id=\"shown-count\"></span></div>\
         <table class=\"data sortable\" id=\"article-table\"><thead><tr><th data-sort=\"text\">date</th><th data-sort=\"text\">title</th>\
         <th class=\"n\" data-sort=\"num\">sources</th><th class=\"n\" data-sort=\"num\">quotes</th><th class=\"n\" data-sort=\"num\">mentions</th>\
         <th class=\"n\" data-sort=\"num\">problems</th></tr></thead><tbody>"
    );
    let report_dir = std::path::absolute(&provenance.report_dir).unwrap_or_else(|_| provenance.report_dir.clone());
    for row in rows {
        let date = row.date.map(|d| d.to_string()).unwrap_or_default();
        let title = row.title.clone().unwrap_or_else(|| row.id.clone());
        let link = row.path.as_deref().and_then(|p| relative_href(p, &report_dir));
        let problems = row.problems.unwrap_or(0);
        let _ = write!(html, "<tr data-problems=\"{problems}\"><td>{}</td><td>", escape(&date));
        match link {
            Some(href) => {
                let _ = write!(html, "<a href=\"{}\">{}</a>", escape(&href), escape(&title));
            }
            None => html.push_str(&escape(&title)),
        }
        if row.title.is_some() {
            let _ = write!(html, "<div class=\"file\">{}</div>", escape(&row.id));
        }
        html.push_str("</td>");
        for value in [row.sources, row.quotes, row.mentions] {
            num_cell(html, value);
        }
        match row.problems {
            Some(n) => num_cell(html, n),
            None => html.push_str("<td class=\"n\" data-value=\"0\">—</td>"),
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></section>\n");
}

/// The article's path relative to the report's folder, percent-encoded as
/// a URL path.
fn relative_href(file: &Path, report_dir: &Path) -> Option<String> {
    let file = std::path::absolute(file).ok()?;
    let from: Vec<Component> = report_dir.components().collect();
    let to: Vec<Component> = file.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    for c in &to[common..] {
        parts.push(encode(c.as_os_str().to_str()?));
    }
    Some(if common == 0 { format!("file://{}", encode_path(&file)?) } else { parts.join("/") })
}

fn encode_path(path: &Path) -> Option<String> {
    Some(path.to_str()?.split('/').map(encode).collect::<Vec<_>>().join("/"))
}

fn encode(segment: &str) -> String {
    let mut out = String::new();
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_relative_to_the_report_and_encoded() {
        let href = relative_href(Path::new("/data/corpus/desk/harbour news.txt"), Path::new("/data/reports")).unwrap();
        assert_eq!(href, "../corpus/desk/harbour%20news.txt");
    }

    #[test]
    fn long_timelines_show_their_busiest_stretch() {
        let mut values = vec![0; 300];
        values[200] = 5;
        let window = busiest(&values);
        assert_eq!(window.len(), MAX_PERIODS);
        assert!(window.contains(&200));
        assert_eq!(busiest(&[1, 2]), 0..2);
    }

    #[test]
    fn periods_are_days_then_months_then_years() {
        let day = |y, m, d| CivilDate::new(y, m, d).unwrap().days_since_epoch();
        let (labels, bucket) = periods(day(2024, 3, 1), day(2024, 3, 10));
        assert_eq!((labels.len(), bucket(day(2024, 3, 10))), (10, 9));
        let (labels, bucket) = periods(day(2020, 1, 5), day(2024, 3, 10));
        assert_eq!((labels[0].as_str(), bucket(day(2020, 2, 1))), ("2020-01", 1));
        let (labels, _) = periods(day(1950, 1, 5), day(2024, 3, 10));
        assert_eq!((labels[0].as_str(), labels.len()), ("1950", 75));
    }
}
