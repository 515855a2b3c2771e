/**
 * The durable inbox of deliveries: a webhook is acknowledged only once its row is committed here, and
 * the row, not memory, decides whether a copy is a duplicate, whether a crashed cascade runs again and
 * when a delivery is dead.
 *
 * <p>The port is {@link io.taobus.inbox.Inbox}; its one durable implementation speaks JDBC to an
 * embedded H2 file database (the default: one node) or to PostgreSQL (any number of nodes), through a
 * small dialect seam; its tables come from its own Flyway migrations ({@link io.taobus.inbox.InboxMigrations},
 * one set per vendor under {@code io/taobus/inbox/db/{vendor}}, its own history table). A
 * lossy in-memory implementation with the same contract serves tests and benchmarks.
 *
 * <p>The life of a row:
 * <ol>
 * <li>{@link io.taobus.inbox.Inbox#accept accept}: a writer thread collects what arrives within a short
 * window (up to 64 rows: what queued while the previous commit ran) and commits it in one transaction; the caller's stage completes
 * only after that commit. A new row is born {@code pending}, claimed by this node under a lease, at
 * attempt 1 ({@link io.taobus.inbox.Admission.Accepted}); the caller dispatches it from memory.</li>
 * <li>While its cascade runs the node renews the leases of every row it holds with one statement per
 * interval; {@link io.taobus.inbox.Inbox#finished finished} marks it {@code completed} or
 * {@code failed} in batches, fenced by the attempt number so that a node whose lease was taken over
 * cannot overwrite the new owner's outcome.</li>
 * <li>A row whose lease expired (its node crashed, or {@link io.taobus.inbox.Inbox#released released}
 * it) is claimed by any node with {@code FOR UPDATE SKIP LOCKED} on the database clock, its attempt
 * count raised at claim, and handed to a {@link io.taobus.inbox.Redispatcher} by
 * {@link io.taobus.inbox.InboxRecovery}; past the maximum attempts it is {@code dead} instead.</li>
 * <li>A resend of a {@code failed} or {@code dead} delivery runs it again
 * ({@link io.taobus.inbox.Admission.Rerun}); a resend of a {@code pending} or {@code completed} one is a
 * {@link io.taobus.inbox.Admission.Duplicate}. Operators replay rows; retention empties bodies and then
 * deletes rows in small batches.</li>
 * </ol>
 *
 * <p>This package depends on the JDK, JDBC (with HikariCP for the embedded pool), SLF4J and JSpecify
 * only, as ArchUnit checks; the Spring wiring lives in {@code io.taobus.autoconfigure.InboxConfiguration}.
 */
@NullMarked
package io.taobus.inbox;

import org.jspecify.annotations.NullMarked;
