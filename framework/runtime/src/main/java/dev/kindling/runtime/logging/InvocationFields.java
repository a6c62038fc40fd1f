package dev.kindling.runtime.logging;

import org.slf4j.event.Level;

/**
 * The fields every line of one invocation carries, rendered to JSON when the first line needs
 * them (an invocation that logs nothing never renders them), and the level threshold chosen for
 * the invocation (lower when it is sampled for DEBUG).
 */
final class InvocationFields {
  private final String service;
  private final LambdaFields lambda;
  private final double sampleRate;
  private final int threshold;
  private volatile String json;

  private InvocationFields(String service, LambdaFields lambda, double sampleRate, int threshold) {
    this.service = service;
    this.lambda = lambda;
    this.sampleRate = sampleRate;
    this.threshold = threshold;
  }

  /** Before the first invocation (the init phase): only the service. */
  static InvocationFields init(LoggingSettings settings, String functionName) {
    return new InvocationFields(service(settings, functionName), null, 0, settings.threshold());
  }

  static InvocationFields of(LambdaFields lambda, LoggingSettings settings, boolean sampled) {
    int threshold = settings.threshold();
    if (sampled && threshold != LoggingSettings.OFF) {
      threshold = Math.min(threshold, Level.DEBUG.toInt());
    }
    return new InvocationFields(service(settings, lambda.functionName()), lambda, settings.sampleRate(), threshold);
  }

  /** As Powertools names it: the configured service, else the function, else {@code service_undefined}. */
  static String service(LoggingSettings settings, String functionName) {
    if (settings.service() != null) {
      return settings.service();
    }
    return functionName != null ? functionName : "service_undefined";
  }

  /** The {@code service} field. */
  String service() {
    return service;
  }

  /** Lowest level written during the invocation, as {@code Level.toInt()}. */
  int threshold() {
    return threshold;
  }

  /** {@code ,"service":...,"cold_start":...} ready to append after the message. */
  String json() {
    String rendered = json;
    if (rendered == null) {
      rendered = render();
      json = rendered;
    }
    return rendered;
  }

  private String render() {
    StringBuilder json = new StringBuilder(lambda == null ? 64 : 512);
    JsonText.appendName(json, "service");
    JsonText.appendString(json, service);
    if (lambda == null) {
      return json.toString();
    }
    JsonText.appendName(json, "cold_start");
    json.append(lambda.coldStart());
    text(json, "function_name", lambda.functionName());
    text(json, "function_version", lambda.functionVersion());
    if (lambda.memorySizeMb() > 0) {
      JsonText.appendName(json, "function_memory_size");
      json.append(lambda.memorySizeMb());
    }
    text(json, "function_arn", lambda.functionArn());
    text(json, "function_request_id", lambda.requestId());
    text(json, "xray_trace_id", lambda.xrayTraceId());
    if (sampleRate > 0) {
      JsonText.appendName(json, "sampling_rate");
      json.append(sampleRate);
    }
    return json.toString();
  }

  private static void text(StringBuilder json, String name, String value) {
    if (value != null) {
      JsonText.appendName(json, name);
      JsonText.appendString(json, value);
    }
  }
}
