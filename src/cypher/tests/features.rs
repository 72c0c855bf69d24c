//! Every clause, predicate, aggregate and function on the bundled map.

use super::{answer, column, rows, seed, try_answer};
use crate::cypher::value::Value;
use crate::cypher::{Bounds, Parameters};

#[test]
fn a_node_pattern_matches_by_label_and_exact_name() {
    assert_eq!(
        column("MATCH (a:Service {name: 'App Service'}) RETURN a.id"),
        ["app-service"]
    );
    // Names in a pattern compare as every endpoint does: case ignored.
    assert_eq!(
        column("MATCH (a {name: 'app service'}) RETURN a.name"),
        ["App Service"]
    );
    assert!(column("MATCH (a:Concept {name: 'App Service'}) RETURN a").is_empty());
}

#[test]
fn relationships_match_in_each_direction_and_undirected() {
    let right = column("MATCH ({name: 'Azure Kubernetes Service'})-[:uses]->(b) RETURN b.name");
    assert_eq!(right, ["Virtual Machines"]);
    let left = column("MATCH (b)<-[:uses]-({name: 'Azure Kubernetes Service'}) RETURN b.name");
    assert_eq!(left, right);
    let either =
        column("MATCH ({name: 'Virtual Machines'})-[:uses]-(b) RETURN b.name ORDER BY b.name");
    assert_eq!(either, ["Azure Dedicated Host", "Azure Kubernetes Service"]);
}

#[test]
fn relationship_types_compare_like_the_rest_api() {
    let written =
        column("MATCH (a)-[:`integrates with`]->(b) RETURN a.name + '>' + b.name ORDER BY 1");
    let upper = column("MATCH (a)-[:INTEGRATES_WITH]->(b) RETURN a.name + '>' + b.name ORDER BY 1");
    assert!(!written.is_empty());
    assert_eq!(written, upper);
    // The inverse wording walks the edge the other way.
    let used_by = rows("MATCH (a)-[:USED_BY]->(b) RETURN b.name, a.name ORDER BY b.name, a.name");
    let uses = rows("MATCH (a)-[:uses]->(b) RETURN a.name, b.name ORDER BY a.name, b.name");
    assert_eq!(used_by, uses);
    let either = column("MATCH (a)-[:uses|hosts]->(b) RETURN count(*)");
    let uses = column("MATCH (a)-[:uses]->(b) RETURN count(*)");
    let hosts = column("MATCH (a)-[:hosts]->(b) RETURN count(*)");
    let sum: usize = uses[0].parse::<usize>().unwrap() + hosts[0].parse::<usize>().unwrap();
    assert_eq!(either, [sum.to_string()]);
}

#[test]
fn membership_is_has_service() {
    let members = column(
        "MATCH (c:Category {name: 'Compute Services'})-[:HAS_SERVICE]->(s) RETURN s.name ORDER BY s.name",
    );
    assert!(members.contains(&"Azure Kubernetes Service".to_owned()));
    assert_eq!(
        column("MATCH (:Category)-[r:HAS_SERVICE]->({name: 'App Service'}) RETURN type(r)"),
        ["HAS_SERVICE"]
    );
}

#[test]
fn comma_separated_patterns_join_on_shared_variables() {
    let got = rows(
        "MATCH (c:Category)-[:HAS_SERVICE]->(s), (s)-[:uses]->(t) RETURN c.name, s.name, t.name ORDER BY s.name",
    );
    assert!(
        got.iter()
            .any(|r| r[1] == "Azure Kubernetes Service" && r[2] == "Virtual Machines")
    );
}

#[test]
fn variable_length_relationships_walk_trails() {
    let two = column(
        "MATCH ({name: 'Azure Kubernetes Service'})-[:uses*1..2]->(b) RETURN b.name ORDER BY b.name",
    );
    assert_eq!(two, ["Azure Dedicated Host", "Virtual Machines"]);
    let zero = column(
        "MATCH (a {name: 'Azure Kubernetes Service'})-[:uses*0..1]->(b) RETURN b.name ORDER BY b.name",
    );
    assert_eq!(zero, ["Azure Kubernetes Service", "Virtual Machines"]);
    // Undirected, a trail never walks its edge back.
    let back = column("MATCH (a {name: 'Azure Kubernetes Service'})-[:uses*2]-(b) RETURN b.name");
    assert_eq!(back, ["Azure Dedicated Host"]);
    // `*` is 1.. the server's maximum depth.
    let star = column("MATCH ({name: 'Azure Kubernetes Service'})-[:uses*]->(b) RETURN count(*)");
    assert_eq!(star, ["2"]);
}

#[test]
fn named_paths_give_nodes_relationships_and_length() {
    let got = rows(
        "MATCH p = ({name: 'Azure Kubernetes Service'})-[:uses*2]->(b) RETURN length(p), [n IN nodes(p) | n.name], size(relationships(p))",
    );
    assert_eq!(
        got,
        [[
            "2",
            "[Azure Kubernetes Service, Virtual Machines, Azure Dedicated Host]",
            "2"
        ]]
    );
    let fixed = rows(
        "MATCH p = (a {name: 'Azure Kubernetes Service'})-[:uses]->(b)<-[:uses]-(c) RETURN length(p)",
    );
    assert!(fixed.is_empty(), "one edge is not walked twice: {fixed:?}");
}

#[test]
fn shortest_paths_one_and_all() {
    let one = rows(
        "MATCH p = shortestPath((a {name: 'Azure Kubernetes Service'})-[*]-(b {name: 'Azure Dedicated Host'})) RETURN length(p), [n IN nodes(p) | n.name]",
    );
    assert_eq!(
        one,
        [[
            "2",
            "[Azure Kubernetes Service, Virtual Machines, Azure Dedicated Host]"
        ]]
    );
    let all = column(
        "MATCH p = allShortestPaths((a {name: 'Azure Kubernetes Service'})-[*]-(b {name: 'Azure Functions'})) RETURN length(p)",
    );
    assert!(!all.is_empty());
    assert!(all.iter().all(|l| l == &all[0]));
    let none = column(
        "MATCH p = shortestPath((a {name: 'Azure Kubernetes Service'})-[*..2]-(b {name: 'Azure Synapse Analytics'})) RETURN p",
    );
    assert!(none.is_empty());
}

#[test]
fn where_operators() {
    let q = |w: &str| {
        column(&format!(
            "MATCH (n:Service) WHERE {w} RETURN n.name ORDER BY n.name"
        ))
    };
    assert_eq!(q("n.name = 'App Service'"), ["App Service"]);
    assert!(!q("n.name <> 'App Service'").contains(&"App Service".to_owned()));
    assert_eq!(q("n.name STARTS WITH 'App '"), ["App Service"]);
    assert!(q("n.name ENDS WITH 'Storage'").contains(&"Blob Storage".to_owned()));
    assert!(q("n.name CONTAINS 'Kubernetes'").contains(&"Azure Kubernetes Service".to_owned()));
    assert_eq!(q("n.name IN ['App Service', 'nothing']"), ["App Service"]);
    assert_eq!(
        q("n.line < 20 AND n.line >= 18"),
        q("n.line = 18 OR n.line = 19")
    );
    assert_eq!(
        q("n.name = 'App Service' XOR n.name = 'App Service'"),
        Vec::<String>::new()
    );
    assert_eq!(q("NOT n.line > 18 AND n.line <= 18"), q("n.line = 18"));
    assert!(q("n.aliases IS NULL").is_empty());
    assert_eq!(q("n.aliases IS NOT NULL").len(), 35);
    assert_eq!(q("n:Service").len(), 35);
}

#[test]
fn pattern_predicates_and_exists() {
    let users = column("MATCH (a:Service) WHERE (a)-[:uses]->() RETURN a.name ORDER BY a.name");
    assert!(users.contains(&"Azure Kubernetes Service".to_owned()));
    let exists = column(
        "MATCH (a:Service) WHERE exists { MATCH (a)-[:uses]->() } RETURN a.name ORDER BY a.name",
    );
    assert_eq!(users, exists);
    let not = column("MATCH (a:Service) WHERE NOT (a)-[:uses]->() RETURN count(*)");
    assert_eq!(not, [(35 - users.len()).to_string()]);
}

#[test]
fn with_unwind_order_skip_limit() {
    assert_eq!(
        column("UNWIND [3, 1, 2] AS x WITH x WHERE x > 1 RETURN x ORDER BY x DESC"),
        ["3", "2"]
    );
    assert_eq!(
        column("UNWIND [3, 1, 2, 5, 4] AS x RETURN x ORDER BY x SKIP 1 LIMIT 2"),
        ["2", "3"]
    );
    assert_eq!(
        column("MATCH (n:Category) WITH n ORDER BY n.name LIMIT 1 RETURN n.name"),
        ["AI and Machine Learning Services"]
    );
    assert_eq!(
        column("UNWIND [1, 1, 2] AS x RETURN DISTINCT x"),
        ["1", "2"]
    );
}

#[test]
fn aggregates_group_by_the_other_items() {
    let by_kind = rows("MATCH (n) RETURN n.kind AS kind, count(*) AS n ORDER BY n DESC");
    assert_eq!(
        by_kind,
        [["concept", "43"], ["service", "35"], ["category", "5"]]
    );
    let got = rows(
        "UNWIND [1, 2, 2, null] AS x RETURN count(*), count(x), count(DISTINCT x), collect(x), collect(DISTINCT x), min(x), max(x), sum(x), avg(x)",
    );
    assert_eq!(
        got,
        [[
            "4",
            "3",
            "2",
            "[1, 2, 2]",
            "[1, 2]",
            "1",
            "2",
            "5",
            "1.6666666666666667"
        ]]
    );
}

#[test]
fn empty_input_still_aggregates_to_one_row() {
    assert_eq!(
        rows("MATCH (n {name: 'no such node'}) RETURN count(*), collect(n), max(n.line)"),
        [["0", "[]", "null"]]
    );
}

#[test]
fn functions() {
    let got = rows(
        "MATCH (a {name: 'Azure Kubernetes Service'})-[r:uses]->(b) RETURN type(r), labels(a), a.id, toLower(a.name), toUpper(b.name), trim('  x '), coalesce(null, 'y'), head(a.categories), last([1, 2]), size('abc'), r.relation, r.document",
    );
    assert_eq!(
        got,
        [[
            "uses",
            "[Service]",
            "azure-kubernetes-service",
            "azure kubernetes service",
            "VIRTUAL MACHINES",
            "x",
            "y",
            "Compute Services",
            "2",
            "3",
            "uses",
            "azure-services-map.md"
        ]]
    );
}

#[test]
fn resolve_finds_what_the_resolver_finds() {
    assert_eq!(
        column("MATCH (n) WHERE n = resolve('synaps') RETURN n.name"),
        ["Azure Synapse Analytics"]
    );
    assert_eq!(
        column("RETURN resolve('AKS').name"),
        ["Azure Kubernetes Service"]
    );
    assert_eq!(column("RETURN resolve('qqqqqqqqqqqq')"), ["null"]);
}

#[test]
fn parameters_are_supplied_beside_the_query() {
    let mut parameters = Parameters::new();
    parameters.insert("name".into(), "App Service".into());
    parameters.insert(
        "names".into(),
        serde_json::json!(["App Service", "Blob Storage"]),
    );
    let s = seed();
    let answer = try_answer(
        "MATCH (n {name: $name}) WHERE n.name IN $names RETURN n.id",
        &parameters,
        &Bounds::default(),
    )
    .unwrap();
    assert!(matches!(&answer.rows[0][0], Value::String(id) if id == "app-service"));
    let _ = s;
}

#[test]
fn optional_match_keeps_rows_without_a_match() {
    let got = rows(
        "MATCH (n:Service) WHERE n.name IN ['App Service', 'Azure Kubernetes Service'] OPTIONAL MATCH (n)-[:uses]->(m) RETURN n.name, m.name ORDER BY n.name",
    );
    assert_eq!(
        got,
        [
            ["App Service", "null"],
            ["Azure Kubernetes Service", "Virtual Machines"]
        ]
    );
}

#[test]
fn rows_past_the_cap_are_truncated_and_say_so() {
    let bounds = Bounds {
        max_rows: 3,
        ..Bounds::default()
    };
    let answer = try_answer("MATCH (n) RETURN n", &Parameters::new(), &bounds).unwrap();
    assert_eq!(answer.rows.len(), 3);
    assert!(answer.truncated);
    assert!(!super::answer("MATCH (n) RETURN n").truncated);
}

#[test]
fn explain_shows_the_plan_without_running_and_profile_counts() {
    let explained = answer("EXPLAIN MATCH (a {name: 'App Service'})-[:hosts]->(b) RETURN b.name");
    assert!(explained.rows.is_empty());
    assert_eq!(explained.work, 0);
    let plan = explained.plan.unwrap();
    assert_eq!(plan.operator, "Project");
    let matched = &plan.children[0];
    assert_eq!(matched.operator, "Match");
    assert!(matched.details.contains("seek name"), "{}", matched.details);
    assert!(matched.rows.is_none());
    let profiled = answer("PROFILE MATCH (a {name: 'App Service'})-[:hosts]->(b) RETURN b.name");
    assert_eq!(profiled.rows.len(), 3);
    let plan = profiled.plan.unwrap();
    assert_eq!(plan.rows, Some(3));
    assert_eq!(plan.children[0].rows, Some(3));
    assert!(plan.children[0].work.unwrap() > 0);
}

#[test]
fn properties_of_nodes_and_relationships() {
    let got = rows(
        "MATCH (n {name: 'Azure Synapse Analytics'}) RETURN n.kind, n.categories, n.document, n.line, keys(n)",
    );
    assert_eq!(got[0][0], "service");
    assert_eq!(got[0][1], "[Database Services]");
    assert_eq!(got[0][2], "azure-services-map.md");
    assert!(got[0][3].parse::<usize>().is_ok());
    assert_eq!(
        got[0][4],
        "[id, name, kind, aliases, categories, document, line]"
    );
}

#[test]
fn case_and_list_expressions() {
    assert_eq!(
        column("UNWIND [1, 2, 3] AS x RETURN CASE WHEN x > 2 THEN 'big' ELSE 'small' END"),
        ["small", "small", "big"]
    );
    assert_eq!(
        column("RETURN [x IN [1, 2, 3] WHERE x > 1 | x * 10]"),
        ["[20, 30]"]
    );
    assert_eq!(
        column("RETURN any(x IN [1, 2] WHERE x > 1), all(x IN [1, 2] WHERE x > 1)"),
        ["true"]
    );
    assert_eq!(column("RETURN [1, 2, 3][-1], [1, 2, 3][0..2]"), ["3"]);
}
