//! API tests, in one test binary: in-process router tests for every endpoint
//! and error, the spec-versus-router check, and black-box tests of the real
//! binary.

mod ask;
mod binary;
mod changes;
mod contract;
mod corpus;
mod endpoints;
mod errors;
mod export;
mod hostile;
mod impact;
mod mcp;
mod mcp_live;
mod paths;
mod production;
mod query;
mod roundtrip;
mod security;
mod spec;
mod support;
mod workflow;
