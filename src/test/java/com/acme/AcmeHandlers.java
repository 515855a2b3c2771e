package com.acme;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.taobus.handler.TaoInline;
import io.taobus.handler.TaoIntercept;
import io.taobus.tao.AppCon;
import io.taobus.tao.Intercept;

import org.springframework.stereotype.Component;

/**
 * A user's handlers outside taobus's own package, as a newcomer writes them: found only when
 * {@code taobus.handlers.packages} names {@code com.acme}.
 */
@Component
class AcmeHandlers {

	final List<AppCon> seen = new CopyOnWriteArrayList<>();

	@TaoInline(term = "invoice", action = "paid")
	void book(AppCon appCon) {
		this.seen.add(appCon);
	}

	@TaoIntercept(term = "invoice")
	Intercept guard(AppCon appCon) {
		return Intercept.proceed();
	}

}
