//! Time per message of the routing rules alone: 50 rules (every third a regex)
//! over 10,000 messages, with and without the per-rule trace `hd rules test` shows.
//!
//! ```sh
//! cargo run --release --example bench_rules
//! ```
//!
//! Prints figures only; it never fails on a time (see benches/README.md).

use hd::rules::{Input, Known, RuleConfig, compile, evaluate, outcome};

fn main() {
    let mut text = String::new();
    let mut regexes = 0;
    for i in 0..50 {
        // A third regex (subject, body, from in turn), the rest plain.
        let cond = match (i % 3, i % 9) {
            (0, 0) => format!("subject = 'objedn[aá]vk[ay] {i}|faktura-{i}', match = \"regex\""),
            (0, 3) => format!("body = 'číslo\\s+zakázky\\s+{i}\\b', match = \"regex\""),
            (0, _) => format!("from = '^noreply{i}@', match = \"regex\""),
            (1, _) if i % 2 == 0 => format!("subject = [\"reklamace {i}\", \"complaint {i}\"]"),
            (1, _) => format!("domain = \"client{i}.cz\""),
            _ if i % 2 == 0 => format!("body = \"zakázka {i}\""),
            _ => format!("header = \"X-Mailer: tool {i}\", automatic = false"),
        };
        if i % 3 == 0 {
            regexes += 1;
        }
        text.push_str(&format!(
            "[[rule]]\nname = \"r{i}\"\nif = {{ {cond} }}\nthen = {{ tags = [\"t{i}\"], priority = \"high\" }}\n"
        ));
    }
    #[derive(serde::Deserialize)]
    struct File {
        rule: Vec<RuleConfig>,
    }
    let file: File = match toml::from_str(&text) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("bench_rules: the generated rules do not parse: {e}");
            std::process::exit(1);
        }
    };
    let rules = match compile(file.rule, &Known::default()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("bench_rules: the generated rules do not compile: {e}");
            std::process::exit(1);
        }
    };
    let body = "Dobrý den, posílám dotaz k objednávce, zboží dorazilo poškozené. ".repeat(30);
    let subjects: Vec<String> = (0..10_000)
        .map(|i| format!("Re: Objednávka číslo {i} — dotaz"))
        .collect();
    let froms: Vec<String> = (0..10_000)
        .map(|i| format!("zakaznik{i}@client{}.cz", i % 97))
        .collect();
    let to = vec!["support@example.com".to_string()];
    let headers = vec![("X-Mailer".to_string(), "mailer".to_string())];
    let inputs: Vec<Input<'_>> = subjects
        .iter()
        .zip(&froms)
        .map(|(subject, from)| Input {
            from,
            from_name: "Zákazník",
            to: &to,
            cc: &[],
            subject,
            body: &body,
            headers: &headers,
            source: "email",
            queue: "support",
            automatic: false,
        })
        .collect();
    let start = std::time::Instant::now();
    let mut matched = 0;
    for m in &inputs {
        matched += outcome(&rules, m).applied.len();
    }
    let fast = start.elapsed();
    let start = std::time::Instant::now();
    for m in &inputs {
        matched += evaluate(&rules, m).outcome.applied.len();
    }
    let traced = start.elapsed();
    println!(
        "{} rules ({regexes} regex), {} messages, body {} bytes: outcome {:.2} µs/message, \
         evaluate with trace {:.2} µs/message ({matched} matches)",
        rules.len(),
        inputs.len(),
        body.len(),
        fast.as_secs_f64() * 1e6 / inputs.len() as f64,
        traced.as_secs_f64() * 1e6 / inputs.len() as f64,
    );
}
