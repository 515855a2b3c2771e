package io.taobus.inbox;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The conditions on {@code inbox_delivery} rows that the operator's list, the bulk replay and its preview
 * share, in one place: the source, status and time filters, and the filter by a handler or an error class,
 * which matches a delivery with a <em>failing</em> call of that handler or class: one whose latest attempt
 * on the ledger is {@code failed} or {@code dead} (a call retried since with success, or rerun with its
 * delivery, no longer fails). A bulk replay without a status takes the failing rows only: the failed and
 * dead deliveries, and the settled ones with a failing call (an async call that went dead on a completed
 * cascade). {@code MemoryQueries} applies the same rules to the memory inbox's rows.
 */
final class DeliveryFilters {

	/** A call of the delivery (the outer row, {@code inbox_delivery}) whose latest attempt failed; {@code %s} its extra conditions. */
	private static final String FAILING_CALL = "EXISTS (SELECT 1 FROM inbox_handler_call c "
			+ "WHERE c.delivery_row = inbox_delivery.id AND c.status IN ('failed', 'dead')%s AND NOT EXISTS ("
			+ "SELECT 1 FROM inbox_handler_call l WHERE l.delivery_row = c.delivery_row AND l.call_id = c.call_id "
			+ "AND l.attempt > c.attempt))";

	private DeliveryFilters() {
	}

	/**
	 * Conditions to append after a {@code WHERE} that has a first condition of its own, each starting with
	 * {@code AND}, and the values of their parameters in order.
	 */
	record Where(String sql, List<Object> values) {

		Where {
			values = List.copyOf(values);
		}

	}

	/** The filters of a page of the list (its cursor is the caller's). */
	static Where list(DeliveryQuery query) {
		StringBuilder sql = new StringBuilder();
		List<Object> values = new ArrayList<>();
		if (query.source() != null) {
			sql.append(" AND source = ?");
			values.add(query.source());
		}
		if (query.status() != null) {
			sql.append(" AND status = ?");
			values.add(query.status().value());
		}
		if (query.since() != null) {
			sql.append(" AND received_at >= ?");
			values.add(DeliveryRows.timestamp(query.since()));
		}
		failingCall(sql, values, query.handler(), query.errorClass());
		return new Where(sql.toString(), values);
	}

	/** The rows a bulk replay marks: settled, their body kept, matching the filter. */
	static Where replay(ReplayFilter filter) {
		StringBuilder sql = new StringBuilder(" AND status <> 'pending' AND body IS NOT NULL");
		List<Object> values = new ArrayList<>();
		if (filter.source() != null) {
			sql.append(" AND source = ?");
			values.add(filter.source());
		}
		if (filter.status() != null) {
			sql.append(" AND status = ?");
			values.add(filter.status().value());
		}
		if (filter.from() != null) {
			sql.append(" AND received_at >= ?");
			values.add(DeliveryRows.timestamp(filter.from()));
		}
		if (filter.to() != null) {
			sql.append(" AND received_at < ?");
			values.add(DeliveryRows.timestamp(filter.to()));
		}
		if (filter.callFilter()) {
			failingCall(sql, values, filter.handler(), filter.errorClass());
		}
		else if (filter.status() == null) {
			sql.append(" AND (status IN ('failed', 'dead') OR ").append(FAILING_CALL.formatted("")).append(')');
		}
		return new Where(sql.toString(), values);
	}

	private static void failingCall(StringBuilder sql, List<Object> values, @Nullable String handler,
			@Nullable String errorClass) {
		if (handler == null && errorClass == null) {
			return;
		}
		StringBuilder call = new StringBuilder();
		if (handler != null) {
			call.append(" AND c.handler = ?");
			values.add(handler);
		}
		if (errorClass != null) {
			call.append(" AND c.error_class = ?");
			values.add(errorClass);
		}
		sql.append(" AND ").append(FAILING_CALL.formatted(call));
	}

}
