//! GraphML: nodes with name and kind, edges with relation and provenance.

use super::Selection;
use super::text::xml;
use crate::graph::EdgeKind;

pub fn write(selection: &Selection<'_>) -> String {
    let g = selection.graph;
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" ",
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
        "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
        "  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n",
        "  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n",
        "  <key id=\"relation\" for=\"edge\" attr.name=\"relation\" attr.type=\"string\"/>\n",
        "  <key id=\"membership\" for=\"edge\" attr.name=\"membership\" attr.type=\"boolean\"/>\n",
        "  <key id=\"document\" for=\"edge\" attr.name=\"document\" attr.type=\"string\"/>\n",
        "  <key id=\"line\" for=\"edge\" attr.name=\"line\" attr.type=\"int\"/>\n",
        "  <graph id=\"servicemap\" edgedefault=\"directed\">\n",
    ));
    let going = super::Going::default();
    for n in selection.nodes.iter().take_while(|_| going.on()) {
        let data = g.node(*n);
        out.push_str(&format!(
            "    <node id=\"{}\"><data key=\"name\">{}</data><data key=\"kind\">{}</data></node>\n",
            xml(&data.id),
            xml(&data.name),
            data.kind.as_str()
        ));
    }
    for (i, e) in selection
        .edges
        .iter()
        .chain(&selection.memberships)
        .take_while(|_| going.on())
        .enumerate()
    {
        let edge = g.edge(*e);
        out.push_str(&format!(
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\"><data key=\"relation\">{}</data><data key=\"membership\">{}</data><data key=\"document\">{}</data><data key=\"line\">{}</data></edge>\n",
            xml(&g.node(edge.source).id),
            xml(&g.node(edge.target).id),
            xml(selection.relation(*e)),
            edge.kind == EdgeKind::Membership,
            xml(&edge.provenance.document),
            edge.provenance.line
        ));
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}
