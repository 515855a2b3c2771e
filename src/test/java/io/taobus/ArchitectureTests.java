package io.taobus;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The package rules, so that the packages show the flow of a delivery: {@code webhook} and {@code api}
 * take it in through {@code ingestion}, which stores it in the {@code inbox} and runs it on the
 * {@code tao} bus. The core depends on the JDK and JSpecify only; every dependency points down that
 * flow; nothing but the wiring in {@code config} knows {@code webhook}, and nothing knows {@code config};
 * a webhook provider is a leaf.
 */
class ArchitectureTests {

	static final JavaClasses CLASSES = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.taobus");

	@Test
	void taoCoreDependsOnNothingButTheJdkAndJSpecify() {
		noClasses().that().resideInAPackage("io.taobus.tao..")
			.should().dependOnClassesThat().resideOutsideOfPackages("io.taobus.tao..", "java..", "org.jspecify..")
			.check(CLASSES);
	}

	@Test
	void inboxIsPlainJavaJdbcAndFlywayOnTheTaoCoreOnly() {
		noClasses().that().resideInAPackage("io.taobus.inbox..")
			.should().dependOnClassesThat().resideOutsideOfPackages("io.taobus.inbox..", "io.taobus.tao..", "java..",
					"javax.sql..", "org.slf4j..", "org.jspecify..", "com.zaxxer.hikari..", "org.flywaydb..")
			.check(CLASSES);
	}

	@Test
	void ingestionDependsOnTheInboxAndTheTaoCoreOnly() {
		ours("io.taobus.ingestion..", "io.taobus.inbox..", "io.taobus.tao..");
	}

	@Test
	void nothingDependsOnWebhookButConfig() {
		noClasses().that().resideOutsideOfPackages("io.taobus.webhook..", "io.taobus.autoconfigure..")
			.should().dependOnClassesThat().resideInAPackage("io.taobus.webhook..")
			.check(CLASSES);
	}

	@Test
	void webhookProvidersAreLeavesOnIngestionOnly() {
		ours("io.taobus.webhook.provider..", "io.taobus.ingestion..");
	}

	@Test
	void apiDoesNotDependOnWebhook() {
		noClasses().that().resideInAPackage("io.taobus.api..")
			.should().dependOnClassesThat().resideInAPackage("io.taobus.webhook..")
			.check(CLASSES);
	}

	@Test
	void theLibraryDoesNotDependOnTheService() {
		noClasses().that().resideOutsideOfPackage("io.taobus.server..")
			.should().dependOnClassesThat().resideInAPackage("io.taobus.server..")
			.check(CLASSES);
	}

	@Test
	void onlyTheServiceDependsOnTheAutoConfiguration() {
		noClasses().that().resideOutsideOfPackages("io.taobus.autoconfigure..", "io.taobus.server..")
			.should().dependOnClassesThat().resideInAPackage("io.taobus.autoconfigure..")
			.check(CLASSES);
	}

	@Test
	void theDevProfileDependsOnNothingOfOurs() {
		ours("io.taobus.dev..");
	}

	@Test
	void observabilityAdaptsTheCoreTheInboxAndIngestionOnly() {
		ours("io.taobus.observability..", "io.taobus.tao..", "io.taobus.inbox..", "io.taobus.ingestion..");
	}

	@Test
	void ingestionDoesNotKnowObservability() {
		noClasses().that().resideInAnyPackage("io.taobus.webhook..", "io.taobus.ingestion..", "io.taobus.api..")
			.should().dependOnClassesThat().resideInAnyPackage("io.taobus.observability..", "io.micrometer.core..")
			.check(CLASSES);
	}

	@Test
	void examplesUseThePublicSurfaceOnly() {
		ours("io.taobus.server.example..", "io.taobus.tao..", "io.taobus.handler..");
	}

	/** Classes of a package depend, of taobus's own, on themselves and the allowed packages only. */
	private static void ours(String packages, String... allowed) {
		String[] own = new String[allowed.length + 1];
		own[0] = packages;
		System.arraycopy(allowed, 0, own, 1, allowed.length);
		noClasses().that().resideInAPackage(packages)
			.should().dependOnClassesThat(resideInAPackage("io.taobus..").and(resideOutsideOfPackages(own)))
			.check(CLASSES);
	}

}
