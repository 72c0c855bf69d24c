//! Laying the documents out: names shuffled over the nodes, relation edges
//! shared among the services, categories grouped into files, and one last
//! file for the edges that could not be placed in order.

use std::fmt::Write as _;

use servicemap::graph::vocabulary::Vocabulary;

use crate::landmarks::landmarks;
use crate::names::{category_name, node_name, variant, with_acronym};
use crate::relations::Relations;
use crate::rng::Rng;
use crate::writer::Writer;
use crate::{Generated, Spec};

/// Generates the documents of `spec` in memory.
pub fn generate(spec: &Spec) -> Generated {
    let categories = spec.categories.max(1);
    let services = spec.services.max(categories);
    let concepts = spec.concepts();
    let total = services + concepts;
    let mut rng = Rng::new(spec.seed);
    // Shuffle which name each node gets, so sizes and seeds differ in names.
    let mut order: Vec<usize> = (0..total).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let shape = spec.shape;
    let mut names: Vec<String> = order
        .into_iter()
        .map(|i| node_name(i, shape.names))
        .collect();
    for (i, name) in names.iter_mut().enumerate().take(services) {
        if i % 29 == 3 {
            with_acronym(name, i);
        }
    }
    let quotas = quotas(spec.edges, services, &mut rng);
    let relations = Relations::new(&Vocabulary::default(), shape.relation_types);
    let mut writer = Writer::new(rng, relations, names, services, spec.edges);

    let mut files = Vec::new();
    let per_category = services / categories;
    let mut next_service = 0;
    let per_file = shape.categories_per_file.max(1);
    for file_start in (0..categories).step_by(per_file) {
        let file_index = files.len() + 1;
        let mut out = format!(
            "---\ntitle: Generated services map, part {file_index}\ngenerator: servicemap-gen --seed {}\n---\n\n",
            spec.seed
        );
        let file_end = (file_start + per_file).min(categories);
        for category in file_start..file_end {
            let name = category_name(category);
            let _ = write!(out, "### {name}\n\n```mermaid\nmindmap\n  root(({name}))\n");
            let end = if category + 1 == categories {
                services
            } else {
                next_service + per_category
            };
            for (service, &quota) in quotas.iter().enumerate().take(end).skip(next_service) {
                writer.service(&mut out, service as u32, quota);
                // Now and then, a service of an earlier block listed again
                // in this one, spelt differently, with a few more edges.
                if service > per_category && writer.rng.percent(3) {
                    let other = writer.rng.below(next_service.max(1)) as u32;
                    let spelt = variant(&writer.names[other as usize], &mut writer.rng);
                    let _ = writeln!(out, "    {spelt}");
                    let quota = 1 + writer.rng.below(2);
                    if writer.remaining > 0 {
                        writer.group(&mut out, other, 6, quota);
                    }
                }
            }
            next_service = end;
            out.push_str("```\n\n");
        }
        if file_index % 16 == 1 {
            out.push_str("### Notes\n\n```mermaid\n\n```\n");
        }
        files.push((format!("part-{file_index:05}.md"), out));
    }
    if let Some(remainder) = remainder(&mut writer) {
        files.push(("part-99999-remainder.md".into(), remainder));
    }

    let (pair, hub, hub_degree) = landmarks(&writer.names, &writer.written, &writer.edge_list);
    Generated {
        files,
        pair,
        hub,
        hub_degree,
        relation_edges: writer.edge_list.len(),
        nodes: categories + writer.written.iter().filter(|w| **w).count(),
    }
}

/// Relation edges per service: weights 1..=4, scaled to the total.
fn quotas(edges: usize, services: usize, rng: &mut Rng) -> Vec<usize> {
    let weights: Vec<usize> = (0..services).map(|_| 1 + rng.below(4)).collect();
    let weight_sum: usize = weights.iter().sum();
    let mut quotas: Vec<usize> = weights.iter().map(|w| edges * w / weight_sum).collect();
    let short = edges - quotas.iter().sum::<usize>();
    for q in quotas.iter_mut().take(short) {
        *q += 1;
    }
    quotas
}

/// Edges not yet placed (duplicates redrawn, stalls): one last block, or
/// `None` when every edge is written.
fn remainder(writer: &mut Writer) -> Option<String> {
    if writer.remaining == 0 {
        return None;
    }
    let mut out = String::from(
        "---\ntitle: Generated services map, remainder\n---\n\n### Remainder Services\n\n```mermaid\nmindmap\n  root((Remainder Services))\n",
    );
    let mut stalls = 0;
    while writer.remaining > 0 && stalls < 1000 {
        let service = writer.rng.below(writer.services) as u32;
        let before = writer.remaining;
        let name = writer.mention(service);
        let _ = writeln!(out, "    {name}");
        writer.group(&mut out, service, 6, before);
        stalls = if writer.remaining == before {
            stalls + 1
        } else {
            0
        };
    }
    out.push_str("```\n");
    Some(out)
}
