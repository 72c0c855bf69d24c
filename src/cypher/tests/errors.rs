//! Every error: where it points and what it suggests.

use super::{error, try_answer};
use crate::cypher::error::{Bound, CypherError};
use crate::cypher::{Bounds, Parameters};

fn suggestions(e: &CypherError) -> Vec<String> {
    match e {
        CypherError::Semantic { suggestions, .. } => suggestions.clone(),
        _ => Vec::new(),
    }
}

#[test]
fn syntax_errors_have_line_column_and_caret() {
    let e = error("MATCH (n)\nRETURN n.name,");
    let CypherError::Syntax { at, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!((at.line, at.column), (2, 15));
    assert_eq!(at.excerpt, "RETURN n.name,\n              ^");
    assert!(matches!(error(""), CypherError::Syntax { .. }));
}

#[test]
fn writing_clauses_are_refused_at_the_clause() {
    for (query, clause, column) in [
        ("CREATE (n:Service {name: 'x'})", "CREATE", 1),
        ("MATCH (n) SET n.name = 'x' RETURN n", "SET", 11),
        ("MATCH (n) DETACH DELETE n", "DELETE", 11),
        ("MERGE (n {name: 'x'}) RETURN n", "MERGE", 1),
        ("MATCH (n) REMOVE n.name RETURN n", "REMOVE", 11),
        (
            "LOAD CSV FROM 'file:///x.csv' AS row RETURN row",
            "LOAD CSV",
            1,
        ),
        ("CALL db.labels()", "CALL", 1),
    ] {
        match error(query) {
            CypherError::ReadOnly { clause: c, at } => {
                assert_eq!(c, clause, "{query}");
                assert_eq!(at.column, column, "{query}");
                assert!(at.excerpt.contains('^'));
            }
            other => panic!("{query}: {other:?}"),
        }
    }
    let message = error("CREATE (n)").to_string();
    assert!(message.contains("read-only"), "{message}");
}

#[test]
fn misspelt_names_are_suggested_from_the_graph() {
    let e = error("MATCH (n:Servce) RETURN n");
    assert_eq!(suggestions(&e), ["Service"]);
    assert_eq!(e.location().unwrap().column, 10);
    let e = error("MATCH (a)-[:INTEGRATES_WTH]->(b) RETURN a");
    assert_eq!(suggestions(&e)[0], "integrates with");
    let e = error("MATCH (n) RETURN n.nmae");
    assert_eq!(suggestions(&e), ["name"]);
    let e = error("MATCH (a)-[r]->(b) RETURN r.relaton");
    assert_eq!(suggestions(&e), ["relation"]);
    let e = error("MATCH (node) RETURN nod");
    assert_eq!(suggestions(&e), ["node"]);
    let e = error("RETURN toLowr('x')");
    assert_eq!(suggestions(&e)[0], "toLower");
}

#[test]
fn semantic_errors_point_at_what_is_wrong() {
    for (query, needle) in [
        ("MATCH (n)", "must end with RETURN"),
        ("MATCH (n) RETURN n UNION MATCH (m) RETURN m", "UNION"),
        ("MATCH (n) RETURN $missing", "not supplied"),
        ("MATCH (n) WHERE count(*) > 1 RETURN n", "aggregates"),
        ("MATCH (n) RETURN id(n)", "n.id"),
        (
            "MATCH (n) WHERE n.name =~ 'A.*' RETURN n",
            "regular expressions",
        ),
        ("MATCH (a)-[r]->(b), (c)-[r]->(d) RETURN a", "already bound"),
        ("MATCH (a)-[*3..2]->(b) RETURN a", "empty"),
        ("MATCH (n) RETURN n SKIP -1", "non-negative"),
    ] {
        let e = error(query);
        assert!(e.to_string().contains(needle), "{query}: {e}");
        assert!(e.location().is_some(), "{query}");
    }
}

#[test]
fn bounds_are_named() {
    let long = format!("RETURN '{}'", "x".repeat(20_000));
    assert!(matches!(
        error(&long),
        CypherError::TooExpensive {
            bound: Bound::QueryLength,
            ..
        }
    ));
    assert!(matches!(
        error("MATCH (a)-[*1..50]->(b) RETURN a"),
        CypherError::TooExpensive {
            bound: Bound::Depth,
            limit: 8,
            ..
        }
    ));
    let small = Bounds {
        max_work: 1_000,
        ..Bounds::default()
    };
    let e = try_answer(
        "MATCH (a)-[*]-(b)-[*]-(c) RETURN count(*)",
        &Parameters::new(),
        &small,
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            CypherError::TooExpensive {
                bound: Bound::Work,
                limit: 1_000,
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn type_errors_say_what_met_what() {
    let e = error("RETURN 1 / 0");
    assert!(matches!(e, CypherError::Type(_)));
    let e = error("UNWIND [1] AS x RETURN x AND true");
    assert!(e.to_string().contains("booleans"), "{e}");
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    // Run where requests run: on a thread with a worker's 2 MiB stack.
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            for query in [
                format!("RETURN {}1{}", "(".repeat(3000), ")".repeat(3000)),
                format!("RETURN {}", vec!["1"; 3000].join(" + ")),
                format!("RETURN {}true", "NOT ".repeat(3000)),
                format!("RETURN {}1{}", "[".repeat(3000), "]".repeat(3000)),
            ] {
                let e = error(&query);
                assert!(e.to_string().contains("nests deeper"), "{e}");
            }
            // Just inside the bound still answers.
            let inside = format!("RETURN {}1{}", "(".repeat(60), ")".repeat(60));
            assert!(try_answer(&inside, &Parameters::new(), &Bounds::default()).is_ok());
            let sum = format!("RETURN {}", vec!["1"; 60].join(" + "));
            assert!(try_answer(&sum, &Parameters::new(), &Bounds::default()).is_ok());
        })
        .unwrap();
    handle.join().expect("no stack overflow");
}

#[test]
fn growing_values_pay_for_their_size() {
    let doubling = format!(
        "WITH 'xxxxxxxxxxxxxxxx' AS s {} RETURN size(s)",
        "WITH s + s AS s ".repeat(40)
    );
    let e = error(&doubling);
    assert!(
        matches!(
            e,
            CypherError::TooExpensive {
                bound: Bound::Work,
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn a_cancelled_query_stops() {
    let s = super::seed();
    let cancel = std::sync::atomic::AtomicBool::new(true);
    let e = crate::cypher::run_cancellable(
        &s.graph,
        &s.resolver,
        "MATCH (a)-[*]-(b)-[*]-(c) RETURN count(*)",
        &Parameters::new(),
        &Bounds::default(),
        crate::cypher::Rules::ALL,
        &cancel,
    )
    .unwrap_err();
    assert_eq!(e, CypherError::Cancelled);
}
