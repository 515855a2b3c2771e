package io.taobus;

import io.taobus.server.TaobusApplication;

import org.springframework.boot.SpringBootConfiguration;

/**
 * What a {@code @SpringBootTest} under {@code io.taobus} finds when it looks for its configuration: the
 * service's own main class, {@link TaobusApplication}, which lives in {@code io.taobus.server}, below
 * the packages the tests search from.
 */
@SpringBootConfiguration
class ServiceUnderTest extends TaobusApplication {

}
