package io.taobus.handler;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import io.taobus.tao.AppCon;
import io.taobus.tao.HandlerInfo;
import io.taobus.tao.HandlerKind;
import io.taobus.tao.Kernel;
import io.taobus.tao.Trigram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code taobus.handlers.packages}: a handler bean in the user's own package ({@code com.acme}, a test
 * package here) is registered when the property names it and not otherwise; a named package without
 * a handler is a WARN; one INFO block lists every registration; a handler jar on the loader path whose
 * package no scan reaches is named in a WARN with the setting to add.
 */
@ExtendWith(OutputCaptureExtension.class)
class HandlerPackagesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(KernelConfig.class, HandlerConfiguration.class, LoaderPath.class);

	@Test
	void aHandlerInTheUsersPackageIsRegisteredAndRunsWhenThePackageIsConfigured(CapturedOutput output) {
		this.runner.withPropertyValues("taobus.handlers.packages=com.acme").run((context) -> {
			Kernel kernel = context.getBean(Kernel.class);
			assertThat(kernel.registrations()).containsExactlyInAnyOrder(
					new HandlerInfo(Trigram.of("invoice", "paid", "*"), HandlerKind.INLINE, "AcmeHandlers#book"),
					new HandlerInfo(Trigram.of("invoice", "*", "*"), HandlerKind.INTERCEPT, "AcmeHandlers#guard"));
			kernel.setAppCon(new AppCon(Trigram.of("invoice", "paid", "books"), "inv-1", null, null));
			assertThat(kernel.awaitIdle(Duration.ofSeconds(30))).isTrue();
			assertThat(context.getBean("acmeHandlers")).extracting("seen").asList().hasSize(1);
		});
		assertThat(output.getOut()).contains("TAO handlers registered: 2")
			.containsPattern("\\n  intercept invoice\\|\\*\\|\\*\\s+AcmeHandlers#guard")
			.containsPattern("\\n  inline\\s+invoice\\|paid\\|\\*\\s+AcmeHandlers#book")
			.doesNotContain("No TAO handler found");
	}

	@Test
	void withoutThePropertyTheUsersPackageIsNotScanned(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean("acmeHandlers");
			assertThat(context.getBean(Kernel.class).registrations()).isEmpty();
		});
		assertThat(output.getOut()).contains("TAO handlers registered: 0").doesNotContain("No TAO handler found");
	}

	@Test
	void aConfiguredPackageWithoutAHandlerIsAWarning(CapturedOutput output) {
		this.runner.withPropertyValues("taobus.handlers.packages=com.acme, com.nowhere").run((context) -> {
			assertThat(context).hasNotFailed().hasBean("acmeHandlers");
		});
		assertThat(output.getOut()).containsPattern("WARN .*No TAO handler found in package com.nowhere of taobus.handlers.packages")
			.doesNotContain("package com.acme of");
	}

	@Test
	void aHandlerJarOnTheLoaderPathInAPackageNotScannedIsNamed(@TempDir Path work, CapturedOutput output) throws Exception {
		Path extensions = work.resolve("extensions");
		Path jar = HandlerJar.build(work.resolve("build"), extensions);
		// as LOADER_PATH=extensions from the service's directory: a directory, read with its jars
		this.runner.withSystemProperties("loader.path=extensions", "loader.home=" + work)
			.withPropertyValues("taobus.handlers.packages=com.other")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.getOut()).containsPattern("WARN .*TAO handler classes on the loader path are in package com.acme,"
				+ " which taobus does not scan")
			.contains("com.acme.ShippingHandlers (" + jar + ")")
			.contains("Add the package to taobus.handlers.packages (TAOBUS_HANDLERS_PACKAGES=com.other,com.acme)");
	}

	@Test
	void aHandlerJarOnTheLoaderPathInAScannedPackageIsNotAWarning(@TempDir Path work, CapturedOutput output) throws Exception {
		Path jar = HandlerJar.build(work.resolve("build"), work.resolve("extensions"));
		this.runner.withSystemProperties("loader.path=" + jar + ", " + work.resolve("missing"))
			.withPropertyValues("taobus.handlers.packages=com.acme")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.getOut()).doesNotContain("TAO handler classes on the loader path")
			.containsPattern("WARN .*" + Pattern.quote(work.resolve("missing") + " of loader.path does not exist"));
	}

	@Configuration(proxyBeanMethods = false)
	static class KernelConfig {

		@Bean(destroyMethod = "close")
		Kernel kernel() {
			return Kernel.builder().build();
		}

	}

	/** What the service's main class imports: the scan of the packages a handler jar brings. */
	@Import(HandlerPackagesRegistrar.class)
	static class LoaderPath {

	}

}
