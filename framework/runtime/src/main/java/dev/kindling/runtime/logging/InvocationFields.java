package dev.kindling.runtime.logging;

import org.slf4j.event.Level;

/**
 * The fields every line of one invocation carries, rendered to JSON once when the invocation
 * begins, and the level threshold chosen for it (lower when the invocation is sampled for DEBUG).
 *
 * @param service the {@code service} field
 * @param json {@code ,"service":...,"cold_start":...} ready to append after the message
 * @param threshold lowest level written during the invocation, as {@code Level.toInt()}
 */
record InvocationFields(String service, String json, int threshold) {

  /** Before the first invocation (the init phase): only the service. */
  static InvocationFields init(LoggingSettings settings, String functionName) {
    StringBuilder json = new StringBuilder(64);
    String service = service(settings, functionName);
    appendService(json, service);
    return new InvocationFields(service, json.toString(), settings.threshold());
  }

  static InvocationFields of(LambdaFields lambda, LoggingSettings settings, boolean sampled) {
    StringBuilder json = new StringBuilder(512);
    String service = service(settings, lambda.functionName());
    appendService(json, service);
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
    if (settings.sampleRate() > 0) {
      JsonText.appendName(json, "sampling_rate");
      json.append(settings.sampleRate());
    }
    int threshold = settings.threshold();
    if (sampled && threshold != LoggingSettings.OFF) {
      threshold = Math.min(threshold, Level.DEBUG.toInt());
    }
    return new InvocationFields(service, json.toString(), threshold);
  }

  /** As Powertools names it: the configured service, else the function, else {@code service_undefined}. */
  static String service(LoggingSettings settings, String functionName) {
    if (settings.service() != null) {
      return settings.service();
    }
    return functionName != null ? functionName : "service_undefined";
  }

  private static void appendService(StringBuilder json, String service) {
    JsonText.appendName(json, "service");
    JsonText.appendString(json, service);
  }

  private static void text(StringBuilder json, String name, String value) {
    if (value != null) {
      JsonText.appendName(json, name);
      JsonText.appendString(json, value);
    }
  }
}
