package io.taobus.durability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The runs the kill tests' handlers recorded durably ({@code KillTestHandlers}): one line per handler
 * run, {@code <deliveryId> <attempt> <replay> <pid>}. A line cut by a SIGKILL is not a run.
 */
record Sink(Path file) {

	/**
	 * One recorded run.
	 * @param deliveryId the delivery
	 * @param attempt its attempt, from its metadata
	 * @param replay whether an operator replayed it
	 * @param pid the process that ran it
	 */
	record Run(String deliveryId, int attempt, boolean replay, long pid) {
	}

	List<Run> runs() throws IOException {
		if (!Files.exists(this.file)) {
			return List.of();
		}
		List<Run> runs = new ArrayList<>();
		String text = Files.readString(this.file, StandardCharsets.UTF_8);
		for (String line : text.split("\n", -1)) {
			String[] fields = line.split(" ");
			if (fields.length == 4 && !fields[3].isEmpty() && text.contains(line + "\n")) {
				runs.add(new Run(fields[0], Integer.parseInt(fields[1]), Boolean.parseBoolean(fields[2]),
						Long.parseLong(fields[3])));
			}
		}
		return runs;
	}

	Set<String> ids() throws IOException {
		return runs().stream().map(Run::deliveryId).collect(Collectors.toSet());
	}

	/** How many times each delivery ran. */
	Map<String, Long> counts() throws IOException {
		return runs().stream().collect(Collectors.groupingBy(Run::deliveryId, Collectors.counting()));
	}

}
