//! The parser's rules, each on the bundled map and on a small map of
//! another world (a kitchen), so none depends on the seed's names.

use super::mentions::{Found, find, tokenize};
use super::*;
use crate::snapshot::{Snapshot, Source, from_sources};

const KITCHEN: &str = "```mermaid
mindmap
  root((Kitchen Tools))
    Stand Mixer
      :: uses
      Mixing Bowl
      :: powers
      Dough Hook
    Food Processor
      :: uses
      Steel Blade
    Espresso Machine
      :: brews
      Coffee
      :: uses
      Water Tank
```
```mermaid
mindmap
  root((Cleaning Gear))
    Dish Washer
      :: cleans
      Mixing Bowl
      :: uses
      Water Tank
```";

fn kitchen() -> Snapshot {
    from_sources(
        &[
            Source::new("kitchen.md", KITCHEN),
            Source::new(
                "relations.txt",
                "powers | powered by\ncleans | cleaned by\n",
            ),
        ],
        vec![],
    )
}

fn seed() -> Snapshot {
    crate::snapshot::load(&["data".into()]).unwrap()
}

fn read(s: &Snapshot, question: &str) -> Result<Interpretation, Unread> {
    let wordings = Wordings::new(&s.graph);
    interpret(&s.graph, &s.resolver, &wordings, question)
}

fn node(s: &Snapshot, name: &str) -> crate::graph::NodeRef {
    s.graph.by_name(name).expect(name)
}

#[test]
fn words_are_lower_case_with_contractions_spelt_out() {
    assert_eq!(
        tokenize("What's AKS's host? (really)"),
        ["what", "is", "aks", "host", "really"]
    );
    assert_eq!(
        tokenize("whats related to cosmos"),
        ["what", "is", "related", "to", "cosmos"]
    );
    assert_eq!(
        tokenize("Globally distributed, multi-model"),
        ["globally", "distributed", "multi-model"]
    );
}

#[test]
fn wordings_are_the_graphs_relations_and_the_synonyms_it_can_use() {
    let s = kitchen();
    let w = Wordings::new(&s.graph);
    let texts: Vec<&str> = w.all().iter().map(|w| w.text.as_str()).collect();
    for wording in [
        "uses",
        "used by",
        "powers",
        "powered by",
        "depend on",
        "rely on",
    ] {
        assert!(texts.contains(&wording), "{wording}: {texts:?}");
    }
    // `hosts` is not a relation of this map, so `hosted on` means nothing.
    assert!(!texts.contains(&"hosted on"));
    assert!(
        w.all()
            .windows(2)
            .all(|p| p[0].stems.len() >= p[1].stems.len())
    );
}

#[test]
fn the_longest_name_wins_and_typos_may_span_words() {
    let s = seed();
    let w = Wordings::new(&s.graph);
    let found = |q: &str| {
        find(&s.graph, &s.resolver, &w, tokenize(q))
            .nodes
            .into_iter()
            .map(|m| m.found)
            .collect::<Vec<_>>()
    };
    let mysql = node(&s, "Azure Database for MySQL");
    assert_eq!(
        found("what does azure database for mysql manage"),
        [Found::Node(mysql)]
    );
    let express = node(&s, "ExpressRoute");
    assert_eq!(found("tell me about expres route"), [Found::Node(express)]);
    let cosmos = node(&s, "Azure Cosmos DB");
    assert_eq!(found("what is cosmso db"), [Found::Node(cosmos)]);
    let onprem = node(&s, "On-premises to Azure");
    assert_eq!(
        found("what connects on-premises to azure"),
        [Found::Node(onprem)]
    );
    let ai = node(&s, "AI and Machine Learning Services");
    assert_eq!(found("list the AI services"), [Found::Node(ai)]);
    assert_eq!(
        found("what services are in the AI category"),
        [Found::Node(ai)]
    );
}

#[test]
fn a_verb_is_a_relation_even_when_an_alias_spells_it() {
    // `host` is an alias of Azure Dedicated Host, and a verb here.
    let s = seed();
    let reading = read(&s, "does App Service host API Apps").unwrap().reading;
    assert!(matches!(reading, Reading::HasEdge { .. }), "{reading:?}");
}

#[test]
fn the_side_of_the_relation_the_name_is_on_decides_the_direction() {
    let s = kitchen();
    let bowl = node(&s, "Mixing Bowl");
    let mixer = node(&s, "Stand Mixer");
    match read(&s, "what uses the mixing bowl").unwrap().reading {
        Reading::Incoming { target, .. } => assert_eq!(target, bowl),
        other => panic!("{other:?}"),
    }
    match read(&s, "what does the stand mixer depend on?")
        .unwrap()
        .reading
    {
        Reading::Outgoing { source, .. } => assert_eq!(source, mixer),
        other => panic!("{other:?}"),
    }
    // Inverse wordings read from the other side.
    match read(&s, "what is the dough hook powered by")
        .unwrap()
        .reading
    {
        Reading::Incoming { target, terms, .. } => {
            assert_eq!(target, node(&s, "Dough Hook"));
            assert!(!terms[0].inverse);
        }
        Reading::Outgoing { terms, .. } => assert!(terms[0].inverse),
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_family_reads_on_another_map() {
    let s = kitchen();
    let cases: &[(&str, &str)] = &[
        ("what brews coffee", "incoming"),
        ("what does the espresso machine brew", "outgoing"),
        ("tell me about the food processor", "describe"),
        ("list the kitchen tools", "members"),
        ("which category is the dish washer in", "category"),
        ("is the dish washer a kitchen tool", "in-category"),
        ("what categories are there", "categories"),
        ("how many services are there", "count"),
        ("which category has the most services", "rank"),
        ("does the dish washer clean the mixing bowl", "has-edge"),
        (
            "how are the stand mixer and the dish washer connected",
            "path",
        ),
        ("what fails if the water tank is down", "impact"),
        ("what does the dish washer need, directly or not", "needs"),
        ("which kitchen tools use something", "filter"),
        ("what relations exist", "relations"),
        ("what kinds of things does the map know", "kinds"),
    ];
    for (question, intent) in cases {
        match read(&s, question) {
            Ok(i) => assert_eq!(i.reading.intent(), *intent, "{question}"),
            Err(e) => panic!("{question}: {e:?}"),
        }
    }
}

#[test]
fn every_reading_is_a_query_the_engine_compiles() {
    let s = kitchen();
    for question in [
        "what uses the water tank",
        "what is the dough hook powered by",
        "does the dish washer clean the mixing bowl",
        "which kitchen tools use something",
        "what fails if the water tank is down",
        "what does the stand mixer need, directly or not",
        "how are the stand mixer and the dish washer connected",
        "which category is biggest",
        "what is the most connected node",
        "what relations exist",
        "what kinds of nodes are there",
        "how many concepts are there",
    ] {
        let cypher = read(&s, question).unwrap().cypher;
        let compiled = crate::cypher::plan(
            &s.graph,
            &cypher,
            &crate::cypher::Parameters::new(),
            &crate::cypher::Bounds::default(),
            crate::cypher::Rules::ALL,
        );
        assert!(compiled.is_ok(), "{question}: {cypher}: {compiled:?}");
    }
}

#[test]
fn a_name_of_several_nodes_is_never_picked_silently() {
    let s = seed();
    match read(&s, "what stores data") {
        Err(Unread::Ambiguous {
            candidates,
            rewritten,
            ..
        }) => {
            assert!(candidates.contains(&node(&s, "Unstructured data")));
            assert!(candidates.contains(&node(&s, "Semi-structured NoSQL data")));
            assert_eq!(rewritten.len(), candidates.len());
            assert!(rewritten.contains(&"what stores Unstructured data".to_owned()));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_unreadable_question_gets_the_closest_form_that_is_answered() {
    let s = kitchen();
    match read(&s, "how do I descale the espresso machine") {
        Err(Unread::Unreadable { unknown, closest }) => {
            assert_eq!(unknown, ["descale"]);
            let closest = closest.unwrap();
            assert!(read(&s, &closest.rewritten).is_ok(), "{closest:?}");
        }
        other => panic!("{other:?}"),
    }
    for question in [
        "how much does the stand mixer cost",
        "what is the capital of France",
        "qwerty asdf",
    ] {
        assert!(read(&s, question).is_err(), "{question}");
    }
}

#[test]
fn a_name_that_matches_nothing_is_a_miss_with_suggestions() {
    let s = kitchen();
    match read(&s, "what uses the qqzzx") {
        Err(Unread::NotFound { text, .. }) => assert_eq!(text, "qqzzx"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn forms_have_examples_from_the_map_at_hand() {
    let s = kitchen();
    let all = forms(&s.graph);
    assert!(all.len() >= 10);
    for form in all {
        assert!(read(&s, &form.example).is_ok(), "{form:?}");
    }
    assert_eq!(forms::base_form("uses"), "use");
    assert_eq!(forms::base_form("integrates with"), "integrate with");
    assert_eq!(forms::base_form("pushes"), "push");
}

#[test]
fn a_query_asked_again_reuses_its_plan() {
    let s = kitchen();
    let cypher = read(&s, "what uses the water tank").unwrap().cypher;
    let bounds = crate::cypher::Bounds::default();
    let first = s.plans.plan(&s.graph, &cypher, &bounds).unwrap();
    let again = s.plans.plan(&s.graph, &cypher, &bounds).unwrap();
    assert!(std::sync::Arc::ptr_eq(&first, &again));
    let rows = crate::cypher::run_plan(&s.graph, &s.resolver, &first, &bounds).unwrap();
    assert_eq!(rows.len(), 2, "the espresso machine and the dish washer");
}
