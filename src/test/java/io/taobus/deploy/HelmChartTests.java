package io.taobus.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Helm chart, linted and rendered by a real helm (through helm-java) for the default values (one
 * pod on the embedded store, an emptyDir at /data), with persistence (a claim), and for a values file
 * with ServiceMonitor, HPA, an existing Secret and PostgreSQL; the manifests are parsed as Kubernetes
 * objects and checked, and the schema refuses replicas on the embedded store.
 */
class HelmChartTests {

	static final Path CHART = Path.of("helm/taobus");

	static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

	static List<HasMetadata> render(Path valuesFile) {
		return render(valuesFile, Map.of());
	}

	static List<HasMetadata> render(Path valuesFile, Map<String, Object> values) {
		// no cluster here: helm-java's template, unlike the helm CLI's, would try to reach one for lookup
		var template = new Helm(CHART).template().withName("taobus").withNamespace("events").withKubeVersion("1.33.0")
			.set("clusterLookup", false);
		if (valuesFile != null) {
			template = template.withValuesFile(valuesFile);
		}
		for (Map.Entry<String, Object> value : values.entrySet()) {
			template = template.set(value.getKey(), value.getValue());
		}
		return parse(template.call());
	}

	static List<HasMetadata> parse(String manifests) {
		List<HasMetadata> objects = new ArrayList<>();
		for (String document : manifests.split("(?m)^---\\s*$")) {
			if (!document.isBlank() && document.contains("kind:")) {
				objects.add(SERIALIZATION.unmarshal(document));
			}
		}
		return objects;
	}

	static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
		return objects.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
	}

	@Test
	void lintsCleanly() {
		LintResult result = new Helm(CHART).lint().strict().call();
		assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
	}

	@Test
	void defaultValuesRenderAHardenedDeploymentWithProbesAndItsOwnSecret() throws Exception {
		List<HasMetadata> objects = render(null);
		assertThat(objects).extracting(HasMetadata::getKind)
			.containsExactlyInAnyOrder("ServiceAccount", "Secret", "ConfigMap", "Service", "Deployment");
		Deployment deployment = one(objects, Deployment.class);
		PodSpec pod = deployment.getSpec().getTemplate().getSpec();
		// the embedded store: one pod, replaced after the old one released the file, on an emptyDir at /data
		assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
		assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
		assertThat(pod.getVolumes()).filteredOn((volume) -> volume.getName().equals("data"))
			.singleElement()
			.satisfies((volume) -> assertThat(volume.getEmptyDir()).isNotNull());
		assertThat(pod.getContainers().get(0).getVolumeMounts()).filteredOn((mount) -> mount.getName().equals("data"))
			.singleElement()
			.satisfies((mount) -> assertThat(mount.getMountPath()).isEqualTo("/data"));
		assertThat(pod.getContainers().get(0).getEnv()).extracting(EnvVar::getName)
			.contains("TAOBUS_INBOX_DIRECTORY")
			.doesNotContain("SPRING_DATASOURCE_URL");
		assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001);
		assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
		assertThat(pod.getAutomountServiceAccountToken()).isFalse();
		Container container = pod.getContainers().get(0);
		assertThat(container.getImage()).isEqualTo("taobus:0.1.0");
		assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
		assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
		assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
		assertThat(container.getPorts()).extracting((port) -> port.getName() + "=" + port.getContainerPort())
			.containsExactly("http=8080", "management=8081");
		assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/livez");
		assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
		assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/livez");
		// the probes ask the management port, where the jar serves actuator
		for (var probe : List.of(container.getLivenessProbe(), container.getReadinessProbe(), container.getStartupProbe())) {
			assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
		}
		assertThat(one(objects, Service.class).getSpec().getPorts())
			.extracting((port) -> port.getName() + "=" + port.getPort() + "->" + port.getTargetPort().getStrVal())
			.containsExactly("http=8080->http", "management=8081->management");
		assertThat(container.getVolumeMounts()).anySatisfy((mount) -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
		assertThat(pod.getVolumes()).anySatisfy((volume) -> assertThat(volume.getEmptyDir()).isNotNull());
		EnvVar jvm = container.getEnv().stream().filter((env) -> env.getName().equals("JAVA_TOOL_OPTIONS")).findFirst().orElseThrow();
		// the chart's default JVM options are the image's own
		assertThat(Files.readString(Path.of("Dockerfile"))).contains("ENV JAVA_TOOL_OPTIONS=\"" + jvm.getValue() + "\"");
		assertThat(jvm.getValue()).contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");
		assertThat(container.getEnvFrom()).singleElement()
			.satisfies((from) -> assertThat(from.getSecretRef().getName()).isEqualTo("taobus"));
		Secret secret = one(objects, Secret.class);
		assertThat(secret.getData()).containsOnlyKeys("TAOBUS_API_TOKEN");
		assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).containsKeys("checksum/config",
				"checksum/secret");
		Map<String, String> selector = one(objects, Service.class).getSpec().getSelector();
		assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector);
		assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(selector);
		assertThat(deployment.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "taobus")
			.containsKey("helm.sh/chart");
	}

	@Test
	void fullValuesRenderHpaServiceMonitorAndUseTheExistingSecret() {
		List<HasMetadata> objects = render(Path.of("src/test/resources/helm/full-values.yaml"));
		assertThat(objects).extracting(HasMetadata::getKind).doesNotContain("Secret").contains("HorizontalPodAutoscaler");
		Deployment deployment = one(objects, Deployment.class);
		assertThat(deployment.getSpec().getReplicas()).isNull();
		assertThat(deployment.getSpec().getStrategy()).isNull();
		assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes()).extracting((volume) -> volume.getName())
			.doesNotContain("data");
		assertThat(objects).extracting(HasMetadata::getKind).contains("PodDisruptionBudget").doesNotContain("PersistentVolumeClaim");
		HorizontalPodAutoscaler hpa = one(objects, HorizontalPodAutoscaler.class);
		assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
		assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
		assertThat(hpa.getSpec().getMetrics()).extracting((metric) -> metric.getType()).containsExactly("Resource", "Pods");
		assertThat(hpa.getSpec().getMetrics().get(1).getPods().getMetric().getName()).isEqualTo("tao_dispatch_pending");
		assertThat(hpa.getSpec().getMetrics().get(1).getPods().getTarget().getAverageValue().toString()).isEqualTo("1000");
		GenericKubernetesResource monitor = custom(objects, "ServiceMonitor");
		assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
		Map<?, ?> spec = (Map<?, ?>) monitor.getAdditionalProperties().get("spec");
		assertThat((List<?>) spec.get("endpoints")).singleElement()
			.isEqualTo(Map.of("port", "management", "path", "/actuator/prometheus", "interval", "30s"));
		Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
		assertThat(container.getEnvFrom()).singleElement()
			.satisfies((from) -> assertThat(from.getSecretRef().getName()).isEqualTo("taobus-credentials"));
		assertThat(container.getEnv()).filteredOn((env) -> env.getValueFrom() != null)
			.extracting((env) -> env.getName() + "=" + env.getValueFrom().getSecretKeyRef().getName() + "/"
					+ env.getValueFrom().getSecretKeyRef().getKey())
			.containsExactlyInAnyOrder("SPRING_DATASOURCE_USERNAME=taobus-db/username", "SPRING_DATASOURCE_PASSWORD=taobus-db/password");
		assertThat(container.getEnv()).filteredOn((env) -> env.getName().equals("SPRING_DATASOURCE_URL"))
			.singleElement()
			.satisfies((env) -> assertThat(env.getValue()).isEqualTo("jdbc:postgresql://db.events:5432/taobus"));
		assertThat(container.getEnv()).extracting(EnvVar::getName).doesNotContain("TAOBUS_INBOX_DIRECTORY");
		String config = one(objects, ConfigMap.class).getData().get("application.yml");
		assertThat(config).contains("stripe-live:", "type: stripe", "tolerance: 10m", "allow-unsigned: true")
			.doesNotContain("secret:", "secrets:");
	}

	@Test
	void thePrometheusRuleCarriesTheShippedAlertingRulesAsTheyAre() throws Exception {
		GenericKubernetesResource rule = custom(render(Path.of("src/test/resources/helm/full-values.yaml")), "PrometheusRule");
		assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
		assertThat(rule.getMetadata().getLabels()).containsEntry("release", "prometheus");
		Map<?, ?> shipped = new org.yaml.snakeyaml.Yaml().load(Files.readString(Path.of("deploy/prometheus/alerts.yml")));
		Map<?, ?> spec = (Map<?, ?>) rule.getAdditionalProperties().get("spec");
		assertThat(spec.get("groups")).as("the rules of deploy/prometheus/alerts.yml, templates left for Prometheus")
			.isEqualTo(shipped.get("groups"));
		assertThat(spec.toString()).contains("TaobusDeliveriesDead", "{{ $labels.handler }}");
		assertThat(render(null)).extracting(HasMetadata::getKind).as("off by default").doesNotContain("PrometheusRule");
	}

	/** The one object of a custom resource's kind. */
	static GenericKubernetesResource custom(List<HasMetadata> objects, String kind) {
		return objects.stream()
			.filter((object) -> object instanceof GenericKubernetesResource && kind.equals(object.getKind()))
			.map(GenericKubernetesResource.class::cast)
			.reduce((one, two) -> {
				throw new AssertionError("more than one " + kind);
			})
			.orElseThrow(() -> new AssertionError("no " + kind));
	}

	@Test
	void theBodyLimitIsLeftToTheProvidersUnlessSet() {
		// unset, each source gets what its provider sends (GitHub 25MB); set, it is every source's limit
		assertThat(one(render(null), ConfigMap.class).getData().get("application.yml")).doesNotContain("max-body-size");
		assertThat(one(renderSet(Map.of("taobus.maxBodySize", "5MB")), ConfigMap.class).getData().get("application.yml"))
			.contains("max-body-size: 5MB");
	}

	@Test
	void persistenceKeepsTheEmbeddedStoreOnAClaim() {
		List<HasMetadata> objects = HelmChartTests.renderSet(Map.of("persistence.enabled", "true", "persistence.size", "5Gi"));
		PersistentVolumeClaim claim = one(objects, PersistentVolumeClaim.class);
		assertThat(claim.getMetadata().getName()).isEqualTo("taobus-data");
		assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("5Gi");
		assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
		PodSpec pod = one(objects, Deployment.class).getSpec().getTemplate().getSpec();
		assertThat(pod.getVolumes()).filteredOn((volume) -> volume.getName().equals("data"))
			.singleElement()
			.satisfies((volume) -> assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo("taobus-data"));
		List<HasMetadata> existing = HelmChartTests.renderSet(Map.of("persistence.enabled", "true", "persistence.existingClaim", "mine"));
		assertThat(existing).extracting(HasMetadata::getKind).doesNotContain("PersistentVolumeClaim");
		assertThat(one(existing, Deployment.class).getSpec().getTemplate().getSpec().getVolumes())
			.filteredOn((volume) -> volume.getName().equals("data"))
			.singleElement()
			.satisfies((volume) -> assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo("mine"));
	}

	@Test
	void notesWarnThatAnEmptyDirDiesWithThePod() throws Exception {
		// helm template does not print NOTES: the template's own text carries the warning and its remedies
		assertThat(Files.readString(CHART.resolve("templates/NOTES.txt"))).contains(
				"emptyDir (/data), which dies with the pod", "persistence.enabled=true", "postgresql.url");
	}

	static List<HasMetadata> renderSet(Map<String, String> values) {
		var template = new Helm(CHART).template().withName("taobus").withNamespace("events").withKubeVersion("1.33.0")
			.set("clusterLookup", false).set("taobus.apiToken", "chart-test-token");
		for (Map.Entry<String, String> value : values.entrySet()) {
			template = template.set(value.getKey(), value.getValue());
		}
		return parse(template.call());
	}

	@Test
	void schemaRefusesReplicasOrAutoscalingOnTheEmbeddedStore() {
		assertThatThrownBy(() -> new Helm(CHART).template().withName("taobus").withKubeVersion("1.33.0").set("clusterLookup", false).set("replicaCount", 2).call())
			.hasMessageContaining("replicaCount");
		assertThatThrownBy(() -> new Helm(CHART).template().withName("taobus").withKubeVersion("1.33.0").set("clusterLookup", false)
			.set("autoscaling.enabled", true)
			.call()).hasMessageContaining("autoscaling");
		// a PostgreSQL URL needs its credentials' Secret
		assertThatThrownBy(() -> new Helm(CHART).template().withName("taobus").withKubeVersion("1.33.0").set("clusterLookup", false)
			.set("postgresql.url", "jdbc:postgresql://db:5432/taobus")
			.call()).hasMessageContaining("existingSecret");
		assertThatThrownBy(() -> new Helm(CHART).template().withName("taobus").withKubeVersion("1.33.0").set("clusterLookup", false)
			.set("postgresql.url", "mysql://db")
			.set("postgresql.existingSecret", "db")
			.call()).hasMessageContaining("url");
		// with PostgreSQL, replicas are fine
		assertThat(HelmChartTests.renderSet(Map.of("replicaCount", "3", "postgresql.url", "jdbc:postgresql://db:5432/taobus",
				"postgresql.existingSecret", "db")))
			.extracting(HasMetadata::getKind)
			.contains("PodDisruptionBudget");
	}

	@Test
		void shutdownWaitsInPreStopAndTheGracePeriodCoversEveryStep() {
		PodSpec pod = one(render(null), Deployment.class).getSpec().getTemplate().getSpec();
		Container container = pod.getContainers().get(0);
		assertThat(container.getLifecycle().getPreStop().getSleep().getSeconds()).isEqualTo(10L);
		assertThat(container.getLifecycle().getPreStop().getExec()).isNull();
		// preStop 10 + web server 30 + kernel drain 30 + margin 5
		assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(75L);
		assertThat(container.getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
			.contains(org.assertj.core.groups.Tuple.tuple("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE", "30s"),
					org.assertj.core.groups.Tuple.tuple("TAOBUS_KERNEL_CLOSE_TIMEOUT", "30s"));

		PodSpec exec = one(render(null, Map.of("shutdown.nativeSleep", false, "shutdown.preStopSeconds", 20,
				"shutdown.drainSeconds", 60)), Deployment.class).getSpec().getTemplate().getSpec();
		assertThat(exec.getContainers().get(0).getLifecycle().getPreStop().getExec().getCommand())
			.containsExactly("sh", "-c", "sleep 20");
		assertThat(exec.getContainers().get(0).getLifecycle().getPreStop().getSleep()).isNull();
		assertThat(exec.getTerminationGracePeriodSeconds()).isEqualTo(20L + 30 + 60 + 5);

		PodSpec none = one(render(null, Map.of("shutdown.preStopSeconds", 0)), Deployment.class).getSpec()
			.getTemplate().getSpec();
		assertThat(none.getContainers().get(0).getLifecycle()).isNull();
		assertThat(none.getTerminationGracePeriodSeconds()).isEqualTo(65L);
		assertThatThrownBy(() -> render(null, Map.of("shutdown.drainSeconds", 0))).hasMessageContaining("drainSeconds");
	}

	@Test
	void schemaRefusesBadValues() {
		assertThatThrownBy(() -> new Helm(CHART).template().withName("taobus").withKubeVersion("1.33.0").set("clusterLookup", false).set("taobus.sources.x.type", "telepathy").call())
			.hasMessageContaining("type");
		assertThatThrownBy(() -> new Helm(CHART).template().withName("taobus").withKubeVersion("1.33.0").set("clusterLookup", false).set("service.port", 70000).call())
			.hasMessageContaining("port");
	}

}
