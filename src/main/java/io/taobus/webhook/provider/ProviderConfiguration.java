package io.taobus.webhook.provider;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The providers taobus ships, one bean each; a provider of the application's own is any other
 * {@link WebhookProvider} bean. Adding a provider here is adding its file, its tests and its line below;
 * its {@code @Order} places its headers in the OpenAPI document.
 */
@Configuration(proxyBeanMethods = false)
@Import({ GitHubProvider.class, StripeProvider.class, SlackProvider.class, ShopifyProvider.class,
		StandardWebhooksProvider.class, CloudEventsProvider.class, HmacSha256Provider.class, NoneProvider.class })
public class ProviderConfiguration {

}
