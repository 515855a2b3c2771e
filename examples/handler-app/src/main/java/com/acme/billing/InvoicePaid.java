package com.acme.billing;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The part of Stripe's {@code invoice.paid} event this application reads; Jackson binds it from the body. */
public record InvoicePaid(String id, Data data) {

	public record Data(Invoice object) {

	}

	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Invoice(String id, String customer, long amountPaid, String currency) {

	}

}
