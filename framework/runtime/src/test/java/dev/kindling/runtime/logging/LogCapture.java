package dev.kindling.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Captures the log lines written while it is open, with settings read from a given environment,
 * and parses every line as one JSON object (failing the test on any other line).
 */
public final class LogCapture implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final LoggingSettings previousSettings;
  private final OutputStream previousOutput;

  private LogCapture(Map<String, String> environment) {
    previousSettings = KindlingLogging.useSettings(LoggingSettings.fromEnvironment(environment::get));
    previousOutput = KindlingLogging.redirectOutput(bytes);
  }

  /** Default settings, as with no logging variables set. */
  public static LogCapture start() {
    return new LogCapture(Map.of());
  }

  /** Settings read from {@code environment} instead of the process environment. */
  public static LogCapture withEnvironment(Map<String, String> environment) {
    return new LogCapture(environment);
  }

  public String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Every line, each parsed as a JSON object. */
  public List<JsonNode> lines() {
    String text = text();
    assertThat(text).as("log output ends with a line break").satisfiesAnyOf(t -> assertThat(t).isEmpty(), t -> assertThat(t).endsWith("\n"));
    List<JsonNode> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(line);
        if (node == null || !node.isObject()) {
          fail("Log line is not a JSON object: " + line);
        }
        lines.add(node);
      } catch (JsonProcessingException e) {
        fail("Log line is not valid JSON: " + line, e);
      }
    }
    return lines;
  }

  /** The log lines (not EMF documents) whose message is {@code message}. */
  public List<JsonNode> withMessage(String message) {
    return lines().stream().filter(line -> message.equals(line.path("message").asText(null))).toList();
  }

  @Override
  public void close() {
    KindlingLogging.redirectOutput(previousOutput);
    KindlingLogging.useSettings(previousSettings);
  }
}
