package io.taobus;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The package rules: the tao core depends on the JDK and JSpecify only, and the features depend on
 * the core, never the reverse.
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
	void inboxIsPlainJavaAndJdbc() {
		noClasses().that().resideInAPackage("io.taobus.inbox..")
			.should().dependOnClassesThat().resideOutsideOfPackages("io.taobus.inbox..", "io.taobus.tao..", "java..",
					"javax.sql..", "org.slf4j..", "org.jspecify..", "com.zaxxer.hikari..")
			.check(CLASSES);
	}

	@Test
	void webhookIngestionDoesNotKnowObservability() {
		noClasses().that().resideInAPackage("io.taobus.webhook..")
			.should().dependOnClassesThat().resideInAnyPackage("io.taobus.observability..", "io.micrometer.core..")
			.check(CLASSES);
	}

	@Test
	void examplesUseThePublicSurfaceOnly() {
		noClasses().that().resideInAPackage("io.taobus.example..")
			.should().dependOnClassesThat().resideInAnyPackage("io.taobus.webhook..", "io.taobus.observability..", "io.taobus.config..")
			.check(CLASSES);
	}

}
