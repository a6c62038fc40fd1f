package dev.kindling.runtime.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.event.Level;

/**
 * The logging configuration, read once from the environment. Where Kindling and Powertools both
 * name a setting, the Kindling variable wins, so a function moved from Powertools keeps its
 * configuration.
 *
 * @param threshold lowest level written, as {@link Level#toInt()}; {@link #OFF} writes nothing
 * @param service the {@code service} field, or {@code null} for the function name
 * @param sampleRate share of invocations, 0 to 1, logged at DEBUG whatever the threshold
 * @param redactedFields field names whose values are never written, lower-case
 * @param logEvent whether the incoming event is logged (redacted) at the start of an invocation
 * @param correlationHeader lower-case HTTP header carrying the correlation id
 * @param correlationAttribute SQS message attribute carrying the correlation id
 * @param metricsNamespace CloudWatch namespace of the batch metrics, or {@code null} for none
 * @param problems what was wrong with the environment, logged once at start
 */
public record LoggingSettings(
    int threshold,
    String service,
    double sampleRate,
    Set<String> redactedFields,
    boolean logEvent,
    String correlationHeader,
    String correlationAttribute,
    String metricsNamespace,
    List<String> problems) {

  /** Threshold that writes nothing. */
  public static final int OFF = Integer.MAX_VALUE;

  public static final String DEFAULT_CORRELATION_HEADER = "x-correlation-id";
  public static final String DEFAULT_CORRELATION_ATTRIBUTE = "correlation_id";

  public LoggingSettings {
    redactedFields = Set.copyOf(redactedFields);
    problems = List.copyOf(problems);
  }

  /** Reads the settings from {@code env}, such as {@code System::getenv}. */
  public static LoggingSettings fromEnvironment(Function<String, String> env) {
    List<String> problems = new ArrayList<>();
    return new LoggingSettings(
        threshold(env, problems),
        first(env, "KINDLING_SERVICE_NAME", "POWERTOOLS_SERVICE_NAME"),
        sampleRate(env, problems),
        redacted(first(env, "KINDLING_LOG_REDACT")),
        Boolean.parseBoolean(first(env, "KINDLING_LOG_EVENT", "POWERTOOLS_LOGGER_LOG_EVENT")),
        orDefault(first(env, "KINDLING_CORRELATION_HEADER"), DEFAULT_CORRELATION_HEADER).toLowerCase(Locale.ROOT),
        orDefault(first(env, "KINDLING_CORRELATION_ATTRIBUTE"), DEFAULT_CORRELATION_ATTRIBUTE),
        first(env, "KINDLING_METRICS_NAMESPACE", "POWERTOOLS_METRICS_NAMESPACE"),
        problems);
  }

  /** Whether {@code fieldName} is configured for redaction. */
  public boolean redacts(String fieldName) {
    return !redactedFields.isEmpty() && redactedFields.contains(fieldName.toLowerCase(Locale.ROOT));
  }

  private static int threshold(Function<String, String> env, List<String> problems) {
    for (String variable : List.of("KINDLING_LOG_LEVEL", "POWERTOOLS_LOG_LEVEL", "AWS_LAMBDA_LOG_LEVEL")) {
      String value = first(env, variable);
      if (value != null) {
        Integer threshold = parseLevel(value);
        if (threshold != null) {
          return threshold;
        }
        problems.add(variable + "=" + value + " is not a log level (TRACE, DEBUG, INFO, WARN, ERROR, OFF); using INFO");
        return Level.INFO.toInt();
      }
    }
    return Level.INFO.toInt();
  }

  /** The threshold for a level name, accepting the spellings of Lambda and Powertools; null if unknown. */
  static Integer parseLevel(String name) {
    return switch (name.trim().toUpperCase(Locale.ROOT)) {
      case "TRACE", "ALL" -> Level.TRACE.toInt();
      case "DEBUG" -> Level.DEBUG.toInt();
      case "INFO" -> Level.INFO.toInt();
      case "WARN", "WARNING" -> Level.WARN.toInt();
      case "ERROR", "FATAL", "CRITICAL" -> Level.ERROR.toInt();
      case "OFF" -> OFF;
      default -> null;
    };
  }

  private static double sampleRate(Function<String, String> env, List<String> problems) {
    String value = first(env, "KINDLING_LOG_SAMPLE_RATE", "POWERTOOLS_LOGGER_SAMPLE_RATE");
    if (value == null) {
      return 0;
    }
    try {
      double rate = Double.parseDouble(value.trim());
      if (rate >= 0 && rate <= 1) {
        return rate;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add("The log sample rate " + value + " is not a number from 0 to 1; sampling is off");
    return 0;
  }

  private static Set<String> redacted(String names) {
    Set<String> fields = new TreeSet<>();
    if (names != null) {
      for (String name : names.split(",")) {
        if (!name.isBlank()) {
          fields.add(name.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    return fields;
  }

  private static String first(Function<String, String> env, String... variables) {
    for (String variable : variables) {
      String value = env.apply(variable);
      if (value != null && !value.isBlank()) {
        return value.trim();
      }
    }
    return null;
  }

  private static String orDefault(String value, String fallback) {
    return value != null ? value : fallback;
  }
}
