//! `/api/v1/ask`: every form of the grammar, its answers and its misses.

use crate::support::{assert_problem, get, seed_app};

async fn ask(question: &str) -> crate::support::Reply {
    let q = question.replace(' ', "%20").replace('?', "%3F");
    get(&seed_app(), &format!("/api/v1/ask?q={q}")).await
}

/// The same request, made to the structured endpoint the answer names.
async fn structured(reply: &crate::support::Reply) -> serde_json::Value {
    let endpoint = reply.body["interpretation"]["endpoint"].as_str().unwrap();
    get(&seed_app(), endpoint).await.body
}

#[tokio::test]
async fn what_integrates_with_synapse() {
    let reply = ask("What integrates with Synapse?").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["question"], "What integrates with Synapse?");
    assert_eq!(reply.body["interpretation"]["intent"], "incoming");
    assert_eq!(
        reply.body["interpretation"]["params"]["relation"],
        "integrates with"
    );
    assert_eq!(
        reply.body["interpretation"]["params"]["target"],
        "azure-synapse-analytics"
    );
    assert_eq!(
        reply.body["answer"]["items"][0]["source"]["name"],
        "Data Lake Storage"
    );
    assert_eq!(
        reply.body["text"],
        "Data Lake Storage integrates with Azure Synapse Analytics."
    );
    assert_eq!(
        reply.body["answer"],
        structured(&reply).await,
        "the structured endpoint's own JSON"
    );
}

#[tokio::test]
async fn what_uses_blob_storage() {
    let reply = ask("what uses Blob Storage").await;
    assert_eq!(
        reply.body["text"],
        "Data Lake Storage Gen2 uses Blob Storage."
    );
}

#[tokio::test]
async fn what_does_aks_use_and_app_service_host() {
    let reply = ask("what does AKS use").await;
    assert_eq!(reply.body["interpretation"]["intent"], "outgoing");
    assert_eq!(
        reply.body["text"],
        "Azure Kubernetes Service uses Virtual Machines."
    );
    let reply = ask("what does App Service host").await;
    assert_eq!(
        reply.body["text"],
        "App Service hosts Web Apps, API Apps and Mobile Apps."
    );
    assert_eq!(reply.body["answer"], structured(&reply).await);
}

#[tokio::test]
async fn members_and_categories() {
    let reply = ask("which services are in Storage Services").await;
    assert_eq!(reply.body["interpretation"]["intent"], "members");
    assert_eq!(reply.body["answer"]["service_count"], 6);
    assert!(
        reply.body["text"]
            .as_str()
            .unwrap()
            .starts_with("Storage Services has 6 services: Blob Storage")
    );
    let reply = ask("what category is Azure Bastion in").await;
    assert_eq!(
        reply.body["text"],
        "Azure Bastion is in Networking Services."
    );
    assert_eq!(reply.body["answer"], structured(&reply).await);
}

#[tokio::test]
async fn paths_in_plain_words() {
    for question in ["how is AKS connected to VMSS", "path from AKS to VMSS"] {
        let reply = ask(question).await;
        assert_eq!(reply.body["interpretation"]["intent"], "path");
        assert_eq!(reply.body["answer"]["paths"][0]["hops"], 2);
        assert_eq!(
            reply.body["text"],
            "2 hops: Azure Kubernetes Service uses Virtual Machines; Virtual Machines scales with Virtual Machine Scale Sets."
        );
        assert_eq!(reply.body["answer"], structured(&reply).await);
    }
}

#[tokio::test]
async fn related_and_tell_me_about() {
    let reply = ask("what is related to Azure Functions").await;
    assert_eq!(reply.body["interpretation"]["intent"], "related");
    assert_eq!(
        reply.body["text"],
        "Azure Functions is related to 2 nodes: Serverless Compute and App Service."
    );
    assert_eq!(reply.body["answer"], structured(&reply).await);
    let reply = ask("tell me about cosmos db").await;
    assert_eq!(reply.body["interpretation"]["intent"], "describe");
    assert_eq!(reply.body["answer"]["name"], "Azure Cosmos DB");
    assert_eq!(
        reply.body["text"],
        "Azure Cosmos DB is a service in Database Services with 1 outgoing and 0 incoming relations."
    );
}

#[tokio::test]
async fn an_unreadable_question_lists_the_forms() {
    let reply = ask("make me a sandwich").await;
    assert_problem(&reply, 422, "unreadable-question");
    let forms = reply.body["forms"].as_array().unwrap();
    assert!(forms.len() >= 7);
    assert!(
        forms
            .iter()
            .all(|f| f["form"].is_string() && f["example"].is_string())
    );
    for form in forms {
        let example = ask(form["example"].as_str().unwrap()).await;
        assert_eq!(
            example.status, 200,
            "the example of `{}` is answered: {}",
            form["form"], example.text
        );
    }
}

#[tokio::test]
async fn an_unknown_name_in_a_question_is_the_resolvers_404() {
    let reply = ask("what integrates with Qqqqzzzz Xxxx").await;
    assert_problem(&reply, 404, "not-found");
    assert_eq!(reply.body["parameter"], "q");
    assert!(!reply.body["suggestions"].as_array().unwrap().is_empty());
    let reply = ask("path from Azure Bastion to DNS").await;
    assert_problem(&reply, 404, "no-path");
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
async fn articles_and_inverse_wordings_read_naturally() {
    let reply = ask("what is used by the Bot Service").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(
        reply.body["text"],
        "Language Understanding (LUIS) is used by Azure Bot Service."
    );
    let reply = ask("which services are in the storage services").await;
    assert_eq!(reply.body["answer"]["service_count"], 6);
}

#[tokio::test]
async fn names_of_any_characters_are_safe() {
    for question in [
        "what uses ééééé",
        "tell me about 日本語の名前",
        "which services are in ÄÖÜ",
    ] {
        let reply = ask(question).await;
        assert_problem(&reply, 404, "not-found");
    }
}
