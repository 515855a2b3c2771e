package com.acme.billing;

import io.taobus.handler.TaoInline;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Books each paid invoice once: a TAO handler on Stripe's {@code invoice.paid} (term {@code invoice},
 * action {@code paid}), writing to the application's own table, which its own Flyway migration created
 * on the database the inbox shares.
 */
@Component
public class Payments {

	private final JdbcClient jdbc;

	public Payments(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@TaoInline(term = "invoice", action = "paid")
	public void book(InvoicePaid event) {
		InvoicePaid.Invoice invoice = event.data().object();
		this.jdbc.sql("INSERT INTO payments (invoice_id, customer, amount, currency) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
			.params(invoice.id(), invoice.customer(), invoice.amountPaid(), invoice.currency())
			.update();
	}

	public long booked(String invoiceId) {
		return this.jdbc.sql("SELECT amount FROM payments WHERE invoice_id = ?").param(invoiceId).query(Long.class)
			.optional()
			.orElse(-1L);
	}

}
