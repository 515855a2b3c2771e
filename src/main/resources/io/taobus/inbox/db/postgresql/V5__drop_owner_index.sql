-- Drops inbox_delivery_owner (issue 15: only the indexes the hot path needs). Since lease renewal names
-- the rows it renews by id (io.taobus.inbox.HeldRefs), no query looks rows up by owner_node alone: the
-- renewal's and the shutdown count's "owner_node = ? AND status = 'pending'" run on the primary key and on
-- inbox_delivery_lease, which covers the pending rows. The index cost an entry on every admission and on
-- every claim and completion that changed owner_node.
DROP INDEX inbox_delivery_owner;
