//! Questions over the graph: matching edges, walking
//! neighbourhoods and finding paths. Nothing here knows about HTTP.

pub mod bounds;
pub mod choice;
pub mod edges;
pub mod impact;
pub mod neighbors;
pub mod path;
