/**
 * The test kit, shipped as the {@code test-kit} classified jar of {@code io.taobus:taobus} (test scope
 * in a user's build; never in the library's jar, nor the service's): {@link io.taobus.test.TaoScenario}
 * sets an AppCon on a kernel and asserts its handler calls and chained AppCons, recorded by
 * {@link io.taobus.test.TaoRecorder}; {@link io.taobus.test.WebhookSigner} signs deliveries as each
 * provider would for tests of the whole HTTP path. It needs no test framework: a failed expectation is an
 * {@link java.lang.AssertionError}.
 */
@NullMarked
package io.taobus.test;

import org.jspecify.annotations.NullMarked;
