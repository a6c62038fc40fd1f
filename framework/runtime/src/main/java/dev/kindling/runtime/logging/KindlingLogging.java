package dev.kindling.runtime.logging;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The state behind Kindling's log lines: the settings, the fields of the invocation in progress,
 * and stdout. Generated entries reach it through {@code LambdaInvocation.begin}; tests swap the
 * settings and the output stream here.
 *
 * <p>An invocation's fields belong to the thread that began it (the runtime client may run
 * invocations on several threads) and are carried to batch workers with {@link #carryingContext};
 * any other thread sees those of the latest invocation, which is right whenever the environment
 * runs one invocation at a time, as Lambda does by default.
 */
public final class KindlingLogging {
  private static final ThreadLocal<InvocationFields> INVOCATION = new ThreadLocal<>();
  /** The MDC every invocation of a thread starts from: the thread's MDC before its first invocation ({@link #EMPTY_MDC} when empty). */
  private static final ThreadLocal<MdcSnapshot> MDC_BEFORE_FIRST_INVOCATION = new ThreadLocal<>();
  private static final MdcSnapshot EMPTY_MDC = new MdcSnapshot(null, null);

  private static volatile LoggingSettings settings = LoggingSettings.fromEnvironment(System::getenv);
  private static volatile InvocationFields latest;
  private static volatile InvocationFields beforeFirstInvocation;
  private static volatile OutputStream redirected;

  private KindlingLogging() {}

  public static LoggingSettings settings() {
    return settings;
  }

  /** For tests: logs with {@code replacement} from now on; returns the settings it replaced. */
  public static LoggingSettings useSettings(LoggingSettings replacement) {
    LoggingSettings previous = settings;
    settings = replacement;
    beforeFirstInvocation = null;
    latest = null;
    INVOCATION.remove();
    MDC_BEFORE_FIRST_INVOCATION.remove();
    return previous;
  }

  /**
   * For tests: writes log lines to {@code output} instead of stdout ({@code null} goes back to
   * stdout); returns the stream it replaced, {@code null} for stdout.
   */
  public static OutputStream redirectOutput(OutputStream output) {
    OutputStream previous = redirected;
    redirected = output;
    return previous;
  }

  /** Whether SLF4J logs through Kindling's provider, rather than a backend chosen with {@code slf4j.provider}. */
  public static boolean isProviderActive() {
    return Backend.KINDLING;
  }

  /**
   * Starts the log context of an invocation on this thread: the fields of every line until the
   * next invocation, and whether this one is sampled for DEBUG. The MDC is put back as it was
   * before the thread's first invocation (what the init phase put there), so nothing an earlier
   * invocation added, changed or removed reaches this one. With another SLF4J backend the fields
   * go into the MDC, where that backend's JSON encoder finds them.
   */
  public static void beginInvocation(LambdaFields lambda) {
    MdcSnapshot initial = MDC_BEFORE_FIRST_INVOCATION.get();
    if (initial == null) {
      MdcSnapshot now = mdcSnapshot();
      MDC_BEFORE_FIRST_INVOCATION.set(now == null ? EMPTY_MDC : now);
    } else {
      restoreMdc(initial);
    }
    LoggingSettings current = settings;
    boolean sampled = current.sampleRate() > 0 && ThreadLocalRandom.current().nextDouble() < current.sampleRate();
    InvocationFields fields = InvocationFields.of(lambda, current, sampled);
    INVOCATION.set(fields);
    latest = fields;
    if (!Backend.KINDLING) {
      putInMdc(lambda, current);
    }
    if (sampled) {
      LoggerFactory.getLogger(KindlingLogging.class)
          .debug("Log level DEBUG for this invocation, sampled at rate {}", current.sampleRate());
    }
  }

  /**
   * Wraps {@code task} so that it runs with this thread's MDC and invocation fields, and leaves
   * the thread it runs on as it found it (clean).
   */
  public static Runnable carryingContext(Runnable task) {
    MdcSnapshot mdc = mdcSnapshot();
    InvocationFields fields = INVOCATION.get();
    return () -> {
      restoreMdc(mdc);
      INVOCATION.set(fields);
      try {
        task.run();
      } finally {
        INVOCATION.remove();
        MDC.clear();
      }
    };
  }

  /**
   * What a thread's MDC held: its entries and, with Kindling's provider, its
   * {@code MDC.pushByKey} stacks ({@code null} where there were none).
   */
  public record MdcSnapshot(Map<String, String> entries, Map<String, Deque<String>> stacks) {}

  /**
   * This thread's MDC as it is now, for {@link #restoreMdc}; {@code null} when it is empty. With
   * Kindling's provider an empty MDC costs no copy; with another backend this is its
   * {@code MDC.getCopyOfContextMap()} (its stacks are that backend's own).
   */
  public static MdcSnapshot mdcSnapshot() {
    if (Backend.KINDLING) {
      return ThreadMdcAdapter.snapshot();
    }
    Map<String, String> copy = MDC.getCopyOfContextMap();
    return copy == null || copy.isEmpty() ? null : new MdcSnapshot(copy, null);
  }

  /**
   * Puts this thread's MDC back to {@code snapshot} from {@link #mdcSnapshot}: entries and stacks
   * added since are gone, and entries removed or overwritten since are back. The snapshot is not
   * changed and can be restored again.
   */
  public static void restoreMdc(MdcSnapshot snapshot) {
    if (Backend.KINDLING) {
      ThreadMdcAdapter.restore(snapshot);
    } else if (snapshot == null || snapshot.entries() == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(snapshot.entries());
    }
  }

  /** The {@code service} field of this thread's lines. */
  public static String service() {
    return current().service();
  }

  /** Writes {@code json}, one JSON object such as a CloudWatch EMF document, as a line of its own. */
  public static void writeJsonLine(String json) {
    writeLine(new StringBuilder(json.length() + 1).append(json).append('\n'));
  }

  static InvocationFields current() {
    InvocationFields fields = INVOCATION.get();
    if (fields != null) {
      return fields;
    }
    fields = latest;
    if (fields != null) {
      return fields;
    }
    fields = beforeFirstInvocation;
    if (fields == null) {
      fields = InvocationFields.init(settings, System.getenv("AWS_LAMBDA_FUNCTION_NAME"));
      beforeFirstInvocation = fields;
    }
    return fields;
  }

  /**
   * One write and one flush per line, under the stream's lock (the one {@link PrintStream} takes
   * too), so lines of parallel workers never interleave. Stdout is looked up on each line: the
   * runtime client replaces {@code System.out} before the handler is loaded.
   */
  static void writeLine(CharSequence line) {
    byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
    OutputStream output = redirected != null ? redirected : System.out;
    synchronized (output) {
      try {
        output.write(bytes, 0, bytes.length);
        output.flush();
      } catch (IOException e) {
        // Nowhere left to report it; PrintStream, the usual target, never throws.
      }
    }
  }

  private static void putInMdc(LambdaFields lambda, LoggingSettings current) {
    MDC.put("service", InvocationFields.service(current, lambda.functionName()));
    MDC.put("cold_start", Boolean.toString(lambda.coldStart()));
    putIfPresent("function_name", lambda.functionName());
    putIfPresent("function_version", lambda.functionVersion());
    putIfPresent("function_memory_size", lambda.memorySizeMb() > 0 ? Integer.toString(lambda.memorySizeMb()) : null);
    putIfPresent("function_arn", lambda.functionArn());
    putIfPresent("function_request_id", lambda.requestId());
    putIfPresent("xray_trace_id", lambda.xrayTraceId());
  }

  private static void putIfPresent(String key, String value) {
    if (value != null) {
      MDC.put(key, value);
    } else {
      MDC.remove(key);
    }
  }

  /** Which backend SLF4J bound, decided on first use. */
  private static final class Backend {
    static final boolean KINDLING = LoggerFactory.getILoggerFactory() instanceof JsonLoggerFactory;
  }
}
