//! `/api/v1/ask`: each family of question, its Cypher interpretation, its
//! evidence and sentence, and the problems: unreadable (with the closest
//! reading and a rewritten question), ambiguous (with candidates and a
//! rewritten question each), no such node.

use crate::support::{assert_problem, get, seed_app};

async fn ask(question: &str) -> crate::support::Reply {
    let q: String =
        percent_encoding::utf8_percent_encode(question, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
    get(&seed_app(), &format!("/api/v1/ask?q={q}")).await
}

fn text(reply: &crate::support::Reply) -> &str {
    reply.body["text"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn who_points_at_x_in_several_wordings() {
    let reply = ask("What integrates with Synapse?").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["question"], "What integrates with Synapse?");
    assert_eq!(reply.body["interpretation"]["intent"], "incoming");
    assert_eq!(
        reply.body["interpretation"]["cypher"],
        "MATCH (n)-[r:`integrates with`]-(t {id: 'azure-synapse-analytics'}) RETURN n, r"
    );
    assert_eq!(
        reply.body["interpretation"]["mentions"][0]["node"]["id"],
        "azure-synapse-analytics"
    );
    assert_eq!(
        reply.body["interpretation"]["mentions"][0]["match"],
        "alias"
    );
    assert_eq!(reply.body["answer"]["type"], "edges");
    assert_eq!(
        reply.body["answer"]["nodes"][0]["name"],
        "Data Lake Storage"
    );
    assert_eq!(
        reply.body["answer"]["edges"][0]["provenance"]["document"],
        "azure-services-map.md"
    );
    assert_eq!(
        text(&reply),
        "Data Lake Storage integrates with Azure Synapse Analytics."
    );
    for question in [
        "what services use Blob Storage",
        "which service uses blob storage?",
        "what depends on Blob Storage",
        "what is Blob Storage used by",
    ] {
        let reply = ask(question).await;
        assert_eq!(
            text(&reply),
            "Data Lake Storage Gen2 uses Blob Storage.",
            "{question}"
        );
    }
    assert_eq!(
        text(&ask("who hosts Mobile Apps").await),
        "App Service hosts Mobile Apps."
    );
}

#[tokio::test]
async fn the_interpretation_is_a_query_the_console_runs() {
    let reply = ask("what does AKS depend on").await;
    let cypher = reply.body["interpretation"]["cypher"].as_str().unwrap();
    let q: String =
        percent_encoding::utf8_percent_encode(cypher, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
    let run = get(&seed_app(), &format!("/api/v1/query?q={q}")).await;
    assert_eq!(run.status, 200, "{}", run.text);
    assert_eq!(
        text(&reply),
        "Azure Kubernetes Service uses Virtual Machines."
    );
}

#[tokio::test]
async fn what_x_points_at_and_the_closest_relation_it_has() {
    assert_eq!(
        text(&ask("what does App Service host").await),
        "App Service hosts Web Apps, API Apps and Mobile Apps."
    );
    assert_eq!(
        text(&ask("what is the Bot Service built on").await),
        "Azure Bot Service uses Language Understanding (LUIS)."
    );
    assert_eq!(
        text(&ask("what does Batch look after").await),
        "Azure Batch manages Large-scale parallel and HPC applications."
    );
    let reply = ask("what does cosmos db provide").await;
    assert_eq!(reply.body["answer"]["fallback"], true);
    assert_eq!(
        text(&reply),
        "Azure Cosmos DB has no `provides` relation; it offers Globally distributed, multi-model database."
    );
}

#[tokio::test]
async fn describe_says_what_a_node_does_and_where_it_sits() {
    let reply = ask("what is Queue Storage").await;
    assert_eq!(reply.body["interpretation"]["intent"], "describe");
    assert_eq!(reply.body["answer"]["type"], "node");
    assert_eq!(
        text(&reply),
        "Queue Storage is a service in Storage Services. It enables Asynchronous message queueing."
    );
    assert_eq!(
        text(&ask("tell me about unstructured data").await),
        "Unstructured data is a concept. Blob Storage stores Unstructured data."
    );
    assert!(
        text(&ask("tell me about cosmso db").await).starts_with("Azure Cosmos DB is a service")
    );
    assert!(text(&ask("what is expres route").await).starts_with("ExpressRoute is a service"));
}

#[tokio::test]
async fn members_categories_and_counts() {
    let reply = ask("list all networking services").await;
    assert_eq!(reply.body["interpretation"]["intent"], "members");
    assert_eq!(reply.body["answer"]["service_count"], 10);
    let reply = ask("what services are in the AI category").await;
    assert!(text(&reply).starts_with("AI and Machine Learning Services has 5 services"));
    let reply = ask("what are the database services").await;
    assert!(text(&reply).starts_with("Database Services has 7 services: Azure SQL Database"));
    assert_eq!(
        text(&ask("what is Azure Functions part of").await),
        "Azure Functions is part of Serverless Compute."
    );
    assert_eq!(
        text(&ask("which category is Azure Bastion in").await),
        "Azure Bastion is in Networking Services."
    );
    assert_eq!(
        text(&ask("how many services are there").await),
        "There are 35 services."
    );
    assert_eq!(
        text(&ask("which category has the most services").await),
        "Networking Services has the most services: 10."
    );
    assert!(text(&ask("what categories are there").await).starts_with("There are 5 categories:"));
}

#[tokio::test]
async fn yes_or_no_with_the_evidence() {
    let reply = ask("does App Service host API Apps").await;
    assert_eq!(reply.body["answer"]["type"], "verdict");
    assert_eq!(reply.body["answer"]["holds"], true);
    assert_eq!(
        reply.body["answer"]["evidence"][0]["target"]["name"],
        "API Apps"
    );
    assert_eq!(text(&reply), "Yes: App Service hosts API Apps.");
    assert_eq!(
        text(&ask("Is Azure Bastion a networking service?").await),
        "Yes: Azure Bastion is in Networking Services."
    );
    assert_eq!(
        text(&ask("is Redis a storage service").await),
        "No: Azure Cache for Redis is in Database Services, not Storage Services."
    );
}

#[tokio::test]
async fn paths_and_the_way_through_categories() {
    for question in ["how is AKS connected to VMSS", "route from AKS to VMSS"] {
        let reply = ask(question).await;
        assert_eq!(reply.body["interpretation"]["intent"], "path");
        assert_eq!(reply.body["answer"]["paths"][0]["hops"], 2);
        assert_eq!(
            text(&reply),
            "2 hops: Azure Kubernetes Service uses Virtual Machines; Virtual Machines scales with Virtual Machine Scale Sets."
        );
    }
    let reply = ask("how are Azure Bastion and DNS connected").await;
    assert_eq!(reply.body["answer"]["via_categories"], true);
    assert!(text(&reply).starts_with(
        "No path of relations joins Azure Bastion and DNS; through categories, 2 hops"
    ));
}

#[tokio::test]
async fn impact_and_needs() {
    assert_eq!(
        text(&ask("what fails if Virtual Machines is down").await),
        "If Virtual Machines is down, 2 nodes depend on it, directly or not: Container Instances and Azure Kubernetes Service."
    );
    let reply = ask("what does AKS need, directly or not").await;
    assert_eq!(reply.body["interpretation"]["intent"], "needs");
    assert_eq!(reply.body["answer"]["nodes"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn related_never_says_one_nodes() {
    assert_eq!(
        text(&ask("whats related to cosmos").await),
        "Azure Cosmos DB offers Globally distributed, multi-model database."
    );
    let reply = ask("what is related to Compute Services").await;
    assert_eq!(reply.body["interpretation"]["intent"], "members");
}

#[tokio::test]
async fn an_unreadable_question_names_the_closest_reading() {
    let reply = ask("how do I deploy AKS with terraform").await;
    assert_problem(&reply, 422, "unreadable-question");
    assert_eq!(reply.body["closest"]["form"], "tell me about X");
    assert_eq!(
        reply.body["rewritten"],
        "tell me about Azure Kubernetes Service"
    );
    assert_eq!(
        reply.body["unknown"],
        serde_json::json!(["deploy", "terraform"])
    );
    assert!(
        reply.body["detail"]
            .as_str()
            .unwrap()
            .contains("tell me about Azure Kubernetes Service")
    );
    let rewritten = ask(reply.body["rewritten"].as_str().unwrap()).await;
    assert_eq!(rewritten.status, 200);
    let forms = reply.body["forms"].as_array().unwrap();
    assert!(forms.len() >= 10);
    for form in forms {
        let example = ask(form["example"].as_str().unwrap()).await;
        assert_eq!(
            example.status, 200,
            "the example of `{}` is answered: {}",
            form["form"], example.text
        );
    }
    for question in [
        "how much does AKS cost",
        "make me a sandwich",
        "what flies over Synapse",
    ] {
        assert_problem(&ask(question).await, 422, "unreadable-question");
    }
}

#[tokio::test]
async fn an_ambiguous_name_lists_candidates_with_a_question_each() {
    let reply = ask("what stores data").await;
    assert_problem(&reply, 409, "ambiguous");
    let candidates = reply.body["candidates"].as_array().unwrap();
    assert!(candidates.len() >= 2);
    let names: Vec<&str> = candidates
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Unstructured data") && names.contains(&"Semi-structured NoSQL data"));
    for candidate in candidates {
        let question = candidate["rewritten"].as_str().unwrap();
        assert!(question.contains(candidate["name"].as_str().unwrap()));
        let again = ask(question).await;
        assert_eq!(again.status, 200, "{question}: {}", again.text);
    }
}

#[tokio::test]
async fn an_unknown_name_in_a_question_is_the_resolvers_404() {
    let reply = ask("what integrates with Qqqqzzzz Xxxx").await;
    assert_problem(&reply, 404, "not-found");
    assert_eq!(reply.body["parameter"], "q");
    assert!(!reply.body["suggestions"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn questions_need_a_q_of_bounded_length() {
    let app = seed_app();
    assert_problem(&get(&app, "/api/v1/ask").await, 400, "bad-parameter");
    let long = "a".repeat(301);
    assert_problem(
        &get(&app, &format!("/api/v1/ask?q={long}")).await,
        400,
        "bad-parameter",
    );
}

#[tokio::test]
async fn text_is_plain_english() {
    for question in [
        "what is related to Azure Functions",
        "how many services does Compute have",
        "which category is biggest",
        "what is the most connected node",
        "what relations exist",
        "what kinds of things does the map know",
        "what does the Bot Service use",
    ] {
        let reply = ask(question).await;
        assert_eq!(reply.status, 200, "{question}: {}", reply.text);
        let said = text(&reply);
        assert!(said.ends_with('.'), "{question}: {said}");
        assert!(
            !said.contains(" 1 nodes") && !said.contains(" 1 services") && !said.contains(": ."),
            "{said}"
        );
    }
}

#[tokio::test]
async fn names_of_any_characters_are_safe() {
    for question in [
        "what uses ééééé",
        "tell me about 日本語の名前",
        "which services are in ÄÖÜ",
        "\u{212A}\u{212A}\u{212A}",
        "path from \u{212A} to \u{130}",
    ] {
        let reply = ask(question).await;
        assert!(
            matches!(reply.status.as_u16(), 404 | 422),
            "{question}: {}",
            reply.text
        );
    }
}
