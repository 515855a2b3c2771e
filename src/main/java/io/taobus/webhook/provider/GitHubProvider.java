package io.taobus.webhook.provider;

import java.util.List;

import org.springframework.core.annotation.Order;
import org.springframework.util.unit.DataSize;

/**
 * GitHub: {@code X-Hub-Signature-256: sha256=<hex>}, the HMAC-SHA256 of the body alone (no timestamp,
 * so the replay defence applies); the event in {@code X-GitHub-Event} is the term, the payload's
 * {@code action} the action, and {@code X-GitHub-Delivery} the delivery id. Its bodies reach 25 MB.
 */
@Order(1)
final class GitHubProvider implements WebhookProvider {

	@Override
	public String type() {
		return "github";
	}

	@Override
	public Verifier verifier(SourceSettings source) {
		return new BodyHmacVerifier("X-Hub-Signature-256", "sha256=", Signatures::hex, source.secrets());
	}

	@Override
	public Mapping mapping(String source) {
		return new Mapping("header:X-GitHub-Event", "json:/action|received", "github", "header:X-GitHub-Delivery");
	}

	@Override
	public List<String> eventHeaderPrefixes() {
		return List.of("x-github-");
	}

	@Override
	public List<Header> documentedHeaders() {
		return List.of(new Header("X-Hub-Signature-256", "GitHub: `sha256=<hex HMAC-SHA256 of the body>`"),
				new Header("X-GitHub-Event", "GitHub: the event, the AppCon's term (push, issues, …)"),
				new Header("X-GitHub-Delivery", "GitHub: the delivery id, deduplicated"));
	}

	@Override
	public boolean signsBodyOnly() {
		return true;
	}

	/** GitHub caps its payloads at 25 MB (a push of many commits), and does not send larger ones. */
	@Override
	public DataSize maxBodySize() {
		return DataSize.ofMegabytes(25);
	}

}
