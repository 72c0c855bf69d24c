//! Document tests, in one test binary: the hostile corpus under
//! `tests/hostile/` against its expected diagnostics, huge generated
//! documents with time and memory bounds, and property tests of the parser.

mod corpus;
mod huge;
mod props;
mod support;
