package io.taobus.api;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;

import io.taobus.E2eSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Swagger UI in a real browser (Debian's headless chromium through its chromedriver, installed by
 * {@code .ci/chromium-up}): authorize with the token, "Try it out" on {@code POST /tao/appcons} and see
 * the 202 acknowledgement, on {@code POST /tao/context} and see the response AppCon, then a webhook delivery on the unsigned {@code open} source and a GitHub
 * delivery signed by a pasted {@code X-Hub-Signature-256}, each 202, the signature's format shown as
 * text, and a question to the unsigned {@code quotes} source of {@code reply.mode: sync}, answered 200 with
 * the quote desk's response; then {@code GET /tao/deliveries} with no {@code Authorization} input of its own (the Authorize
 * button's token is sent) and its {@code status} a choice of the statuses, 200. Skipped with a message without
 * chromium, unless {@code TAOBUS_REQUIRE_BROWSER=true}. Leaves a screenshot in target/swagger-ui.png.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		// an unsigned source of reply.mode sync whose deliveries are the quote desk's questions
		"taobus.webhooks.sources.quotes.type=none", "taobus.webhooks.sources.quotes.allow-unsigned=true",
		"taobus.webhooks.sources.quotes.term=Quote", "taobus.webhooks.sources.quotes.action=Ask",
		"taobus.webhooks.sources.quotes.orient=Api", "taobus.webhooks.sources.quotes.delivery-id=json:/id",
		"taobus.webhooks.sources.quotes.reply.mode=sync" })
@ActiveProfiles("e2e")
@Import(E2eSupport.Config.class)
class SwaggerUiBrowserTests {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	@LocalServerPort
	int port;

	ChromeDriver browser;

	WebDriverWait wait;

	@BeforeEach
	void startTheBrowser() {
		boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if (!installed && "true".equals(System.getenv("TAOBUS_REQUIRE_BROWSER"))) {
			throw new IllegalStateException("TAOBUS_REQUIRE_BROWSER=true but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing");
		}
		Assumptions.assumeTrue(installed,
				"no chromium/chromedriver: the browser test is skipped (.ci/chromium-up installs Debian's chromium chromium-driver)");
		System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--window-size=1280,2000");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
		this.wait = new WebDriverWait(this.browser, Duration.ofSeconds(60));
	}

	@AfterEach
	void stopTheBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void authorizeTryTheAppConApiAndTwoWebhooks() throws Exception {
		this.browser.get("http://127.0.0.1:" + this.port + "/swagger-ui.html");
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".info .title"), "taobus"));
		authorize("test-api-token");

		WebElement appCons = tryItOut("/tao/appcons");
		assertThat(appCons.findElement(By.cssSelector("textarea.body-param__text")).getAttribute("value")).contains("\"App\"");
		execute(appCons, "202");
		String acknowledgement = responseBody(appCons);
		assertThat(acknowledgement).contains("\"source\": \"api\"").contains("\"term\": \"App\"").contains("\"orient\": \"Portal\"");
		screenshot(appCons.findElement(By.cssSelector(".live-responses-table")));

		// request and response: the demonstration's quote desk answers the example's question
		WebElement context = tryItOut("/tao/context");
		assertThat(context.findElement(By.cssSelector("textarea.body-param__text")).getAttribute("value")).contains("\"Quote\"");
		execute(context, "200");
		assertThat(responseBody(context)).contains("\"action\": \"Given\"").contains("\"symbol\": \"ACME\"")
			.contains("\"price\": 49");

		WebElement webhooks = tryItOut("/webhooks/{source}");
		param(webhooks, "source", "open");
		body(webhooks, "{\"type\":\"invoice.paid\",\"id\":\"" + UUID.randomUUID() + "\"}");
		execute(webhooks, "202");
		assertThat(responseBody(webhooks)).contains("\"source\": \"open\"").contains("\"term\": \"invoice\"");

		String push = "{\"ref\":\"refs/heads/ui-" + UUID.randomUUID() + "\"}";
		param(webhooks, "source", "github");
		param(webhooks, "X-GitHub-Event", "push");
		param(webhooks, "X-GitHub-Delivery", UUID.randomUUID().toString());
		// the signature's format reads as text, its <placeholder> not taken for an HTML tag
		assertThat(webhooks.findElement(By.cssSelector("tr[data-param-name='X-Hub-Signature-256'] .parameters-col_description"))
			.getText()).contains("GitHub: sha256=<hex HMAC-SHA256 of the body>");
		param(webhooks, "X-Hub-Signature-256",
				"sha256=" + E2eSupport.hex(E2eSupport.hmac(OpenApiExamplesTests.SECRET, push)));
		body(webhooks, push);
		execute(webhooks, "202");
		assertThat(responseBody(webhooks)).contains("\"source\": \"github\"").contains("\"term\": \"push\"");

		// a source of reply.mode sync: the delivery is stored, and answered with its response handler's response
		param(webhooks, "source", "quotes");
		body(webhooks, "{\"symbol\":\"ACME\",\"id\":\"" + UUID.randomUUID() + "\"}");
		execute(webhooks, "200");
		assertThat(responseBody(webhooks)).contains("\"symbol\": \"ACME\"").contains("\"price\": 49");

		// the deliveries API: authorized by the Authorize button alone, its status a choice
		WebElement deliveries = tryItOut("/tao/deliveries");
		assertThat(deliveries.findElements(By.cssSelector("tr[data-param-name='Authorization']"))).isEmpty();
		Select status = new Select(deliveries.findElement(By.cssSelector("tr[data-param-name='status'] select")));
		assertThat(status.getOptions()).extracting(WebElement::getText).contains("pending", "completed", "failed", "dead");
		status.selectByVisibleText("completed");
		execute(deliveries, "200");
		assertThat(responseBody(deliveries)).contains("\"deliveries\"");
	}

	void authorize(String token) {
		this.browser.findElement(By.cssSelector(".auth-wrapper button.authorize")).click();
		WebElement modal = this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-ux")));
		modal.findElement(By.cssSelector("input")).sendKeys(token);
		modal.findElement(By.cssSelector("button[type='submit']")).click();
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-ux button.btn-done"))).click();
		this.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal-ux")));
	}

	WebElement tryItOut(String path) {
		WebElement summary = this.browser.findElement(By.cssSelector(".opblock-summary-path[data-path='" + path + "']"));
		WebElement operation = summary.findElement(By.xpath("ancestor::div[contains(concat(' ', @class, ' '), ' opblock ')]"));
		summary.click();
		this.wait.until(ExpectedConditions.elementToBeClickable(operation.findElement(By.cssSelector("button.try-out__btn")))).click();
		this.wait.until((driver) -> !operation.findElements(By.cssSelector("button.execute")).isEmpty());
		return operation;
	}

	void param(WebElement operation, String name, String value) {
		WebElement input = operation.findElement(By.cssSelector("tr[data-param-name='" + name + "'] input"));
		input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
		input.sendKeys(value);
	}

	void body(WebElement operation, String json) {
		WebElement textarea = operation.findElement(By.cssSelector("textarea.body-param__text"));
		textarea.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
		textarea.sendKeys(json);
		this.wait.until((driver) -> json.equals(textarea.getAttribute("value")));
	}

	void execute(WebElement operation, String status) {
		operation.findElements(By.cssSelector(".btn-clear")).forEach(WebElement::click);
		operation.findElement(By.cssSelector("button.execute")).click();
		By live = By.cssSelector(".live-responses-table .response .response-col_status");
		this.wait.until((driver) -> !operation.findElements(live).isEmpty()
				&& !operation.findElement(live).getText().isBlank());
		assertThat(operation.findElement(live).getText()).as(responseBody(operation)).startsWith(status);
	}

	String responseBody(WebElement operation) {
		return operation.findElement(By.cssSelector(".live-responses-table .response-col_description pre")).getText();
	}

	void screenshot(WebElement shown) throws Exception {
		this.browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", shown);
		File file = this.browser.getScreenshotAs(OutputType.FILE);
		Files.copy(file.toPath(), Path.of("target/swagger-ui.png"), StandardCopyOption.REPLACE_EXISTING);
	}

}
