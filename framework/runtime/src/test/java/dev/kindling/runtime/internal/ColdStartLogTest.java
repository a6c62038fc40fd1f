package dev.kindling.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code cold_start} is true only on the first invocation of a process: checked in a fresh JVM,
 * since this one has run other tests' invocations already.
 */
class ColdStartLogTest {

  /** Three invocations of a batch entry, with nothing else on stdout. */
  public static void main(String[] args) throws IOException {
    LoggerFactory.getLogger("init").info("before any invocation");
    for (int i = 1; i <= 3; i++) {
      Batches.sqs(
          new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(Fixtures.event("sqs-event.json"))),
          new ByteArrayOutputStream(), StructuredLoggingTest.context("req-" + i), false, (record, context) -> {});
    }
  }

  @Test
  void onlyTheFirstInvocationOfAProcessIsCold() throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                ColdStartLogTest.class.getName())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();

    List<JsonNode> lines = new ArrayList<>();
    for (String line : output.split("\n")) {
      lines.add(Json.MAPPER.readTree(line));
    }
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0).has("cold_start")).as("init lines have no invocation fields").isFalse();
    assertThat(lines.get(0).has("function_request_id")).isFalse();
    assertThat(lines.subList(1, 4)).extracting(line -> line.get("message").asText()).containsOnly("Batch processed");
    assertThat(lines.subList(1, 4)).extracting(line -> line.get("function_request_id").asText())
        .containsExactly("req-1", "req-2", "req-3");
    assertThat(lines.subList(1, 4)).extracting(line -> line.get("cold_start").asBoolean())
        .containsExactly(true, false, false);
  }
}
