# The Cypher corpus: each case runs through servicemap and through Kùzu
# (scripts/cypher-compare.py), and their result sets must agree. See the
# script for the directives; `follows` names whose semantics a case follows
# where the engines differ (neo4j-trail: relationships unique within a match,
# Kùzu asked for TRAIL; servicemap: a servicemap feature, Kùzu given the
# equivalent exact query).

-- name: count-all-nodes
MATCH (n) RETURN count(*)

-- name: label-category
MATCH (n:Category) RETURN n.id

-- name: count-category
MATCH (n:Category) RETURN count(*) AS c

-- name: label-service
MATCH (n:Service) RETURN n.id

-- name: count-service
MATCH (n:Service) RETURN count(*) AS c

-- name: label-concept
MATCH (n:Concept) RETURN n.id

-- name: count-concept
MATCH (n:Concept) RETURN count(*) AS c

-- name: node-by-name
MATCH (n:Service {name: 'App Service'}) RETURN n.id, n.name, n.kind

-- name: node-by-id
MATCH (n {id: 'azure-kubernetes-service'}) RETURN n.name

-- name: node-by-name-any-case
-- kuzu: MATCH (n) WHERE lower(n.name) = 'app service' RETURN n.id
-- follows: servicemap
MATCH (n {name: 'app service'}) RETURN n.id

-- name: resolve-acronym
-- kuzu: MATCH (n {id: 'azure-kubernetes-service'}) RETURN n.id
-- follows: servicemap
MATCH (n) WHERE n = resolve('AKS') RETURN n.id

-- name: resolve-typo
-- kuzu: MATCH (n {id: 'azure-synapse-analytics'}) RETURN n.name
-- follows: servicemap
MATCH (n) WHERE n = resolve('synaps') RETURN n.name

-- name: aliases
MATCH (n:Service) RETURN n.id, n.aliases

-- name: categories
MATCH (n:Service) RETURN n.id, n.categories

-- name: node-provenance
MATCH (n) RETURN n.id, n.document, n.line

-- name: has-aliases
MATCH (n:Service) WHERE size(n.aliases) > 0 RETURN n.name, n.aliases

-- name: labels-counted
-- kuzu: MATCH (n) RETURN [label(n)] AS l, count(*) AS c
MATCH (n) RETURN labels(n) AS l, count(*) AS c

-- name: out-provides
-- kuzu: MATCH (a)-[:provides]->(b) RETURN a.id, b.id
MATCH (a)-[:`provides`]->(b) RETURN a.id, b.id

-- name: out-manages
-- kuzu: MATCH (a)-[:manages]->(b) RETURN a.id, b.id
MATCH (a)-[:`manages`]->(b) RETURN a.id, b.id

-- name: out-uses
-- kuzu: MATCH (a)-[:uses]->(b) RETURN a.id, b.id
MATCH (a)-[:`uses`]->(b) RETURN a.id, b.id

-- name: out-offers
-- kuzu: MATCH (a)-[:offers]->(b) RETURN a.id, b.id
MATCH (a)-[:`offers`]->(b) RETURN a.id, b.id

-- name: out-integrates_with
-- kuzu: MATCH (a)-[:integrates_with]->(b) RETURN a.id, b.id
MATCH (a)-[:`integrates with`]->(b) RETURN a.id, b.id

-- name: out-hosts
-- kuzu: MATCH (a)-[:hosts]->(b) RETURN a.id, b.id
MATCH (a)-[:`hosts`]->(b) RETURN a.id, b.id

-- name: out-orchestrates
-- kuzu: MATCH (a)-[:orchestrates]->(b) RETURN a.id, b.id
MATCH (a)-[:`orchestrates`]->(b) RETURN a.id, b.id

-- name: out-stores
-- kuzu: MATCH (a)-[:stores]->(b) RETURN a.id, b.id
MATCH (a)-[:`stores`]->(b) RETURN a.id, b.id

-- name: out-enables
-- kuzu: MATCH (a)-[:enables]->(b) RETURN a.id, b.id
MATCH (a)-[:`enables`]->(b) RETURN a.id, b.id

-- name: out-connects_to
-- kuzu: MATCH (a)-[:connects_to]->(b) RETURN a.id, b.id
MATCH (a)-[:`connects to`]->(b) RETURN a.id, b.id

-- name: out-scales_with
-- kuzu: MATCH (a)-[:scales_with]->(b) RETURN a.id, b.id
MATCH (a)-[:`scales with`]->(b) RETURN a.id, b.id

-- name: out-part_of
-- kuzu: MATCH (a)-[:part_of]->(b) RETURN a.id, b.id
MATCH (a)-[:`part of`]->(b) RETURN a.id, b.id

-- name: out-builds_and_operates
-- kuzu: MATCH (a)-[:builds_and_operates]->(b) RETURN a.id, b.id
MATCH (a)-[:`builds and operates`]->(b) RETURN a.id, b.id

-- name: out-optimized_for
-- kuzu: MATCH (a)-[:optimized_for]->(b) RETURN a.id, b.id
MATCH (a)-[:`optimized for`]->(b) RETURN a.id, b.id

-- name: out-integrates
-- kuzu: MATCH (a)-[:integrates]->(b) RETURN a.id, b.id
MATCH (a)-[:`integrates`]->(b) RETURN a.id, b.id

-- name: out-connects
-- kuzu: MATCH (a)-[:connects]->(b) RETURN a.id, b.id
MATCH (a)-[:`connects`]->(b) RETURN a.id, b.id

-- name: out-distributes
-- kuzu: MATCH (a)-[:distributes]->(b) RETURN a.id, b.id
MATCH (a)-[:`distributes`]->(b) RETURN a.id, b.id

-- name: out-delivers
-- kuzu: MATCH (a)-[:delivers]->(b) RETURN a.id, b.id
MATCH (a)-[:`delivers`]->(b) RETURN a.id, b.id

-- name: out-defends_against
-- kuzu: MATCH (a)-[:defends_against]->(b) RETURN a.id, b.id
MATCH (a)-[:`defends against`]->(b) RETURN a.id, b.id

-- name: out-protects
-- kuzu: MATCH (a)-[:protects]->(b) RETURN a.id, b.id
MATCH (a)-[:`protects`]->(b) RETURN a.id, b.id

-- name: out-improves
-- kuzu: MATCH (a)-[:improves]->(b) RETURN a.id, b.id
MATCH (a)-[:`improves`]->(b) RETURN a.id, b.id

-- name: out-builds
-- kuzu: MATCH (a)-[:builds]->(b) RETURN a.id, b.id
MATCH (a)-[:`builds`]->(b) RETURN a.id, b.id

-- name: in-upper-provides
-- kuzu: MATCH (b)<-[:provides]-(a) RETURN b.id, count(*)
MATCH (b)<-[:PROVIDES]-(a) RETURN b.id, count(*)

-- name: in-upper-manages
-- kuzu: MATCH (b)<-[:manages]-(a) RETURN b.id, count(*)
MATCH (b)<-[:MANAGES]-(a) RETURN b.id, count(*)

-- name: in-upper-uses
-- kuzu: MATCH (b)<-[:uses]-(a) RETURN b.id, count(*)
MATCH (b)<-[:USES]-(a) RETURN b.id, count(*)

-- name: in-upper-offers
-- kuzu: MATCH (b)<-[:offers]-(a) RETURN b.id, count(*)
MATCH (b)<-[:OFFERS]-(a) RETURN b.id, count(*)

-- name: in-upper-integrates_with
-- kuzu: MATCH (b)<-[:integrates_with]-(a) RETURN b.id, count(*)
MATCH (b)<-[:INTEGRATES_WITH]-(a) RETURN b.id, count(*)

-- name: in-upper-hosts
-- kuzu: MATCH (b)<-[:hosts]-(a) RETURN b.id, count(*)
MATCH (b)<-[:HOSTS]-(a) RETURN b.id, count(*)

-- name: in-upper-orchestrates
-- kuzu: MATCH (b)<-[:orchestrates]-(a) RETURN b.id, count(*)
MATCH (b)<-[:ORCHESTRATES]-(a) RETURN b.id, count(*)

-- name: in-upper-stores
-- kuzu: MATCH (b)<-[:stores]-(a) RETURN b.id, count(*)
MATCH (b)<-[:STORES]-(a) RETURN b.id, count(*)

-- name: in-upper-enables
-- kuzu: MATCH (b)<-[:enables]-(a) RETURN b.id, count(*)
MATCH (b)<-[:ENABLES]-(a) RETURN b.id, count(*)

-- name: in-upper-connects_to
-- kuzu: MATCH (b)<-[:connects_to]-(a) RETURN b.id, count(*)
MATCH (b)<-[:CONNECTS_TO]-(a) RETURN b.id, count(*)

-- name: in-upper-scales_with
-- kuzu: MATCH (b)<-[:scales_with]-(a) RETURN b.id, count(*)
MATCH (b)<-[:SCALES_WITH]-(a) RETURN b.id, count(*)

-- name: in-upper-part_of
-- kuzu: MATCH (b)<-[:part_of]-(a) RETURN b.id, count(*)
MATCH (b)<-[:PART_OF]-(a) RETURN b.id, count(*)

-- name: every-relationship
MATCH (a)-[r]->(b) RETURN r

-- name: undirected-every
MATCH (a)-[r]-(b) RETURN a.id, r.relation, b.id

-- name: two-types
MATCH (a)-[r:uses|hosts]->(b) RETURN a.id, r.relation, b.id

-- name: type-counts
-- kuzu: MATCH (a)-[r]->(b) RETURN r.relation AS t, count(*) AS c ORDER BY c DESC, t
MATCH (a)-[r]->(b) RETURN type(r) AS t, count(*) AS c ORDER BY c DESC, t

-- name: rel-provenance
MATCH (a)-[r]->(b) RETURN r.relation, r.document, r.line ORDER BY r.line, r.relation

-- name: inverse-wording
-- kuzu: MATCH (b)-[:uses]->(a) RETURN a.id, b.id
-- follows: servicemap
MATCH (a)-[:USED_BY]->(b) RETURN a.id, b.id

-- name: members-per-category
MATCH (c:Category)-[:HAS_SERVICE]->(s) RETURN c.name, count(s) AS n ORDER BY n DESC, c.name

-- name: memberships
MATCH (c:Category)-[:HAS_SERVICE]->(s:Service) RETURN c.id, s.id

-- name: members-compute_services
MATCH (:Category {name: 'Compute Services'})-[:HAS_SERVICE]->(s) RETURN s.name ORDER BY s.name

-- name: members-storage_services
MATCH (:Category {name: 'Storage Services'})-[:HAS_SERVICE]->(s) RETURN s.name ORDER BY s.name

-- name: members-networking_services
MATCH (:Category {name: 'Networking Services'})-[:HAS_SERVICE]->(s) RETURN s.name ORDER BY s.name

-- name: members-database_services
MATCH (:Category {name: 'Database Services'})-[:HAS_SERVICE]->(s) RETURN s.name ORDER BY s.name

-- name: members-ai_and_machine_learning_services
MATCH (:Category {name: 'AI and Machine Learning Services'})-[:HAS_SERVICE]->(s) RETURN s.name ORDER BY s.name

-- name: synapse-neighbours
MATCH (a {name: 'Azure Synapse Analytics'})-[r]-(b) RETURN r.relation, b.id

-- name: app-service-out
MATCH (a {name: 'App Service'})-[r]->(b) RETURN r, b.name

-- name: integrates-undirected
MATCH (a)-[:integrates_with]-(b) RETURN a.name, b.name

-- name: category-service-uses
MATCH (c:Category)-[:HAS_SERVICE]->(s)-[:uses]->(t) RETURN c.name, s.name, t.name

-- name: comma-join
MATCH (s:Service)-[:uses]->(t), (t)-[:uses]->(u) RETURN s.id, t.id, u.id

-- name: cartesian
MATCH (a:Service), (b:Category) RETURN count(*)

-- name: shared-target
MATCH (a)-[]->(b)<-[]-(c) WHERE a <> c RETURN a.id, b.id, c.id

-- name: two-hops-any
MATCH (a)-[r1]->(b)-[r2]->(c) RETURN a.id, b.id, c.id

-- name: category-concepts
MATCH (c:Category)-[:HAS_SERVICE]->(s)-[r]-(x:Concept) RETURN c.name, count(*) AS n ORDER BY n DESC, c.name

-- name: membership-undirected
MATCH (s:Service)-[:HAS_SERVICE]-(c) RETURN s.id, c.id

-- name: reach-out-3-azure-kubernetes-service
MATCH (a {name: 'Azure Kubernetes Service'})-[*1..3]->(b) RETURN DISTINCT b.id

-- name: reach-both-2-azure-kubernetes-service
-- kuzu: MATCH (a {name: 'Azure Kubernetes Service'})-[* TRAIL 1..2]-(b) RETURN DISTINCT b.id
-- follows: neo4j-trail
MATCH (a {name: 'Azure Kubernetes Service'})-[*1..2]-(b) RETURN DISTINCT b.id

-- name: paths-out-3-azure-kubernetes-service
-- kuzu: MATCH p = (a {name: 'Azure Kubernetes Service'})-[* TRAIL 1..3]->(b) RETURN b.id, length(p)
-- follows: neo4j-trail
MATCH p = (a {name: 'Azure Kubernetes Service'})-[*1..3]->(b) RETURN b.id, length(p)

-- name: trails-both-3-azure-kubernetes-service
-- kuzu: MATCH p = (a {name: 'Azure Kubernetes Service'})-[* TRAIL 1..3]-(b) RETURN count(p)
-- follows: neo4j-trail
MATCH p = (a {name: 'Azure Kubernetes Service'})-[*1..3]-(b) RETURN count(p)

-- name: reach-out-3-virtual-machines
MATCH (a {name: 'Virtual Machines'})-[*1..3]->(b) RETURN DISTINCT b.id

-- name: reach-both-2-virtual-machines
-- kuzu: MATCH (a {name: 'Virtual Machines'})-[* TRAIL 1..2]-(b) RETURN DISTINCT b.id
-- follows: neo4j-trail
MATCH (a {name: 'Virtual Machines'})-[*1..2]-(b) RETURN DISTINCT b.id

-- name: paths-out-3-virtual-machines
-- kuzu: MATCH p = (a {name: 'Virtual Machines'})-[* TRAIL 1..3]->(b) RETURN b.id, length(p)
-- follows: neo4j-trail
MATCH p = (a {name: 'Virtual Machines'})-[*1..3]->(b) RETURN b.id, length(p)

-- name: trails-both-3-virtual-machines
-- kuzu: MATCH p = (a {name: 'Virtual Machines'})-[* TRAIL 1..3]-(b) RETURN count(p)
-- follows: neo4j-trail
MATCH p = (a {name: 'Virtual Machines'})-[*1..3]-(b) RETURN count(p)

-- name: reach-out-3-app-service
MATCH (a {name: 'App Service'})-[*1..3]->(b) RETURN DISTINCT b.id

-- name: reach-both-2-app-service
-- kuzu: MATCH (a {name: 'App Service'})-[* TRAIL 1..2]-(b) RETURN DISTINCT b.id
-- follows: neo4j-trail
MATCH (a {name: 'App Service'})-[*1..2]-(b) RETURN DISTINCT b.id

-- name: paths-out-3-app-service
-- kuzu: MATCH p = (a {name: 'App Service'})-[* TRAIL 1..3]->(b) RETURN b.id, length(p)
-- follows: neo4j-trail
MATCH p = (a {name: 'App Service'})-[*1..3]->(b) RETURN b.id, length(p)

-- name: trails-both-3-app-service
-- kuzu: MATCH p = (a {name: 'App Service'})-[* TRAIL 1..3]-(b) RETURN count(p)
-- follows: neo4j-trail
MATCH p = (a {name: 'App Service'})-[*1..3]-(b) RETURN count(p)

-- name: reach-out-3-data-lake-storage
MATCH (a {name: 'Data Lake Storage'})-[*1..3]->(b) RETURN DISTINCT b.id

-- name: reach-both-2-data-lake-storage
-- kuzu: MATCH (a {name: 'Data Lake Storage'})-[* TRAIL 1..2]-(b) RETURN DISTINCT b.id
-- follows: neo4j-trail
MATCH (a {name: 'Data Lake Storage'})-[*1..2]-(b) RETURN DISTINCT b.id

-- name: paths-out-3-data-lake-storage
-- kuzu: MATCH p = (a {name: 'Data Lake Storage'})-[* TRAIL 1..3]->(b) RETURN b.id, length(p)
-- follows: neo4j-trail
MATCH p = (a {name: 'Data Lake Storage'})-[*1..3]->(b) RETURN b.id, length(p)

-- name: trails-both-3-data-lake-storage
-- kuzu: MATCH p = (a {name: 'Data Lake Storage'})-[* TRAIL 1..3]-(b) RETURN count(p)
-- follows: neo4j-trail
MATCH p = (a {name: 'Data Lake Storage'})-[*1..3]-(b) RETURN count(p)

-- name: reach-out-3-azure-functions
MATCH (a {name: 'Azure Functions'})-[*1..3]->(b) RETURN DISTINCT b.id

-- name: reach-both-2-azure-functions
-- kuzu: MATCH (a {name: 'Azure Functions'})-[* TRAIL 1..2]-(b) RETURN DISTINCT b.id
-- follows: neo4j-trail
MATCH (a {name: 'Azure Functions'})-[*1..2]-(b) RETURN DISTINCT b.id

-- name: paths-out-3-azure-functions
-- kuzu: MATCH p = (a {name: 'Azure Functions'})-[* TRAIL 1..3]->(b) RETURN b.id, length(p)
-- follows: neo4j-trail
MATCH p = (a {name: 'Azure Functions'})-[*1..3]->(b) RETURN b.id, length(p)

-- name: trails-both-3-azure-functions
-- kuzu: MATCH p = (a {name: 'Azure Functions'})-[* TRAIL 1..3]-(b) RETURN count(p)
-- follows: neo4j-trail
MATCH p = (a {name: 'Azure Functions'})-[*1..3]-(b) RETURN count(p)

-- name: reach-out-3-virtual-network
MATCH (a {name: 'Virtual Network'})-[*1..3]->(b) RETURN DISTINCT b.id

-- name: reach-both-2-virtual-network
-- kuzu: MATCH (a {name: 'Virtual Network'})-[* TRAIL 1..2]-(b) RETURN DISTINCT b.id
-- follows: neo4j-trail
MATCH (a {name: 'Virtual Network'})-[*1..2]-(b) RETURN DISTINCT b.id

-- name: paths-out-3-virtual-network
-- kuzu: MATCH p = (a {name: 'Virtual Network'})-[* TRAIL 1..3]->(b) RETURN b.id, length(p)
-- follows: neo4j-trail
MATCH p = (a {name: 'Virtual Network'})-[*1..3]->(b) RETURN b.id, length(p)

-- name: trails-both-3-virtual-network
-- kuzu: MATCH p = (a {name: 'Virtual Network'})-[* TRAIL 1..3]-(b) RETURN count(p)
-- follows: neo4j-trail
MATCH p = (a {name: 'Virtual Network'})-[*1..3]-(b) RETURN count(p)

-- name: uses-chain
MATCH (a {name: 'Azure Kubernetes Service'})-[:uses*1..4]->(b) RETURN b.name

-- name: zero-length
MATCH (a {name: 'Azure Kubernetes Service'})-[:uses*0..2]->(b) RETURN b.name

-- name: exactly-two-undirected
-- kuzu: MATCH (a {name: 'Azure Kubernetes Service'})-[:uses* TRAIL 2..2]-(b) RETURN b.name
-- follows: neo4j-trail
MATCH (a {name: 'Azure Kubernetes Service'})-[:uses*2]-(b) RETURN b.name

-- name: star-depth
-- kuzu: MATCH (a:Service)-[:uses|scales_with* TRAIL 1..8]->(b) RETURN a.id, b.id
-- follows: neo4j-trail
MATCH (a:Service)-[:uses|scales_with*]->(b) RETURN a.id, b.id

-- name: nodes-of-paths
-- kuzu: MATCH p = (a {name: 'Virtual Machines'})-[r* TRAIL 1..2]-(b) RETURN list_transform(nodes(p), x -> x.id), size(rels(p))
-- follows: neo4j-trail
-- ordered-lists
MATCH p = (a {name: 'Virtual Machines'})-[r*1..2]-(b) RETURN [x IN nodes(p) | x.id], size(r)

-- name: path-values
MATCH p = (a {name: 'Virtual Machines'})-[*1..2]->(b) RETURN p

-- name: named-path-fixed
MATCH p = (a:Category)-[:HAS_SERVICE]->(s)-[:uses]->(t) RETURN p

-- name: path-relationships
-- kuzu: MATCH p = (a:Category)-[:HAS_SERVICE]->(s)-[:uses]->(t) RETURN length(p), rels(p)
MATCH p = (a:Category)-[:HAS_SERVICE]->(s)-[:uses]->(t) RETURN length(p), relationships(p)

-- name: shortest-azure-kubernetes-service--azure-dedicated-host
-- kuzu: MATCH p = (a {name: 'Azure Kubernetes Service'})-[* SHORTEST 1..8]-(b {name: 'Azure Dedicated Host'}) RETURN length(p)
MATCH p = shortestPath((a {name: 'Azure Kubernetes Service'})-[*..8]-(b {name: 'Azure Dedicated Host'})) RETURN length(p)

-- name: all-shortest-azure-kubernetes-service--azure-dedicated-host
-- kuzu: MATCH p = (a {name: 'Azure Kubernetes Service'})-[* ALL SHORTEST 1..8]-(b {name: 'Azure Dedicated Host'}) RETURN list_transform(nodes(p), x -> x.id)
-- ordered-lists
MATCH p = allShortestPaths((a {name: 'Azure Kubernetes Service'})-[*..8]-(b {name: 'Azure Dedicated Host'})) RETURN [x IN nodes(p) | x.id]

-- name: shortest-azure-kubernetes-service--azure-functions
-- kuzu: MATCH p = (a {name: 'Azure Kubernetes Service'})-[* SHORTEST 1..8]-(b {name: 'Azure Functions'}) RETURN length(p)
MATCH p = shortestPath((a {name: 'Azure Kubernetes Service'})-[*..8]-(b {name: 'Azure Functions'})) RETURN length(p)

-- name: all-shortest-azure-kubernetes-service--azure-functions
-- kuzu: MATCH p = (a {name: 'Azure Kubernetes Service'})-[* ALL SHORTEST 1..8]-(b {name: 'Azure Functions'}) RETURN list_transform(nodes(p), x -> x.id)
-- ordered-lists
MATCH p = allShortestPaths((a {name: 'Azure Kubernetes Service'})-[*..8]-(b {name: 'Azure Functions'})) RETURN [x IN nodes(p) | x.id]

-- name: shortest-app-service--azure-functions
-- kuzu: MATCH p = (a {name: 'App Service'})-[* SHORTEST 1..8]-(b {name: 'Azure Functions'}) RETURN length(p)
MATCH p = shortestPath((a {name: 'App Service'})-[*..8]-(b {name: 'Azure Functions'})) RETURN length(p)

-- name: all-shortest-app-service--azure-functions
-- kuzu: MATCH p = (a {name: 'App Service'})-[* ALL SHORTEST 1..8]-(b {name: 'Azure Functions'}) RETURN list_transform(nodes(p), x -> x.id)
-- ordered-lists
MATCH p = allShortestPaths((a {name: 'App Service'})-[*..8]-(b {name: 'Azure Functions'})) RETURN [x IN nodes(p) | x.id]

-- name: shortest-virtual-machines--blob-storage
-- kuzu: MATCH p = (a {name: 'Virtual Machines'})-[* SHORTEST 1..8]-(b {name: 'Blob Storage'}) RETURN length(p)
MATCH p = shortestPath((a {name: 'Virtual Machines'})-[*..8]-(b {name: 'Blob Storage'})) RETURN length(p)

-- name: all-shortest-virtual-machines--blob-storage
-- kuzu: MATCH p = (a {name: 'Virtual Machines'})-[* ALL SHORTEST 1..8]-(b {name: 'Blob Storage'}) RETURN list_transform(nodes(p), x -> x.id)
-- ordered-lists
MATCH p = allShortestPaths((a {name: 'Virtual Machines'})-[*..8]-(b {name: 'Blob Storage'})) RETURN [x IN nodes(p) | x.id]

-- name: shortest-data-lake-storage--azure-synapse-analytics
-- kuzu: MATCH p = (a {name: 'Data Lake Storage'})-[* SHORTEST 1..8]-(b {name: 'Azure Synapse Analytics'}) RETURN length(p)
MATCH p = shortestPath((a {name: 'Data Lake Storage'})-[*..8]-(b {name: 'Azure Synapse Analytics'})) RETURN length(p)

-- name: all-shortest-data-lake-storage--azure-synapse-analytics
-- kuzu: MATCH p = (a {name: 'Data Lake Storage'})-[* ALL SHORTEST 1..8]-(b {name: 'Azure Synapse Analytics'}) RETURN list_transform(nodes(p), x -> x.id)
-- ordered-lists
MATCH p = allShortestPaths((a {name: 'Data Lake Storage'})-[*..8]-(b {name: 'Azure Synapse Analytics'})) RETURN [x IN nodes(p) | x.id]

-- name: shortest-virtual-network--vpn-gateway
-- kuzu: MATCH p = (a {name: 'Virtual Network'})-[* SHORTEST 1..8]-(b {name: 'VPN Gateway'}) RETURN length(p)
MATCH p = shortestPath((a {name: 'Virtual Network'})-[*..8]-(b {name: 'VPN Gateway'})) RETURN length(p)

-- name: all-shortest-virtual-network--vpn-gateway
-- kuzu: MATCH p = (a {name: 'Virtual Network'})-[* ALL SHORTEST 1..8]-(b {name: 'VPN Gateway'}) RETURN list_transform(nodes(p), x -> x.id)
-- ordered-lists
MATCH p = allShortestPaths((a {name: 'Virtual Network'})-[*..8]-(b {name: 'VPN Gateway'})) RETURN [x IN nodes(p) | x.id]

-- name: shortest-blob-storage--table-storage
-- kuzu: MATCH p = (a {name: 'Blob Storage'})-[* SHORTEST 1..8]-(b {name: 'Table Storage'}) RETURN length(p)
MATCH p = shortestPath((a {name: 'Blob Storage'})-[*..8]-(b {name: 'Table Storage'})) RETURN length(p)

-- name: all-shortest-blob-storage--table-storage
-- kuzu: MATCH p = (a {name: 'Blob Storage'})-[* ALL SHORTEST 1..8]-(b {name: 'Table Storage'}) RETURN list_transform(nodes(p), x -> x.id)
-- ordered-lists
MATCH p = allShortestPaths((a {name: 'Blob Storage'})-[*..8]-(b {name: 'Table Storage'})) RETURN [x IN nodes(p) | x.id]

-- name: shortest-compute-services--storage-services
-- kuzu: MATCH p = (a {name: 'Compute Services'})-[* SHORTEST 1..8]-(b {name: 'Storage Services'}) RETURN length(p)
MATCH p = shortestPath((a {name: 'Compute Services'})-[*..8]-(b {name: 'Storage Services'})) RETURN length(p)

-- name: all-shortest-compute-services--storage-services
-- kuzu: MATCH p = (a {name: 'Compute Services'})-[* ALL SHORTEST 1..8]-(b {name: 'Storage Services'}) RETURN list_transform(nodes(p), x -> x.id)
-- ordered-lists
MATCH p = allShortestPaths((a {name: 'Compute Services'})-[*..8]-(b {name: 'Storage Services'})) RETURN [x IN nodes(p) | x.id]

-- name: shortest-directed-typed
-- kuzu: MATCH p = (a {name: 'Azure Kubernetes Service'})-[:uses* SHORTEST 1..5]->(b {name: 'Azure Dedicated Host'}) RETURN list_transform(nodes(p), x -> x.name)
-- ordered-lists
MATCH p = shortestPath((a {name: 'Azure Kubernetes Service'})-[:uses*..5]->(b {name: 'Azure Dedicated Host'})) RETURN [x IN nodes(p) | x.name]

-- name: shortest-none
-- kuzu: MATCH p = (a {name: 'Azure Kubernetes Service'})-[* SHORTEST 1..3]-(b {name: 'Azure Synapse Analytics'}) RETURN p
MATCH p = shortestPath((a {name: 'Azure Kubernetes Service'})-[*..3]-(b {name: 'Azure Synapse Analytics'})) RETURN p

-- name: where-eq
MATCH (n) WHERE n.name = 'App Service' RETURN n.id

-- name: where-ne
MATCH (n) WHERE n.name <> 'App Service' RETURN n.id

-- name: where-lt
MATCH (n) WHERE n.line < 40 RETURN n.id

-- name: where-le
MATCH (n) WHERE n.line <= 40 RETURN n.id

-- name: where-gt
MATCH (n) WHERE n.line > 120 RETURN n.id

-- name: where-ge
MATCH (n) WHERE n.line >= 120 RETURN n.id

-- name: where-starts
MATCH (n) WHERE n.name STARTS WITH 'Azure' RETURN n.id

-- name: where-ends
MATCH (n) WHERE n.name ENDS WITH 'Storage' RETURN n.id

-- name: where-contains
MATCH (n) WHERE n.name CONTAINS 'Data' RETURN n.id

-- name: where-in
MATCH (n) WHERE n.name IN ['App Service', 'Blob Storage', 'nope'] RETURN n.id

-- name: where-and
MATCH (n) WHERE n.line > 50 AND n.line < 90 RETURN n.id

-- name: where-or
MATCH (n) WHERE n.line < 30 OR n.line > 150 RETURN n.id

-- name: where-not
MATCH (n) WHERE NOT n.name STARTS WITH 'Azure' RETURN n.id

-- name: where-xor
MATCH (n) WHERE (n.line < 60) XOR (n.name STARTS WITH 'Azure') RETURN n.id

-- name: where-is-not-null
MATCH (n) WHERE n.aliases IS NOT NULL RETURN n.id

-- name: where-is-null
MATCH (n) WHERE n.aliases IS NULL RETURN n.id

-- name: where-label-predicate
-- kuzu: MATCH (n) WHERE label(n) = 'Service' RETURN n.id
MATCH (n) WHERE n:Service RETURN n.id

-- name: where-not-label
-- kuzu: MATCH (n) WHERE NOT label(n) = 'Concept' AND n.line > 100 RETURN n.id
MATCH (n) WHERE NOT n:Concept AND n.line > 100 RETURN n.id

-- name: pattern-predicate
MATCH (a:Service) WHERE (a)-[:uses]->() RETURN a.id

-- name: not-pattern-predicate
MATCH (a:Service) WHERE NOT (a)-[:uses]->() RETURN a.id

-- name: pattern-or
MATCH (a:Service) WHERE (a)<-[:integrates_with]-() OR (a)-[:integrates_with]->() RETURN a.id

-- name: exists-subquery
MATCH (a:Service) WHERE exists { MATCH (a)-[:hosts]->(x) WHERE x.name CONTAINS 'Apps' } RETURN a.id

-- name: where-rel-prop
-- kuzu: MATCH (a)-[r]->(b) WHERE r.line > 100 AND label(b) = 'Concept' RETURN a.id, b.id
MATCH (a)-[r]->(b) WHERE r.line > 100 AND b:Concept RETURN a.id, b.id

-- name: where-relation-in
MATCH (a)-[r]->(b) WHERE r.relation IN ['uses', 'hosts'] RETURN a.id, b.id

-- name: in-list-property
MATCH (n:Service) WHERE 'Compute Services' IN n.categories RETURN n.id

-- name: compare-two-vars
MATCH (s:Service)-[:uses]->(t) WHERE s.name < t.name RETURN s.id, t.id

-- name: with-where
MATCH (n) WITH n.kind AS k, count(*) AS c WHERE c > 5 RETURN k, c

-- name: with-order-limit
MATCH (n:Service) WITH n ORDER BY n.line DESC LIMIT 3 RETURN n.id

-- name: unwind-order
UNWIND [3, 1, 2] AS x RETURN x ORDER BY x

-- name: unwind-match
UNWIND ['App Service', 'Blob Storage'] AS name MATCH (n {name: name}) RETURN n.id

-- name: unwind-property
MATCH (n:Service) UNWIND n.categories AS c RETURN c, count(*) AS k ORDER BY k DESC, c

-- name: skip-limit
MATCH (n:Service) RETURN n.name ORDER BY n.name SKIP 5 LIMIT 5

-- name: order-desc
MATCH (n:Service) RETURN n.name ORDER BY n.line DESC, n.name LIMIT 4

-- name: distinct
MATCH (n) RETURN DISTINCT n.kind

-- name: distinct-pairs
MATCH (a)-[]->(b) RETURN DISTINCT a.kind, b.kind

-- name: alias-order
MATCH (n:Service) RETURN n.name AS name, n.line AS line ORDER BY line LIMIT 3

-- name: optional-match
MATCH (n:Service) OPTIONAL MATCH (n)-[:uses]->(m) RETURN n.id, m.id

-- name: optional-all-null
MATCH (n:Category) OPTIONAL MATCH (n)-[:uses]->(m) RETURN n.id, m.id

-- name: optional-count
MATCH (n:Service) OPTIONAL MATCH (n)-[:hosts]->(m) RETURN n.id, count(m) AS hosted ORDER BY hosted DESC, n.id

-- name: with-rename
MATCH (n:Service) WITH n.name AS name WHERE name CONTAINS 'Storage' RETURN name

-- name: with-then-match
MATCH (a:Service)-[:uses]->(b) WITH a, count(b) AS n MATCH (a)<-[:HAS_SERVICE]-(c) RETURN c.name, a.name, n

-- name: group-count
MATCH (n) RETURN n.kind, count(*)

-- name: count-distinct
MATCH (n:Service) RETURN count(DISTINCT n.line) > 0, count(n)

-- name: min-max-sum-avg
MATCH (n:Service) RETURN min(n.line), max(n.line), sum(n.line), avg(n.line)

-- name: collect
MATCH (c:Category)-[:HAS_SERVICE]->(s) RETURN c.name, collect(s.name)

-- name: collect-distinct
MATCH (a)-[r]->(b) RETURN collect(DISTINCT a.kind)

-- name: count-distinct-nodes
MATCH (a)-[r]->(b) RETURN b.kind, count(DISTINCT a) AS sources

-- name: count-empty
MATCH (n {name: 'no such thing'}) RETURN count(*)

-- name: aggregate-arithmetic
MATCH (n:Service) RETURN n.kind, max(n.line) - min(n.line) AS spread

-- name: degree-top5
MATCH (a:Service)-[r]-(b) RETURN a.name, count(r) AS degree ORDER BY degree DESC, a.name LIMIT 5

-- name: type-function
-- kuzu: MATCH (a)-[r]->(b) RETURN r.relation, a.id LIMIT 200
MATCH (a)-[r]->(b) RETURN type(r), a.id LIMIT 200

-- name: string-functions
MATCH (n:Service) RETURN toLower(n.name), toUpper(n.name), size(n.name)

-- name: scalar-functions
RETURN trim('  x  '), coalesce(null, 'y'), size([1, 2, 3])

-- name: head-last
-- kuzu: MATCH (n:Service) RETURN n.id, list_extract(n.categories, 1), list_extract(n.categories, size(n.categories))
MATCH (n:Service) RETURN n.id, head(n.categories), last(n.categories)

-- name: coalesce-index
-- kuzu: MATCH (n) WHERE size(n.aliases) > 0 RETURN n.id, coalesce(list_extract(n.aliases, 1), n.name)
MATCH (n) WHERE size(n.aliases) > 0 RETURN n.id, coalesce(n.aliases[0], n.name)

-- name: arithmetic
RETURN 1 + 2 * 3, 7 % 3, 10 / 4, 10.0 / 4, 2 ^ 3

-- name: concatenation
-- kuzu: RETURN concat('a', 'b'), list_concat([1, 2], [3])
RETURN 'a' + 'b', [1, 2] + [3]

-- name: case-when
UNWIND [1, 2, 3] AS x RETURN CASE WHEN x > 2 THEN 'big' ELSE 'small' END

-- name: case-simple
UNWIND [1, 2, 3] AS x RETURN CASE x WHEN 1 THEN 'one' WHEN 2 THEN 'two' END

-- name: list-comprehension
-- kuzu: MATCH (n:Service) RETURN list_transform(n.categories, c -> upper(c))
MATCH (n:Service) RETURN [c IN n.categories | toUpper(c)]

-- name: start-end-node
-- kuzu: MATCH (a)-[r]->(b) RETURN a.id, b.id
MATCH (a)-[r]->(b) RETURN startNode(r).id, endNode(r).id

-- name: null-logic
RETURN null IS NULL, null = null, 1 = 1.0, 'a' < 'b'

-- name: null-aggregates
UNWIND [null, 1, 2] AS x RETURN count(x), count(*), collect(x)

-- name: count-prefix
MATCH (n:Service) WHERE n.name STARTS WITH 'Azure' RETURN count(*)

-- name: cross-category-integrations
MATCH (c:Category)-[:HAS_SERVICE]->(s)-[:integrates_with]-(t)<-[:HAS_SERVICE]-(d:Category) WHERE c <> d RETURN s.name, t.name

-- name: within-three-hops-other-category
-- kuzu: MATCH (s:Service)-[* TRAIL 1..3]-(t:Service) WHERE NOT EXISTS { MATCH (s)<-[:HAS_SERVICE]-()-[:HAS_SERVICE]->(t) } AND s.name = 'Azure Kubernetes Service' AND t <> s RETURN DISTINCT t.name
-- follows: neo4j-trail
MATCH (s:Service)-[*1..3]-(t:Service) WHERE NOT (s)<-[:HAS_SERVICE]-()-[:HAS_SERVICE]->(t) AND s.name = 'Azure Kubernetes Service' AND t <> s RETURN DISTINCT t.name

# In a pattern predicate, too, a relationship is not walked twice (Neo4j):
# from a service back to itself through its category needs two different
# membership edges, so the predicate is false and the service is kept.
# Kùzu matches the same edge twice; it is given the trail condition.
-- name: predicate-trail-uniqueness
-- kuzu: MATCH (s:Service {name: 'Azure Kubernetes Service'}) WHERE NOT EXISTS { MATCH (s)<-[r1:HAS_SERVICE]-()-[r2:HAS_SERVICE]->(s) WHERE ID(r1) <> ID(r2) } RETURN s.name
-- follows: neo4j-trail
MATCH (s:Service {name: 'Azure Kubernetes Service'}) WHERE NOT (s)<-[:HAS_SERVICE]-()-[:HAS_SERVICE]->(s) RETURN s.name

-- name: uses-something-that-scales
MATCH (a:Service)-[:uses]->()-[:scales_with]->(v) RETURN a.name, v.name

-- name: error-create
-- expect-error: read-only
CREATE (n:Service {name: 'x'})

-- name: error-set
-- expect-error: read-only
MATCH (n) SET n.name = 'x' RETURN n

-- name: error-delete
-- expect-error: read-only
MATCH (n) DETACH DELETE n

-- name: error-merge
-- expect-error: read-only
MERGE (n {name: 'x'}) RETURN n

-- name: error-remove
-- expect-error: read-only
MATCH (n) REMOVE n.name RETURN n

-- name: error-load-csv
-- expect-error: read-only
LOAD CSV FROM 'file:///x.csv' AS row RETURN row

-- name: error-call
-- expect-error: read-only
CALL db.labels()

-- name: error-label
-- expect-error: query-semantics
MATCH (n:Servce) RETURN n

-- name: error-property
-- expect-error: query-semantics
MATCH (n) RETURN n.nmae

-- name: error-type
-- expect-error: query-semantics
MATCH (n)-[:usse]->() RETURN n

-- name: error-syntax
-- expect-error: query-syntax
MATCH (n) RETURN n.name,

-- name: error-depth
-- expect-error: too-expensive
MATCH (a)-[*1..50]->(b) RETURN a
