-- Relations between products that a collection's mapping file declares (link.<semantics> = path),
-- shown as DataLink rows: a moment map's #progenitor is its cube, and the cube lists the map as
-- #derivation. The target is kept as a DID, not a path, and resolved when links are asked for, so
-- the order in which products are ingested does not matter. Not published: vo_reader cannot read it.
CREATE TABLE vo.product_relations (
    obs_publisher_did text NOT NULL REFERENCES vo.products (obs_publisher_did) ON DELETE CASCADE,
    semantics text NOT NULL CHECK (semantics ~ '^#[a-z-]+$'),
    related_did text NOT NULL,
    PRIMARY KEY (obs_publisher_did, semantics, related_did)
);

CREATE INDEX product_relations_related ON vo.product_relations (lower(related_did));
