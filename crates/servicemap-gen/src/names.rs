//! Node and category names: three words from fixed lists, numbered past
//! the lists' product (or, by shape, short letter codes or long qualified
//! names), and other spellings of the same name.

use std::fmt::Write as _;

use crate::Names;
use crate::rng::Rng;

const FIRST: &[&str] = &[
    "Quantum", "Stellar", "Cobalt", "Amber", "Crimson", "Silver", "Nimbus", "Vector", "Prism",
    "Atlas", "Orbit", "Summit", "Harbor", "Falcon", "Cedar", "Aurora", "Beacon", "Cipher", "Delta",
    "Echo", "Fusion", "Granite", "Helix", "Ion", "Jade", "Kinetic", "Lumen", "Meridian", "Nova",
    "Onyx", "Pulse", "Quartz", "Radiant", "Sierra", "Titan", "Umbra", "Vertex", "Willow", "Xenon",
    "Zephyr",
];
const SECOND: &[&str] = &[
    "Data", "Stream", "Ledger", "Identity", "Search", "Cache", "Queue", "Vault", "Edge", "Mesh",
    "Insight", "Signal", "Render", "Compute", "Storage", "Network", "Backup", "Policy", "Monitor",
    "Catalog", "Workflow", "Event", "Media", "Device", "Billing", "Secret", "Config", "Model",
    "Vision", "Speech", "Graph", "Archive", "Sync", "Batch", "Kernel", "Shard", "Token", "Packet",
    "Pixel", "Tensor", "Spatial", "Quota", "Audit", "Trace", "Cluster", "Replica", "Schema",
    "Form", "Notice", "Ticket",
];
const THIRD: &[&str] = &[
    "Gateway",
    "Engine",
    "Hub",
    "Studio",
    "Manager",
    "Analytics",
    "Fabric",
    "Firewall",
    "Registry",
    "Broker",
    "Pipeline",
    "Portal",
    "Store",
    "Index",
    "Bridge",
    "Console",
    "Agent",
    "Scheduler",
    "Router",
    "Lake",
    "Warehouse",
    "Tunnel",
    "Relay",
    "Sentinel",
    "Director",
    "Composer",
    "Factory",
    "Notebook",
    "Tracker",
    "Balancer",
    "Shield",
    "Center",
    "Connector",
    "Explorer",
    "Forge",
    "Grid",
    "Lens",
    "Pool",
    "Desk",
    "Workbench",
];

/// Qualifiers that make a long name: about 60 characters in all.
const QUALIFIERS: &[&str] = &[
    "Managed Platform for Regulated Enterprise Workloads",
    "Service for Globally Distributed Applications",
    "Runtime for Hybrid and Multi Cloud Deployments",
    "Edition for High Throughput Event Processing",
    "Toolkit for Secure Developer Operations Teams",
];

/// The `i`-th node name in `style`; distinct for distinct `i`.
pub(crate) fn node_name(i: usize, style: Names) -> String {
    match style {
        Names::Words => words(i),
        Names::Short => letters(i),
        Names::Long => format!("{} {}", words(i), QUALIFIERS[i % QUALIFIERS.len()]),
    }
}

/// `i` in base 26 as letters, at least two, the first upper-case: Aa, Ab,
/// ... Zz, Baa, ...
fn letters(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'a' + (i % 26) as u8);
        i /= 26;
        if i == 0 && out.len() >= 2 {
            break;
        }
    }
    out.reverse();
    out[0] = out[0].to_ascii_uppercase();
    String::from_utf8(out).expect("ASCII letters")
}

/// Three words, numbered past the word lists' product.
fn words(i: usize) -> String {
    let (a, b, c) = (FIRST.len(), SECOND.len(), THIRD.len());
    let round = i / (a * b * c);
    let i = i % (a * b * c);
    let mut name = format!(
        "{} {} {}",
        FIRST[i % a],
        SECOND[(i / a) % b],
        THIRD[i / (a * b)]
    );
    if round > 0 {
        let _ = write!(name, " {}", round + 1);
    }
    name
}

/// The `i`-th category name: two words and "Services".
pub(crate) fn category_name(i: usize) -> String {
    let (a, b) = (FIRST.len(), SECOND.len());
    let round = i / (a * b);
    let i = i % (a * b);
    let mut name = format!("{} {}", FIRST[(i + 7) % a], SECOND[i / a]);
    if round > 0 {
        let _ = write!(name, " {}", round + 1);
    }
    name.push_str(" Services");
    name
}

/// An acronym alias for some services: `Name (INI42)`.
pub(crate) fn with_acronym(name: &mut String, i: usize) {
    let initials: String = name.split(' ').filter_map(|w| w.chars().next()).collect();
    let _ = write!(name, " ({initials}{})", i % 97);
}

/// Another spelling of the same name: other casing or extra spaces.
pub(crate) fn variant(name: &str, rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => name.to_lowercase(),
        1 => name.to_uppercase(),
        _ => name.replacen(' ', "  ", 1),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn names_are_distinct_past_the_lists_product() {
        let product = FIRST.len() * SECOND.len() * THIRD.len();
        let names: HashSet<String> = (0..product + 50).map(words).collect();
        assert_eq!(names.len(), product + 50);
        assert_eq!(words(product), format!("{} 2", words(0)));
        assert!(category_name(3).ends_with(" Services"));
    }

    #[test]
    fn every_style_gives_distinct_names() {
        for style in [Names::Words, Names::Short, Names::Long] {
            let names: HashSet<String> = (0..5_000)
                .map(|i| node_name(i, style).to_lowercase())
                .collect();
            assert_eq!(names.len(), 5_000, "{style:?}");
        }
        assert_eq!(node_name(0, Names::Short), "Aa");
        assert_eq!(node_name(27, Names::Short), "Bb");
        assert_eq!(node_name(676, Names::Short), "Baa");
        assert!(node_name(7, Names::Long).len() > 50);
    }
}
