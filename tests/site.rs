//! Building a project end to end and reading the site it produces.

mod common;

use common::*;
use std::path::Path;

const PAGES: [&str; 9] = [
    "index.html",
    "timeline/index.html",
    "claims/index.html",
    "bull/index.html",
    "bear/index.html",
    "sources/index.html",
    "entities/index.html",
    "404.html",
    "assets/style.css",
];

#[test]
fn fixture_builds_every_page_with_working_links() {
    let dir = fixture("minimal");
    let run = briefing(dir.path(), &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("built 19 pages from 2 sources, 4 claims in "),
        "{}",
        run.stdout
    );
    let public = dir.path().join("public");
    for page in PAGES {
        assert!(public.join(page).is_file(), "missing {page}");
    }
    for detail in [
        "claims/acme-capacity-doubled/index.html",
        "claims/widget-price-falls/index.html",
        "sources/alpha/index.html",
        "sources/beta/index.html",
        "entities/acme/index.html",
        "entities/trade-office/index.html",
        "pages/about/index.html",
        "search/index.html",
        "assets/search-index.js",
    ] {
        assert!(public.join(detail).is_file(), "missing {detail}");
    }
    assert_eq!(broken_links(&public), Vec::<String>::new());
}

#[test]
fn every_page_is_reachable_from_the_front_page() {
    let dir = fixture("minimal");
    assert!(briefing(dir.path(), &["build"]).ok());
    let public = dir.path().join("public").canonicalize().unwrap();
    let mut seen = std::collections::BTreeSet::new();
    let mut queue = vec![public.join("index.html")];
    while let Some(page) = queue.pop() {
        if !seen.insert(page.clone()) {
            continue;
        }
        let doc = html(&page);
        let targets = select(&doc, "a[href]")
            .into_iter()
            .map(|a| a.value().attr("href").unwrap())
            .chain(
                select(&doc, "form[action]")
                    .into_iter()
                    .map(|f| f.value().attr("action").unwrap()),
            );
        for href in targets {
            if href.starts_with("http") || href.starts_with('#') {
                continue;
            }
            let path = href.split('#').next().unwrap();
            if let Ok(p) = page.parent().unwrap().join(path).canonicalize() {
                if p.extension().is_some_and(|e| e == "html") {
                    queue.push(p);
                }
            }
        }
    }
    for entry in walkdir::WalkDir::new(&public) {
        let p = entry.unwrap().path().to_path_buf();
        if p.extension().is_some_and(|e| e == "html") && !p.ends_with("404.html") {
            assert!(
                seen.contains(&p),
                "{} is not linked from anywhere",
                p.display()
            );
        }
    }
}

#[test]
fn claim_page_groups_quotes_by_stance_with_derived_status() {
    let dir = fixture("minimal");
    assert!(briefing(dir.path(), &["build"]).ok());
    let doc = html(&dir.path().join("public/claims/buyer-named/index.html"));
    let status = select(&doc, ".verdict-status .status");
    assert_eq!(text(&status[0]), "▲ Contested");
    let supports = select(&doc, ".stance-supports blockquote");
    let disputes = select(&doc, ".stance-disputes blockquote");
    assert_eq!(supports.len(), 1);
    assert_eq!(text(&supports[0]), "a buyer abroad has signed");
    assert_eq!(text(&disputes[0]), "no buyer has been named");
    // Each quote links to its passage on the source page.
    let cite = select(&doc, ".stance-disputes figcaption a")[0]
        .value()
        .attr("href")
        .unwrap();
    assert_eq!(cite, "../../sources/alpha/index.html#quote-3");
    // The case point citing the claim links back.
    let cited = select(&doc, ".cited-points a");
    assert_eq!(
        cited[0].value().attr("href"),
        Some("../../bull/index.html#point-2")
    );

    let corroborated = html(
        &dir.path()
            .join("public/claims/acme-capacity-doubled/index.html"),
    );
    assert_eq!(
        text(&select(&corroborated, ".verdict-status .status")[0]),
        "● Corroborated"
    );
    let verdict = html(
        &dir.path()
            .join("public/claims/widget-price-falls/index.html"),
    );
    assert_eq!(
        text(&select(&verdict, ".verdict-status > .status")[0]),
        "○ Unverified"
    );
    assert!(text(&select(&verdict, ".verdict-note")[0]).contains("No source gives a basis"));
}

#[test]
fn claims_table_has_a_row_per_claim_with_status_and_counts() {
    let dir = fixture("minimal");
    assert!(briefing(dir.path(), &["build"]).ok());
    let doc = html(&dir.path().join("public/claims/index.html"));
    let rows = select(&doc, "table.claims-table tbody tr");
    assert_eq!(rows.len(), 4);
    let ids: Vec<&str> = rows.iter().map(|r| r.value().attr("id").unwrap()).collect();
    // Grouped by topic (alphabetical), file order within a topic.
    assert_eq!(
        ids,
        [
            "buyer-named",
            "widget-price-falls",
            "export-permit-pending",
            "acme-capacity-doubled"
        ]
    );
    let first = text(&rows[0]);
    assert!(
        first.contains("Contested") && first.contains("1 for") && first.contains("1 against"),
        "{first}"
    );
    assert!(!select(&doc, "table caption").is_empty());
    assert!(text(&rows[3]).contains("2,000 widgets / day"));
}

#[test]
fn timeline_shows_precision_and_the_as_of_line_before_expected_events() {
    let dir = fixture("minimal");
    assert!(briefing(dir.path(), &["build"]).ok());
    let doc = html(&dir.path().join("public/timeline/index.html"));
    let items = select(&doc, "ol.timeline > li");
    let classes: Vec<String> = items
        .iter()
        .map(|li| li.value().attr("class").unwrap_or("").to_string())
        .collect();
    assert_eq!(classes, ["event", "event", "as-of-line", "event expected"]);
    let periods: Vec<String> = select(&doc, "h3.period").iter().map(text).collect();
    assert_eq!(periods, ["Q4 2025", "Q1 2026", "Q3 2026"]);
    let years: Vec<String> = select(&doc, "section.year > h2").iter().map(text).collect();
    assert_eq!(years, ["2025", "2026"]);
    let dates: Vec<String> = select(&doc, ".event-date time").iter().map(text).collect();
    assert_eq!(dates, ["Q4 2025", "2 March 2026", "Q3 2026"]);
    assert_eq!(
        select(&doc, ".event-date time")[2].value().attr("datetime"),
        Some("2026-07")
    );
}

#[test]
fn source_page_lists_annotations_in_order_with_verification() {
    let dir = fixture("minimal");
    assert!(briefing(dir.path(), &["build"]).ok());
    let doc = html(&dir.path().join("public/sources/alpha/index.html"));
    let quotes = select(&doc, "ol.annotations figure.quote");
    let anchors: Vec<&str> = quotes
        .iter()
        .map(|q| q.value().attr("id").unwrap())
        .collect();
    assert_eq!(anchors, ["quote-1", "quote-2", "quote-3"]);
    assert!(text(&quotes[0]).contains("Verified against the original"));
    // The digest's Markdown: heading ids and highlighted code.
    assert_eq!(select(&doc, ".digest h2#what-it-adds").len(), 1);
    assert!(!select(&doc, ".digest pre.code span[class]").is_empty());
    // The original text itself is never published.
    let site = snapshot(&dir.path().join("public"));
    let original = read(&dir.path().join("originals/alpha.txt"));
    let line = original.lines().nth(2).unwrap();
    for (path, bytes) in site {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(line),
            "{} publishes the original",
            path.display()
        );
    }
}

#[test]
fn entity_pages_link_claims_sources_and_events() {
    let dir = fixture("minimal");
    assert!(briefing(dir.path(), &["build"]).ok());
    let doc = html(&dir.path().join("public/entities/acme/index.html"));
    let claims: Vec<String> = select(&doc, "section[aria-labelledby=claims-h] .chips a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(claims.len(), 3);
    let text_all = text(&select(&doc, "main")[0]);
    assert!(text_all.contains("Acme eyes exports") && text_all.contains("Widget boom"));
    let office = html(&dir.path().join("public/entities/trade-office/index.html"));
    // Named in an event's detail, and through a claim.
    assert!(text(&select(&office, "main")[0]).contains("Alpha reports the permit is pending"));
}

#[test]
fn check_writes_nothing() {
    let dir = fixture("minimal");
    let run = briefing(dir.path(), &["check"]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(run.stdout.starts_with("checked "), "{}", run.stdout);
    assert!(!dir.path().join("public").exists());
    assert!(!dir.path().join("content/quotes.lock").exists());
}

#[test]
fn out_and_root_options() {
    let dir = fixture("minimal");
    let outer = tempfile::tempdir().unwrap();
    let out = outer.path().join("site");
    let run = briefing(
        outer.path(),
        &[
            "build",
            "--root",
            dir.path().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(run.ok(), "{}", run.stderr);
    assert!(out.join("index.html").is_file());
    assert!(!dir.path().join("public").exists());
}

#[test]
fn refuses_to_replace_the_project_with_the_site() {
    let dir = fixture("minimal");
    for bad in ["content", ".", "templates/x"] {
        let run = briefing(dir.path(), &["build", "--out", bad]);
        assert!(!run.ok(), "--out {bad} was accepted");
        assert!(
            run.stderr.contains("refusing to write the site here"),
            "{}",
            run.stderr
        );
    }
    assert!(dir.path().join("content/briefing.yaml").is_file());
}

#[test]
fn help_explains_the_commands() {
    let run = briefing(Path::new("."), &["--help"]);
    assert!(run.ok());
    for word in ["build", "check", "briefing site"] {
        assert!(run.stdout.contains(word), "{}", run.stdout);
    }
    let build = briefing(Path::new("."), &["build", "--help"]);
    for flag in ["--root", "--out", "--originals", "--require-verified"] {
        assert!(build.stdout.contains(flag), "{}", build.stdout);
    }
}

#[test]
fn output_is_deterministic() {
    let dir = fixture("minimal");
    assert!(briefing(dir.path(), &["build"]).ok());
    let first = snapshot(&dir.path().join("public"));
    assert!(briefing(dir.path(), &["build"]).ok());
    assert_eq!(first, snapshot(&dir.path().join("public")));
}

#[test]
fn markup_in_content_is_escaped() {
    let dir = fixture("minimal");
    edit(
        dir.path(),
        "content/claims.yaml",
        "statement: \"Acme doubled its widget capacity in 2025.\"",
        "statement: \"<script>alert(1)</script> & \\\"quotes\\\"\"",
    );
    edit(
        dir.path(),
        "content/sources/beta.md",
        "Beta is upbeat",
        "<img src=x onerror=alert(1)> Beta is upbeat",
    );
    let run = briefing(dir.path(), &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    // Pages and scripts; the data exports carry the text as data.
    for (path, bytes) in snapshot(&dir.path().join("public")) {
        if path.starts_with("data") {
            continue;
        }
        let page = String::from_utf8_lossy(&bytes);
        assert!(
            !page.contains("<script>alert"),
            "{} runs injected script",
            path.display()
        );
        assert!(
            !page.contains("<img src=x"),
            "{} carries injected markup",
            path.display()
        );
    }
    let claim = read(
        &dir.path()
            .join("public/claims/acme-capacity-doubled/index.html"),
    );
    // Escaped, its straight quotes set as prose sets them.
    assert!(claim.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; \u{201C}quotes\u{201D}"));
}

#[test]
fn front_page_charts_figures_that_share_a_unit() {
    let dir = fixture("minimal");
    assert!(briefing(dir.path(), &["build"]).ok());
    let doc = html(&dir.path().join("public/index.html"));
    let charts = select(&doc, "figure.chart");
    assert_eq!(charts.len(), 1, "one unit has two figures");
    let caption = text(&select(&doc, "figure.chart figcaption .chart-title")[0]);
    assert_eq!(
        caption,
        "Acme widget capacity is 4.0 times Widgets the buyer ordered"
    );
    let bars: Vec<&str> = select(&doc, "figure.chart svg a")
        .iter()
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(
        bars,
        [
            "claims/acme-capacity-doubled/index.html",
            "claims/buyer-named/index.html"
        ]
    );
    let widths: Vec<f64> = select(&doc, "figure.chart rect")
        .iter()
        .map(|r| r.value().attr("width").unwrap().parse().unwrap())
        .collect();
    assert!((widths[0] / widths[1] - 4.0).abs() < 0.01, "{widths:?}");
    // The data behind the chart, as a table.
    assert_eq!(select(&doc, "figure.chart details table tbody tr").len(), 2);
}

#[test]
fn detail_pages_link_to_their_neighbours() {
    let dir = fixture("minimal");
    assert!(briefing(dir.path(), &["build"]).ok());
    // Claims page through in the claims table's order: by topic
    // (customers, market, regulation, supply), not in claims.yaml's.
    let claim = |id: &str| html(&dir.path().join(format!("public/claims/{id}/index.html")));
    let link = |doc: &scraper::Html, css: &str| {
        select(doc, css)
            .first()
            .and_then(|a| a.value().attr("href"))
            .map(str::to_string)
    };
    let table = html(&dir.path().join("public/claims/index.html"));
    let in_table: Vec<String> = select(&table, "#claims-table tbody tr")
        .iter()
        .filter_map(|tr| tr.value().attr("id").map(str::to_string))
        .collect();
    let order = [
        "buyer-named",
        "widget-price-falls",
        "export-permit-pending",
        "acme-capacity-doubled",
    ];
    assert_eq!(in_table, order, "the table's rows");
    let first = claim(order[0]);
    assert_eq!(link(&first, "nav.pager a.prev"), None);
    for pair in order.windows(2) {
        assert_eq!(
            link(&claim(pair[0]), "nav.pager a.next"),
            Some(format!("../../claims/{}/index.html", pair[1])),
            "after {}",
            pair[0]
        );
        assert_eq!(
            link(&claim(pair[1]), "nav.pager a.prev"),
            Some(format!("../../claims/{}/index.html", pair[0]))
        );
    }
    assert_eq!(link(&claim(order[3]), "nav.pager a.next"), None);
    let last = html(&dir.path().join("public/sources/beta/index.html"));
    assert_eq!(
        select(&last, "nav.pager a.prev")[0].value().attr("href"),
        Some("../../sources/alpha/index.html")
    );
    assert!(select(&last, "nav.pager a.next").is_empty());
}

#[test]
fn a_project_needs_no_templates_folder() {
    let with = fixture("minimal");
    assert!(briefing(with.path(), &["build"]).ok());
    let without = fixture("minimal");
    std::fs::remove_dir_all(without.path().join("templates")).unwrap();
    let run = briefing(without.path(), &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    // The embedded theme is the repository's templates/, byte for byte.
    assert_eq!(
        snapshot(&with.path().join("public")),
        snapshot(&without.path().join("public"))
    );
}

#[test]
fn a_template_override_changes_only_its_pages() {
    let plain = fixture("minimal");
    assert!(briefing(plain.path(), &["build"]).ok());
    let custom = fixture("minimal");
    std::fs::remove_dir_all(custom.path().join("templates")).unwrap();
    std::fs::create_dir_all(custom.path().join("templates/assets")).unwrap();
    std::fs::write(
        custom.path().join("templates/page.html"),
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"ours\">{{ page.title }}</h1>{{ body_html | safe }}{% endblock content %}",
    )
    .unwrap();
    std::fs::write(
        custom.path().join("templates/assets/extra.css"),
        "/* ours */",
    )
    .unwrap();
    let run = briefing(custom.path(), &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    let before = snapshot(&plain.path().join("public"));
    let after = snapshot(&custom.path().join("public"));
    let changed: Vec<String> = after
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(*bytes))
        .map(|(path, _)| path.display().to_string())
        .collect();
    assert_eq!(changed, ["assets/extra.css", "pages/about/index.html"]);
    let page = html(&custom.path().join("public/pages/about/index.html"));
    assert_eq!(text(&select(&page, "h1.ours")[0]), "About this briefing");
}

#[test]
fn init_makes_a_briefing_that_builds_and_refuses_a_non_empty_folder() {
    let outer = tempfile::tempdir().unwrap();
    let dir = outer.path().join("new-briefing");
    let run = briefing(outer.path(), &["init", "new-briefing"]);
    assert!(run.ok(), "{}", run.stderr);
    // The starter ships its originals: every quote is verified at once.
    let build = briefing(&dir, &["build", "--require-verified"]);
    assert!(build.ok(), "{}", build.stderr);
    assert!(build.stdout.contains(" 0 unverified"), "{}", build.stdout);
    assert!(dir.join("content/quotes.lock").is_file());
    assert!(
        build.stderr.is_empty(),
        "the starter has warnings: {}",
        build.stderr
    );
    assert_eq!(broken_links(&dir.join("public")), Vec::<String>::new());
    // A second init into the same (now non-empty) folder is refused.
    let again = briefing(outer.path(), &["init", "new-briefing"]);
    assert_eq!(again.code, Some(1));
    assert!(again.stderr.contains("is not empty"), "{}", again.stderr);
    assert!(dir.join("content/briefing.yaml").is_file());
}

#[test]
fn data_exports_and_sitemap() {
    let dir = fixture("minimal");
    assert!(briefing(dir.path(), &["build"]).ok());
    let public = dir.path().join("public");
    let mut csv = csv::Reader::from_path(public.join("data/claims.csv")).unwrap();
    let headers = csv.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4, "one row per claim");
    let buyer = rows.iter().find(|r| &r[0] == "buyer-named").unwrap();
    assert_eq!(&buyer[3], "contested");
    assert_eq!((&buyer[4], &buyer[6]), ("1", "1"));
    let claims: serde_json::Value =
        serde_json::from_str(&read(&public.join("data/claims.json"))).unwrap();
    assert_eq!(claims["items"].as_array().unwrap().len(), 4);
    assert_eq!(claims["as_of"], "2026-03-15");
    // No base_url: no sitemap, which needs absolute addresses; feeds with
    // addresses relative to the site root, and ids that are URNs.
    assert!(!public.join("sitemap.xml").exists());
    let feed = read(&public.join("feed.xml"));
    assert!(feed.contains("<link href=\"sources/alpha/\"/>"), "{feed}");
    assert!(feed.contains("<id>urn:uuid:"), "{feed}");
    assert!(!feed.contains("rel=\"self\""), "{feed}");
    let json: serde_json::Value = serde_json::from_str(&read(&public.join("feed.json"))).unwrap();
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    assert!(json.get("feed_url").is_none());
    assert_eq!(json["items"].as_array().unwrap().len(), 2 + 2);
    assert_eq!(
        read(&public.join("robots.txt")),
        "User-agent: *\nAllow: /\n"
    );

    edit(
        dir.path(),
        "content/briefing.yaml",
        "authors:",
        "base_url: \"https://example.org/acme/\"\nauthors:",
    );
    assert!(briefing(dir.path(), &["build"]).ok());
    let sitemap = read(&public.join("sitemap.xml"));
    assert!(
        sitemap.contains("<loc>https://example.org/acme/claims/buyer-named/</loc>"),
        "{sitemap}"
    );
    assert_eq!(sitemap.matches("<url>").count(), 7 + 4 + 2 + 2 + 1);
    assert!(
        read(&public.join("robots.txt")).contains("Sitemap: https://example.org/acme/sitemap.xml")
    );
    // The Atom feed: sources and past events, newest first, absolute links.
    let feed = read(&public.join("feed.xml"));
    let doc = scraper::Html::parse_fragment(&feed);
    let entries = select(&doc, "entry");
    assert_eq!(entries.len(), 2 + 2, "two sources and two past events");
    let updated: Vec<String> = select(&doc, "entry > updated").iter().map(text).collect();
    let mut sorted = updated.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(updated, sorted, "newest first");
    assert!(
        feed.contains("<link href=\"https://example.org/acme/sources/alpha/\"/>"),
        "{feed}"
    );
    assert!(
        feed.contains("<updated>2026-03-15T00:00:00Z</updated>"),
        "{feed}"
    );
    // Open Graph and Twitter card tags on every page; the address with base_url.
    let claim = html(&public.join("claims/buyer-named/index.html"));
    let meta = |css: &str| {
        select(&claim, css)[0]
            .value()
            .attr("content")
            .unwrap()
            .to_string()
    };
    assert_eq!(
        meta("meta[property='og:title']"),
        "A foreign buyer has signed for Acme widgets."
    );
    assert_eq!(meta("meta[property='og:type']"), "article");
    assert_eq!(
        meta("meta[property='og:url']"),
        "https://example.org/acme/claims/buyer-named/"
    );
    assert_eq!(meta("meta[name='twitter:card']"), "summary");
    let feed_link = select(&claim, "link[rel='alternate']")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(feed_link, "../../feed.xml");
    let json: serde_json::Value = serde_json::from_str(&read(&public.join("feed.json"))).unwrap();
    assert_eq!(json["feed_url"], "https://example.org/acme/feed.json");
    assert_eq!(
        json["items"][0]["url"].as_str().unwrap(),
        "https://example.org/acme/sources/alpha/"
    );
}

#[test]
fn schema_org_metadata_on_claims_with_a_verdict_and_on_sources() {
    let dir = fixture("minimal");
    assert!(briefing(dir.path(), &["build"]).ok());
    let public = dir.path().join("public");
    let jsonld = |page: &str| -> Vec<serde_json::Value> {
        select(
            &html(&public.join(page)),
            "script[type='application/ld+json']",
        )
        .iter()
        .map(|s| serde_json::from_str(&s.text().collect::<String>()).unwrap())
        .collect()
    };
    let review = jsonld("claims/widget-price-falls/index.html");
    assert_eq!(review.len(), 1);
    assert_eq!(review[0]["@type"], "ClaimReview");
    assert_eq!(
        review[0]["claimReviewed"],
        "Widget prices will fall by half."
    );
    assert_eq!(review[0]["reviewRating"]["alternateName"], "Unverified");
    assert_eq!(review[0]["author"]["name"], "Test desk");
    assert!(
        jsonld("claims/buyer-named/index.html").is_empty(),
        "a derived status is no review"
    );
    let article = jsonld("sources/alpha/index.html");
    assert_eq!(article[0]["@type"], "NewsArticle");
    assert_eq!(article[0]["headline"], "Acme eyes exports");
    assert_eq!(article[0]["publisher"]["name"], "Alpha Daily");
    assert_eq!(article[0]["datePublished"], "2026-03-02");
    assert_eq!(article[0]["url"], "https://alpha.example/acme");
}

#[test]
fn timelinejs_export_keeps_date_precision_and_escapes_html() {
    let dir = fixture("minimal");
    edit(
        dir.path(),
        "content/timeline.yaml",
        "title: \"Permit decision due\"",
        "title: \"Permit <b>decision</b> & due\"",
    );
    assert!(briefing(dir.path(), &["build"]).ok());
    let public = dir.path().join("public");
    let tl: serde_json::Value =
        serde_json::from_str(&read(&public.join("data/timelinejs.json"))).unwrap();
    let events = tl["events"].as_array().unwrap();
    assert_eq!(events.len(), 3);
    // 2025-Q4: a span over the quarter's months, no day.
    let q = &events[0];
    assert_eq!(q["start_date"]["year"], 2025);
    assert_eq!(q["start_date"]["month"], 10);
    assert!(q["start_date"].get("day").is_none());
    assert_eq!(q["end_date"]["month"], 12);
    assert_eq!(q["start_date"]["display_date"], "Q4 2025");
    // 2026-03-02: a day, no span.
    let day = &events[1];
    assert_eq!(
        (
            &day["start_date"]["year"],
            &day["start_date"]["month"],
            &day["start_date"]["day"]
        ),
        (&2026.into(), &3.into(), &2.into())
    );
    assert!(day.get("end_date").is_none());
    assert_eq!(day["group"], "Happened");
    assert!(day["text"]["text"]
        .as_str()
        .unwrap()
        .contains("The Trade Office has not ruled on the permit"));
    // The headline is HTML to TimelineJS: the title arrives escaped.
    let due = &events[2];
    assert_eq!(due["group"], "Expected");
    assert_eq!(
        due["text"]["headline"],
        "Permit &lt;b&gt;decision&lt;/b&gt; &amp; due"
    );
    // No base_url: claims are named, not linked.
    assert!(!due["text"]["text"].as_str().unwrap().contains("href"));

    edit(
        dir.path(),
        "content/briefing.yaml",
        "authors:",
        "base_url: \"https://example.org/acme\"\nauthors:",
    );
    assert!(briefing(dir.path(), &["build"]).ok());
    let tl: serde_json::Value =
        serde_json::from_str(&read(&public.join("data/timelinejs.json"))).unwrap();
    assert!(
        tl["events"][2]["text"]["text"]
            .as_str()
            .unwrap()
            .contains("<a href=\"https://example.org/acme/claims/export-permit-pending/\">"),
        "{}",
        tl["events"][2]
    );
}

#[test]
fn check_links_lists_every_external_address_with_its_places() {
    let dir = fixture("minimal");
    let line = edit(
        dir.path(),
        "content/sources/beta.md",
        "Beta is upbeat",
        "Beta ([its filing](https://filings.example/acme?q=1), [a page](../x/)) is upbeat",
    );
    edit(
        dir.path(),
        "content/claims.yaml",
        "verdict_note: \"No source gives a basis for this forecast.\"",
        "verdict_note: \"No source gives a basis; see [the filing](https://filings.example/acme?q=1).\"",
    );
    let run = briefing(dir.path(), &["check", "--links"]);
    assert!(run.ok(), "{}", run.stderr);
    // Piped: no progress bar, no color, nothing but problems on stderr.
    assert_eq!(run.stderr, "");
    let out = &run.stdout;
    assert!(out.contains("2 external links in the content:"), "{out}");
    let alpha = out.find("https://alpha.example/acme\n").expect(out);
    let filing = out.find("https://filings.example/acme?q=1\n").expect(out);
    assert!(alpha < filing, "sorted: {out}");
    assert!(
        out.contains("    content/sources/alpha.md:6 (url)\n"),
        "{out}"
    );
    assert!(
        out.contains(&format!("    content/sources/beta.md:{line} (digest)\n")),
        "{out}"
    );
    assert!(out.contains("    content/claims.yaml:"), "{out}");
    assert!(out.contains("(verdict_note)"), "{out}");
    // A relative link is the site's own, not external.
    assert!(!out.contains("../x/"), "{out}");
    // The same list for tools.
    let json = briefing(dir.path(), &["check", "--links", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(report["links"].as_array().unwrap().len(), 2);
    assert_eq!(report["links"][0]["url"], "https://alpha.example/acme");
    assert_eq!(report["links"][0]["places"][0]["line"], 6);
    assert_eq!(report["links"][0]["places"][0]["field"], "url");
    // Without --links, no list; --online needs --links.
    assert!(!briefing(dir.path(), &["check"])
        .stdout
        .contains("external link"));
    assert_eq!(briefing(dir.path(), &["check", "--online"]).code, Some(2));
}

/// A source's archived copy is offered beside the original and exported.
#[test]
fn an_archived_copy_is_linked_beside_the_original_and_exported() {
    let dir = fixture("minimal");
    let archived = "https://web.archive.org/web/20260302/https://alpha.example/acme";
    edit(
        dir.path(),
        "content/sources/alpha.md",
        "url: \"https://alpha.example/acme\"\n",
        &format!("url: \"https://alpha.example/acme\"\narchived: \"{archived}\"\n"),
    );
    let run = briefing(dir.path(), &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    let page = html(&dir.path().join("public/sources/alpha/index.html"));
    let links: Vec<String> = select(&page, "dd a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(links.iter().any(|h| h == archived), "{links:?}");
    let sources = read(&dir.path().join("public/data/sources.json"));
    assert!(
        sources.contains(&format!("\"archived\":\"{archived}\"")),
        "{sources}"
    );
    // A source without one exports null.
    assert!(sources.contains("\"archived\":null"), "{sources}");
}

#[test]
fn inline_references_link_both_ways_and_stay_literal_in_code() {
    let dir = fixture("minimal");
    edit(
        dir.path(),
        "content/sources/alpha.md",
        "Alpha has the permit detail first.",
        "Alpha has the permit detail first [[export-permit-pending|the permit]]. Write `[[x]]` \
         or \\[[y]] for brackets.",
    );
    let run = briefing(dir.path(), &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    let public = dir.path().join("public");
    assert_eq!(broken_links(&public), Vec::<String>::new());

    // The citing page: the reference shows the claim's status, and its
    // note the statement and the strongest quote.
    let alpha = read(&public.join("sources/alpha/index.html"));
    assert!(
        alpha.contains(
            "<a class=\"ref ref-claim status-single-source\" \
             href=\"../../claims/export-permit-pending/index.html\" id=\"cite-digest-1\" \
             aria-describedby=\"cite-digest-1-note\">the permit<span class=\"ref-status\">"
        ),
        "{alpha}"
    );
    assert!(alpha.contains("id=\"cite-digest-1-note\""), "{alpha}");
    assert!(
        alpha.contains("<q class=\"note-quote\">the permit is still pending</q>"),
        "{alpha}"
    );
    // Code and escapes stay literal.
    assert!(alpha.contains("<code>[[x]]</code>"), "{alpha}");
    assert!(alpha.contains("or [[y]] for brackets"), "{alpha}");
    // A source cited in an entity's summary.
    let acme = read(&public.join("entities/acme/index.html"));
    assert!(
        acme.contains("<a class=\"ref ref-source\" href=\"../../sources/beta/index.html\""),
        "{acme}"
    );

    // The cited page lists the passage, with its sentence and a link to
    // the reference.
    let claim = read(&public.join("claims/export-permit-pending/index.html"));
    assert!(
        claim.contains(
            "<a href=\"../../sources/alpha/index.html#cite-digest-1\">Alpha Daily: Acme eyes \
             exports (digest)</a>"
        ),
        "{claim}"
    );
    assert!(
        claim.contains("Alpha has the permit detail first <mark>the permit</mark>."),
        "{claim}"
    );
    // And the event that cites it in its detail, with its own anchor.
    assert!(
        claim.contains("../../timeline/index.html#cite-event-2-1"),
        "{claim}"
    );
    let beta = read(&public.join("sources/beta/index.html"));
    assert!(beta.contains("Cited in the text"), "{beta}");
    let timeline = read(&public.join("timeline/index.html"));
    assert!(
        timeline.contains("Cited in 1 passage</summary>"),
        "the event cited by beta's digest: {timeline}"
    );
}

#[test]
fn the_language_and_the_interface_words_come_from_briefing_yaml() {
    let dir = fixture("minimal");
    let path = dir.path().join("content/briefing.yaml");
    let text = read(&path);
    std::fs::write(
        &path,
        format!(
            "{text}language: de\ninterface:\n  bull_case: \"Dafür\"\n  bear_case: \"Dagegen\"\n  \
             corroborated: \"Bestätigt\"\n  claims_about: \"Behauptungen über {{entity}}\"\n  \
             search: \"<Suche>\"\n"
        ),
    )
    .unwrap();
    // A case whose file gives no title is named by the interface.
    edit(
        dir.path(),
        "content/cases/bear.md",
        "title: \"Bear case\"\n",
        "",
    );
    let run = briefing(dir.path(), &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    let public = dir.path().join("public");
    let front = read(&public.join("index.html"));
    assert!(front.contains("<html lang=\"de\">"), "{front}");
    // The navigation and the case pages say it the briefing's way.
    assert!(
        front.contains(">Dafür</a>") && front.contains(">Dagegen</a>"),
        "{front}"
    );
    // Escaped like any text.
    assert!(front.contains("&lt;Suche&gt;</button>"), "{front}");
    assert!(!front.contains("<Suche>"), "{front}");
    let claim = read(&public.join("claims/acme-capacity-doubled/index.html"));
    assert!(claim.contains("Bestätigt"), "{claim}");
    let entity = read(&public.join("entities/acme/index.html"));
    assert!(entity.contains("Behauptungen über Acme"), "{entity}");
    // The bull case keeps the title its file gives.
    let bull = read(&public.join("bull/index.html"));
    assert!(bull.contains("<h1>Bull case</h1>"), "{bull}");
    let bear = read(&public.join("bear/index.html"));
    assert!(bear.contains("<h1>Dagegen</h1>"), "{bear}");
}

/// The feeds hold the latest entries, not the whole archive.
#[test]
fn feeds_keep_the_latest_entries() {
    let dir = fixture("minimal");
    let root = dir.path();
    grow(root, 120);
    let run = briefing(root, &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    let public = root.join("public");
    let atom = read(&public.join("feed.xml"));
    assert_eq!(atom.matches("<entry>").count(), 100);
    let json: serde_json::Value = serde_json::from_str(&read(&public.join("feed.json"))).unwrap();
    assert_eq!(json["items"].as_array().unwrap().len(), 100);
    // Newest first: the two past events (dated after every source) lead.
    let updated: Vec<&str> = atom
        .split("<updated>")
        .skip(2)
        .map(|s| s.split('<').next().unwrap())
        .collect();
    let mut sorted = updated.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(updated, sorted);
}

/// The front page shows the figures marked `key: true` and links to the
/// rest; without marks, the first figures not marked `key: false`.
#[test]
fn the_front_page_shows_the_key_figures() {
    let dir = fixture("minimal");
    let root = dir.path();
    let shown = |root: &std::path::Path| -> (Vec<String>, bool) {
        let run = briefing(root, &["build"]);
        assert!(run.ok(), "{}", run.stderr);
        let doc = html(&root.join("public/index.html"));
        let metrics = select(&doc, ".figure .figure-metric")
            .iter()
            .map(text)
            .collect();
        let more = select(&doc, "#key-figures ~ .more a")
            .iter()
            .any(|a| text(a) == "All 2 figures, in the claims table");
        (metrics, more)
    };
    assert_eq!(
        shown(root),
        (
            vec![
                "Acme widget capacity".to_string(),
                "Widgets the buyer ordered".to_string()
            ],
            false
        )
    );
    edit(
        root,
        "content/claims.yaml",
        "    unit: \"widgets / day (ordered)\"",
        "    unit: \"widgets / day (ordered)\"\n    key: true",
    );
    assert_eq!(
        shown(root),
        (vec!["Widgets the buyer ordered".to_string()], true)
    );
    edit(
        root,
        "content/claims.yaml",
        "    key: true",
        "    key: false",
    );
    assert_eq!(
        shown(root),
        (vec!["Acme widget capacity".to_string()], true)
    );
}

#[test]
fn long_lists_are_split_over_pages_that_link_to_each_other() {
    let dir = example_with("briefing.yaml", "\nrows_per_page: 4\n");
    let run = briefing(dir.path(), &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    let public = dir.path().join("public");
    let claims: serde_json::Value =
        serde_json::from_str(&read(&public.join("data/claims.json"))).unwrap();
    let ids: Vec<String> = claims["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.len() > 48, "the example has {} claims", ids.len());
    // The split table's script has every claim, its names and sources
    // given by their place in the script's lists: the same as the export.
    let script = read(&public.join("assets/claims-table.js"));
    let json = script
        .split_once("BRIEFING_CLAIMS_TABLE(")
        .and_then(|(_, rest)| rest.trim_end().strip_suffix(");"))
        .expect("the script calls BRIEFING_CLAIMS_TABLE");
    let table: serde_json::Value = serde_json::from_str(json).unwrap();
    // The ids at the places a row lists in the script's list `key`.
    let listed = |key: &str, places: &serde_json::Value| -> Vec<String> {
        let list = table[key].as_array().unwrap();
        places
            .as_array()
            .unwrap()
            .iter()
            .map(|k| {
                list[k.as_u64().unwrap() as usize][0]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let rows = table["rows"].as_array().unwrap();
    assert_eq!(rows.len(), ids.len());
    let mut with_both = 0;
    for claim in claims["items"].as_array().unwrap() {
        let row = rows
            .iter()
            .find(|r| r[0] == claim["id"])
            .expect("every claim has a row");
        let (mut names, mut sources) = (listed("entities", &row[12]), listed("sources", &row[13]));
        let mut want_names: Vec<String> = claim["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e.as_str().unwrap().to_string())
            .collect();
        let mut want_sources: Vec<String> = claim["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["source"].as_str().unwrap().to_string())
            .collect();
        for list in [&mut names, &mut sources, &mut want_names, &mut want_sources] {
            list.sort();
            list.dedup();
        }
        assert_eq!(names, want_names, "{}", claim["id"]);
        assert_eq!(sources, want_sources, "{}", claim["id"]);
        with_both += usize::from(!names.is_empty() && !sources.is_empty());
    }
    assert!(with_both > 10, "{with_both} claims with names and sources");
    // Every claim is a row on exactly one page of the table, at most four
    // to a page, and its own page's breadcrumb leads to that row.
    let pages = ids.len().div_ceil(4);
    let mut rows = Vec::new();
    for n in 1..=pages {
        let path = match n {
            1 => "claims/index.html".to_string(),
            n => format!("claims/page/{n}/index.html"),
        };
        let doc = html(&public.join(&path));
        let here: Vec<String> = select(&doc, "#claims-table tbody tr")
            .iter()
            .map(|r| r.value().attr("id").unwrap().to_string())
            .collect();
        assert!(!here.is_empty() && here.len() <= 4, "{path}: {here:?}");
        let title = text(&select(&doc, "h1")[0]);
        assert_eq!(title, format!("Claims, page {n} of {pages}"));
        // With more pages than a dozen, a page links to the first, the
        // last and its neighbours, and the current one is marked.
        let links: Vec<String> = select(&doc, "nav.parts a").iter().map(text).collect();
        assert!(links.contains(&"1".to_string()) && links.contains(&pages.to_string()));
        assert!(links.len() <= 7, "{path}: {links:?}");
        let current = select(&doc, "nav.parts a[aria-current=page]");
        assert_eq!(text(&current[0]), n.to_string());
        rows.extend(here);
    }
    assert!(!public.join(format!("claims/page/{}", pages + 1)).exists());
    let mut sorted = rows.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        sorted.len(),
        ids.len(),
        "a claim is listed twice or not at all"
    );
    for (n, id) in ids.iter().enumerate().step_by(7) {
        let doc = html(&public.join(format!("claims/{id}/index.html")));
        let crumb = select(&doc, ".breadcrumbs a")[1]
            .value()
            .attr("href")
            .unwrap();
        let row = rows.iter().position(|r| r == id).unwrap();
        let page = match row / 4 {
            0 => "claims/index.html".to_string(),
            p => format!("claims/page/{}/index.html", p + 1),
        };
        assert_eq!(crumb, format!("../../{page}#{id}"), "claim {n}");
    }
    // The sources, the names and the timeline likewise; the links all
    // resolve (to events on the page that shows them, to the as-of line).
    assert!(public.join("sources/page/2/index.html").is_file());
    assert!(public.join("entities/page/2/index.html").is_file());
    let events: serde_json::Value =
        serde_json::from_str(&read(&public.join("data/timeline.json"))).unwrap();
    let events = events["items"].as_array().unwrap().len();
    let (mut shown, mut lines) = (0, 0);
    for n in 1..=events.div_ceil(4) {
        let path = match n {
            1 => "timeline/index.html".to_string(),
            n => format!("timeline/page/{n}/index.html"),
        };
        let doc = html(&public.join(&path));
        let here = select(&doc, "ol.timeline > li.event").len();
        assert!((1..=4).contains(&here), "{path}: {here} events");
        shown += here;
        lines += select(&doc, "#as-of").len();
    }
    assert_eq!((shown, lines), (events, 1));
    // An entity named in more claims, sources or events than a page holds
    // has pages of its own: the nth shows the nth four of each list, with
    // the whole lists' counts, and every row is on exactly one of them.
    let mut split_entities = 0;
    for entry in std::fs::read_dir(public.join("entities")).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.join("index.html").is_file() || dir.ends_with("page") {
            continue;
        }
        let first = html(&dir.join("index.html"));
        let count = |css: &str| {
            select(&first, css)
                .first()
                .map_or(0, |c| text(c).parse::<usize>().unwrap())
        };
        let claims = count("#claims-h .count");
        let sources = count("#sources-h .count");
        let events = count("#events-h .count");
        let pages = claims.max(sources).max(events).div_ceil(4).max(1);
        let name = text(&select(&first, "h1")[0]);
        let (mut chips, mut listed, mut dated) = (Vec::new(), Vec::new(), 0);
        for n in 1..=pages {
            let doc = match n {
                1 => first.clone(),
                n => html(&dir.join(format!("page/{n}/index.html"))),
            };
            if pages > 1 {
                let title = text(&select(&doc, "title")[0]);
                assert!(
                    title.starts_with(&format!("{name}, page {n} of {pages}")),
                    "{title}"
                );
                assert_eq!(select(&doc, "nav.parts").len(), 1);
            }
            let here = |css: &str| -> Vec<String> {
                select(&doc, css)
                    .iter()
                    .map(|a| a.value().attr("href").unwrap().to_string())
                    .collect()
            };
            let on_page = here("section[aria-labelledby=claims-h] a.chip");
            let sources_here = here("section[aria-labelledby=sources-h] li > a");
            let events_here = select(&doc, "section[aria-labelledby=events-h] li.event").len();
            assert!(on_page.len() <= 4 && sources_here.len() <= 4 && events_here <= 4);
            chips.extend(on_page);
            listed.extend(sources_here);
            dated += events_here;
        }
        assert!(!dir.join(format!("page/{}", pages + 1)).exists());
        let unique = |v: &Vec<String>| {
            let mut u = v.clone();
            u.sort();
            u.dedup();
            u.len()
        };
        assert_eq!((chips.len(), unique(&chips)), (claims, claims), "{name}");
        assert_eq!(
            (listed.len(), unique(&listed)),
            (sources, sources),
            "{name}"
        );
        assert_eq!(dated, events, "{name}");
        if pages > 1 {
            split_entities += 1;
        }
    }
    assert!(
        split_entities > 0,
        "no entity of the example has more than 4 rows"
    );
    assert_eq!(broken_links(&public), Vec::<String>::new());
    // Without the setting, the example's lists are each one page.
    let plain = example();
    assert!(briefing(plain.path(), &["build"]).ok());
    let public = plain.path().join("public");
    assert!(!public.join("claims/page").exists());
    let doc = html(&public.join("claims/index.html"));
    assert!(select(&doc, "nav.parts").is_empty());
    assert_eq!(select(&doc, "#claims-table tbody tr").len(), ids.len());
}

#[test]
fn rows_per_page_must_be_positive() {
    let dir = example_with("briefing.yaml", "\nrows_per_page: 0\n");
    let run = briefing(dir.path(), &["build"]);
    assert!(!run.ok());
    assert!(run.stderr.contains("rows_per_page is 0"), "{}", run.stderr);
    assert!(run.stderr.contains("briefing.yaml"), "{}", run.stderr);
}

/// The example with `yaml` added to one of its content files.
fn example_with(file: &str, yaml: &str) -> tempfile::TempDir {
    let dir = example();
    let path = dir.path().join("content").join(file);
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(yaml);
    std::fs::write(&path, text).unwrap();
    dir
}

#[test]
fn the_front_page_watches_the_next_expected_events_only() {
    let far: String = (1..=12)
        .map(|month| format!(
            "\n- date: 2031-{month:02}\n  title: \"Far checkpoint {month}\"\n  expected: true\n  claims: [desantis-disclosed-talks]\n"
        ))
        .collect();
    let dir = example_with("timeline.yaml", &far);
    let run = briefing(dir.path(), &["build"]);
    assert!(run.ok(), "{}", run.stderr);
    let public = dir.path().join("public");
    let doc = html(&public.join("index.html"));
    let watched: Vec<String> = select(&doc, "#watch + ol li.event h3")
        .iter()
        .map(text)
        .collect();
    assert_eq!(watched.len(), 8, "{watched:?}");
    // The soonest first: the example's own expected events come before
    // the ones added in 2031.
    assert!(
        !watched.iter().any(|t| t == "Far checkpoint 12"),
        "{watched:?}"
    );
    let timeline = html(&public.join("timeline/index.html"));
    let expected = select(&timeline, "li.event.expected").len();
    assert_eq!(expected, 18);
    let more = select(&doc, "#watch ~ p.more a");
    assert_eq!(
        text(&more[0]),
        format!("All {expected} expected events, on the timeline")
    );
    assert_eq!(
        more[0].value().attr("href"),
        Some("timeline/index.html#as-of")
    );
}
