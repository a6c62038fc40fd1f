package dev.kindling.runtime.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * Writes each event as one JSON line: timestamp, level, message, logger, the invocation's fields,
 * then the MDC, the event's key-value pairs ({@code LOG.atInfo().addKeyValue(...)}) and the error.
 * MDC entries and key-value pairs never replace a standard field; a key-value pair replaces an
 * MDC entry of the same name. Redaction applies to MDC entries and key-value pairs by name (see
 * {@link JsonText#appendValue}); the message is the application's text, formatted as SLF4J does.
 */
final class JsonLogger extends AbstractLogger implements LoggingEventAware {
  private static final long serialVersionUID = 1L;

  private static final Set<String> STANDARD_FIELDS =
      Set.of(
          "timestamp", "level", "message", "logger", "service", "cold_start", "function_name",
          "function_version", "function_memory_size", "function_arn", "function_request_id",
          "xray_trace_id", "sampling_rate", "error");

  JsonLogger(String name) {
    this.name = name;
  }

  private static boolean enabled(Level level) {
    return level.toInt() >= KindlingLogging.current().threshold();
  }

  @Override
  public boolean isTraceEnabled() {
    return enabled(Level.TRACE);
  }

  @Override
  public boolean isTraceEnabled(Marker marker) {
    return enabled(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return enabled(Level.DEBUG);
  }

  @Override
  public boolean isDebugEnabled(Marker marker) {
    return enabled(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return enabled(Level.INFO);
  }

  @Override
  public boolean isInfoEnabled(Marker marker) {
    return enabled(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return enabled(Level.WARN);
  }

  @Override
  public boolean isWarnEnabled(Marker marker) {
    return enabled(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return enabled(Level.ERROR);
  }

  @Override
  public boolean isErrorEnabled(Marker marker) {
    return enabled(Level.ERROR);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String messagePattern, Object[] arguments, Throwable throwable) {
    write(level, messagePattern, arguments, throwable, null);
  }

  /** The fluent API's events, which carry key-value pairs. */
  @Override
  public void log(LoggingEvent event) {
    if (!enabled(event.getLevel())) {
      return;
    }
    Object[] arguments = event.getArgumentArray();
    Throwable throwable = event.getThrowable();
    if (throwable == null) {
      throwable = MessageFormatter.getThrowableCandidate(arguments);
      if (throwable != null) {
        arguments = MessageFormatter.trimmedCopy(arguments);
      }
    }
    write(event.getLevel(), event.getMessage(), arguments, throwable, event.getKeyValuePairs());
  }

  private void write(Level level, String pattern, Object[] arguments, Throwable throwable, List<KeyValuePair> pairs) {
    LoggingSettings settings = KindlingLogging.settings();
    StringBuilder line;
    try {
      line = line(level, format(pattern, arguments), throwable, pairs, settings);
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      // A value that fails while it is written (a map changed by another thread, a toString() that
      // recurses) must not take the application down with it.
      line = line(level, pattern, e, null, settings);
    }
    KindlingLogging.writeLine(line);
  }

  /** The message as SLF4J formats it: each {@code {}} replaced by its argument's {@code toString()}. */
  private static String format(String pattern, Object[] arguments) {
    return arguments == null || arguments.length == 0 ? pattern : MessageFormatter.basicArrayFormat(pattern, arguments);
  }

  private StringBuilder line(
      Level level, String message, Throwable throwable, List<KeyValuePair> pairs, LoggingSettings settings) {
    StringBuilder line = new StringBuilder(512 + (message == null ? 0 : message.length()));
    line.append("{\"timestamp\":\"");
    Timestamps.append(line, System.currentTimeMillis());
    line.append("\",\"level\":\"").append(level.name()).append('"');
    JsonText.appendName(line, "message");
    JsonText.appendString(line, message);
    JsonText.appendName(line, "logger");
    JsonText.appendString(line, name);
    line.append(KindlingLogging.current().json());
    Map<String, String> mdc = ThreadMdcAdapter.current();
    if (mdc != null) {
      for (Map.Entry<String, String> entry : mdc.entrySet()) {
        String key = entry.getKey();
        if (!STANDARD_FIELDS.contains(key) && !has(pairs, key)) {
          JsonText.appendName(line, key);
          JsonText.appendString(line, settings.redacts(key) ? JsonText.REDACTED : entry.getValue());
        }
      }
    }
    if (pairs != null) {
      for (KeyValuePair pair : pairs) {
        if (pair.key != null && !STANDARD_FIELDS.contains(pair.key)) {
          JsonText.appendName(line, pair.key);
          if (settings.redacts(pair.key)) {
            JsonText.appendString(line, JsonText.REDACTED);
          } else {
            JsonText.appendValue(line, pair.value, settings);
          }
        }
      }
    }
    if (throwable != null) {
      line.append(",\"error\":{\"type\":");
      JsonText.appendString(line, throwable.getClass().getName());
      JsonText.appendName(line, "message");
      JsonText.appendString(line, throwable.getMessage());
      JsonText.appendName(line, "stack");
      JsonText.appendString(line, stackTrace(throwable));
      line.append('}');
    }
    return line.append("}\n");
  }

  private static boolean has(List<KeyValuePair> pairs, String key) {
    if (pairs != null) {
      for (KeyValuePair pair : pairs) {
        if (key.equals(pair.key)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String stackTrace(Throwable throwable) {
    StringWriter text = new StringWriter(1024);
    try (PrintWriter out = new PrintWriter(text)) {
      throwable.printStackTrace(out);
    }
    return text.toString().stripTrailing();
  }
}
