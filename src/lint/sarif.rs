//! Findings as a SARIF 2.1.0 log (serde-sarif's types), the format GitHub
//! code scanning reads to annotate the lines of a pull request. Each
//! finding's document is given relative to the data root, under the
//! `DATAROOT` base id; `uri_base` (the data folder as seen from the
//! repository's root) is prefixed when given, so annotations land on the
//! repository's files.

use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, Region,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Tool, ToolComponent,
};

use super::{Finding, RULES, Severity};

/// The SARIF log of `findings`.
pub fn log(findings: &[Finding], uri_base: Option<&str>) -> Sarif {
    let rules: Vec<ReportingDescriptor> = RULES
        .iter()
        .map(|rule| {
            ReportingDescriptor::builder()
                .id(rule.id)
                .short_description(
                    MultiformatMessageString::builder()
                        .text(rule.rationale)
                        .build(),
                )
                .default_configuration(
                    ReportingConfiguration::builder()
                        .level(serde_json::json!(level(rule.severity).to_string()))
                        .build(),
                )
                .build()
        })
        .collect();
    let results: Vec<SarifResult> = findings.iter().map(|f| result(f, uri_base)).collect();
    let driver = ToolComponent::builder()
        .name("servicemap")
        .version(env!("CARGO_PKG_VERSION"))
        .rules(rules)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .build();
    Sarif::builder()
        .version(serde_json::json!("2.1.0"))
        .schema(serde_sarif::sarif::SCHEMA_URL)
        .runs(vec![run])
        .build()
}

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Note => ResultLevel::Note,
        Severity::Warning => ResultLevel::Warning,
        Severity::Error => ResultLevel::Error,
    }
}

fn result(finding: &Finding, uri_base: Option<&str>) -> SarifResult {
    let uri = match uri_base.map(|b| b.trim_end_matches('/')) {
        Some(base) if !base.is_empty() && base != "." => format!("{base}/{}", finding.document),
        _ => finding.document.clone(),
    };
    let physical =
        PhysicalLocation::builder().artifact_location(ArtifactLocation::builder().uri(uri).build());
    let physical = match finding.line {
        Some(line) => physical
            .region(Region::builder().start_line(line as i64).build())
            .build(),
        None => physical.build(),
    };
    SarifResult::builder()
        .rule_id(finding.rule.id)
        .level(level(finding.severity))
        .message(Message::builder().text(&finding.message).build())
        .locations(vec![
            Location::builder().physical_location(physical).build(),
        ])
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::rule_by_id;

    #[test]
    fn findings_become_results_with_rule_level_and_line() {
        let finding = Finding {
            rule: rule_by_id("isolated-service").unwrap(),
            severity: Severity::Error,
            document: "a/m.md".into(),
            line: Some(4),
            message: "service `X` has no relations".into(),
        };
        let log = serde_json::to_value(log(&[finding], Some("data/"))).unwrap();
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        assert_eq!(run["tool"]["driver"]["name"], "servicemap");
        assert_eq!(
            run["tool"]["driver"]["rules"].as_array().unwrap().len(),
            RULES.len()
        );
        let result = &run["results"][0];
        assert_eq!(result["ruleId"], "isolated-service");
        assert_eq!(result["level"], "error");
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "data/a/m.md");
        assert_eq!(location["region"]["startLine"], 4);
    }
}
