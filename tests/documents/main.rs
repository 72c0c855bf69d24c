//! Document tests, in one test binary: the hostile corpus under
//! `tests/hostile/` against its expected diagnostics, huge generated
//! documents with time and memory bounds, property tests of the parser,
//! and the resolver over generated scale data.

mod conformance;
mod corpus;
mod generated;
mod huge;
mod props;
mod support;
