package dev.kindling.runtime.internal;

import com.amazonaws.services.lambda.runtime.Context;
import dev.kindling.runtime.logging.KindlingLogging;
import dev.kindling.runtime.logging.LambdaFields;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.MDC;

/**
 * Marks the start of an invocation for the structured log: every generated entry calls
 * {@link #begin} first, through its runtime helper.
 */
public final class LambdaInvocation {
  /** MDC key of the correlation id: the HTTP header, or the SQS message attribute, of the current request or record. */
  public static final String CORRELATION_ID = "correlation_id";

  /** The system property the runtime interface client sets to the X-Ray trace header of each invocation. */
  private static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";

  private static final AtomicBoolean FIRST = new AtomicBoolean(true);

  private LambdaInvocation() {}

  /**
   * Called at the start of each invocation, on the invoking thread. The MDC starts as it was before
   * the thread's first invocation ({@link KindlingLogging#beginInvocation}), which never holds
   * Kindling's correlation id: it is removed before that MDC is taken.
   */
  public static void begin(Context context) {
    boolean coldStart = FIRST.getAndSet(false);
    MDC.remove(CORRELATION_ID);
    KindlingLogging.beginInvocation(
        context == null
            ? new LambdaFields(coldStart, null, null, 0, null, null, xrayTraceId())
            : new LambdaFields(
                coldStart,
                context.getFunctionName(),
                context.getFunctionVersion(),
                context.getMemoryLimitInMB(),
                context.getInvokedFunctionArn(),
                context.getAwsRequestId(),
                xrayTraceId()));
  }

  /** The {@code Root} of the trace header, as Powertools logs it; {@code null} without tracing. */
  static String xrayTraceId() {
    String header = System.getProperty(TRACE_HEADER_PROPERTY);
    if (header == null) {
      header = System.getenv("_X_AMZN_TRACE_ID");
    }
    return header == null ? null : root(header);
  }

  static String root(String traceHeader) {
    for (String part : traceHeader.split(";")) {
      String trimmed = part.trim();
      if (trimmed.startsWith("Root=")) {
        return trimmed.substring("Root=".length());
      }
    }
    return null;
  }
}
